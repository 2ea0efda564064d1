#!/usr/bin/env python3
"""Writes data/files/collection_dashboard.json, the manager dashboard (Odoo spreadsheet).

Edit this script, not the JSON: `python3 scripts/gen_dashboard.py`. The dashboard reads
three report models with the user's rights (a collector sees their projects only):

- this month's collection rate, year-to-date rate and arrears rate against the targets, per
  project (pivot on property.collection.target.report, rows = projects);
- the arrears trend: unpaid at each month end over the last twelve months, per project (line
  chart on the same model);
- the ten buildings with the most overdue (pivot on property.arrears.aging.building.report).
"""

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "files" / "collection_dashboard.json"
SHEET = "property-collection-dashboard"
PROJECT_FILTER = "8d0c3f5e-6a53-4b8e-9a4f-2f7c1e9b0a11"
CHART = "5c6a1d52-3b7e-4e0f-8f3e-1a9d6b2c7e40"
TARGETS = "property.collection.target.report"
AGING = "property.arrears.aging.building.report"
PIVOT_ROWS = 100  # projects listed (the pivot spills down from row 18)


def view_link(label, model, view_type, domain, context, name):
    action = {
        "viewType": view_type,
        "action": {
            "domain": domain,
            "context": context,
            "modelName": model,
            "views": [[False, "list"], [False, "pivot"], [False, "graph"], [False, "search"]],
        },
        "threshold": 0,
        "name": name,
    }
    return f"[{label}](odoo://view/{json.dumps(action, separators=(',', ':'))})"


def matching():
    return {PROJECT_FILTER: {"chain": "project_id", "type": "many2one"}}


CURRENT = [["is_current_month", "=", True]]
LAST_12 = [["months_ago", ">=", 0], ["months_ago", "<", 12]]
OVERDUE = [["bucket", "!=", "not_due"], ["is_late_fee", "=", False]]


def pivots():
    return {
        "1": {
            "type": "ODOO",
            "id": "1",
            "formulaId": "1",
            "name": "",
            "model": TARGETS,
            "domain": CURRENT,
            "context": {},
            "rows": [{"fieldName": "project_id"}],
            "columns": [],
            "measures": [
                {"id": f"{name}:avg", "fieldName": name, "aggregator": "avg"}
                for name in (
                    "collection_rate",
                    "collection_target",
                    "ytd_rate",
                    "arrears_rate",
                    "arrears_target",
                )
            ],
            "sortedColumn": None,
            "fieldMatching": matching(),
        },
        "2": {
            "type": "ODOO",
            "id": "2",
            "formulaId": "2",
            "name": "",
            "model": AGING,
            "domain": OVERDUE,
            "context": {},
            "rows": [{"fieldName": "building_id"}],
            "columns": [],
            "measures": [{"id": "overdue:sum", "fieldName": "overdue", "aggregator": "sum"}],
            "sortedColumn": {"measure": "overdue:sum", "order": "desc", "domain": []},
            "fieldMatching": matching(),
        },
    }


def cells():
    return {
        "A1": view_link(
            "Arrears trend, last 12 months",
            TARGETS,
            "graph",
            LAST_12,
            {"group_by": ["period:month"], "graph_measure": "arrears_end", "graph_mode": "line"},
            "Rates against Targets",
        ),
        "F1": view_link(
            "Top overdue buildings",
            AGING,
            "pivot",
            OVERDUE,
            {
                "group_by": ["building_id"],
                "pivot_measures": ["overdue"],
                "pivot_row_groupby": ["building_id"],
                "pivot_column_groupby": ["bucket"],
            },
            "Arrears Aging",
        ),
        "F2": "=PIVOT(2, 10, FALSE, FALSE)",
        "A17": view_link(
            "Collection rate against target, this month",
            TARGETS,
            "list",
            CURRENT,
            {},
            "Rates against Targets",
        ),
        "A18": f"=PIVOT(1, {PIVOT_ROWS}, FALSE, FALSE)",
    }


def chart():
    return {
        "id": CHART,
        "tag": "chart",
        "col": 0,
        "row": 1,
        "offset": {"x": 0, "y": 4},
        "width": 560,
        "height": 330,
        "data": {
            "type": "odoo_line",
            "title": {"text": "Unpaid at month end"},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "metaData": {
                "groupBy": ["period:month", "project_id"],
                "measure": "arrears_end",
                "order": None,
                "resModel": TARGETS,
                "mode": "line",
                "cumulatedStart": False,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": LAST_12,
                "groupBy": ["period:month", "project_id"],
                "orderBy": [],
            },
            "dataSets": [{}],
            "verticalAxisPosition": "left",
            "stacked": False,
            "cumulatedStart": False,
            "fillArea": False,
            "chartId": CHART,
            "fieldMatching": matching(),
        },
    }


def spreadsheet():
    link_style = {"textColor": "#01666b", "bold": True, "fontSize": 16}
    header_style = {"textColor": "#434343", "bold": True, "fontSize": 11}
    return {
        "version": "18.5.10",
        "sheets": [
            {
                "id": SHEET,
                "name": "Dashboard",
                "colNumber": 9,
                "rowNumber": 18 + PIVOT_ROWS + 2,
                "rows": {"0": {"size": 40}, "16": {"size": 40}},
                "cols": {
                    "0": {"size": 190},
                    "1": {"size": 140},
                    "2": {"size": 110},
                    "3": {"size": 130},
                    "4": {"size": 130},
                    "5": {"size": 190},
                    "6": {"size": 120},
                    "7": {"size": 100},
                    "8": {"size": 40},
                },
                "merges": [],
                "cells": cells(),
                "styles": {"A1": 1, "F1": 1, "A17": 1, "F2:H2": 2, "A18:F18": 2},
                "formats": {},
                "borders": {},
                "conditionalFormats": [],
                "dataValidationRules": [],
                "figures": [chart()],
                "tables": [],
                "areGridLinesVisible": False,
                "isVisible": True,
                "headerGroups": {"ROW": [], "COL": []},
                "comments": {},
            }
        ],
        "styles": {"1": link_style, "2": header_style},
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots(),
        "pivotNextId": 3,
        "customTableStyles": {},
        "globalFilters": [
            {
                "id": PROJECT_FILTER,
                "type": "relation",
                "label": "Project",
                "modelName": "property.project",
                "defaultValueDisplayNames": [],
            }
        ],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {
            CHART: "property_fee_collection.property_collection_target_report_menu"
        },
    }


if __name__ == "__main__":
    OUT.write_text(json.dumps(spreadsheet(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")

import json

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from .common_reports import ReportCommon

DASHBOARD = "property_fee_collection/data/files/collection_dashboard.json"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-20")
class TestDashboardData(ReportCommon):
    """Every data source of the spreadsheet dashboard answers the request the spreadsheet
    makes, with the user's rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open(DASHBOARD) as f:
            cls.spreadsheet = json.load(f)
        cls.env["property.collection.target"].create({"project_id": cls.project.id, "year": 2026})

    def _pivot(self, pivot, user):
        model = self.env[pivot["model"]].with_user(user)
        rows = [row["fieldName"] for row in pivot["rows"]]
        measures = [f"{m['fieldName']}:{m['aggregator']}" for m in pivot["measures"]]
        for measure in pivot["measures"]:
            self.assertIn(measure["fieldName"], model._fields)
        return model.formatted_read_grouping_sets(pivot["domain"], [[], rows], measures)

    def test_record_and_action(self):
        dashboard = self.env.ref("property_fee_collection.property_collection_dashboard")
        self.assertTrue(dashboard.is_published)
        self.assertEqual(json.loads(dashboard.spreadsheet_data)["pivots"].keys(), {"1", "2"})
        action = self.env.ref("property_fee_collection.property_collection_dashboard_action")
        self.assertEqual(action.params, {"dashboard_id": dashboard.id})

    def test_rates_against_targets_this_month(self):
        _total, projects = self._pivot(self.spreadsheet["pivots"]["1"], self.finance)
        row = next(p for p in projects if p["project_id"][0] == self.project.id)
        self.assertEqual(row["collection_rate:avg"], 0.0)  # March: 300 billed, none paid
        self.assertEqual(row["ytd_rate:avg"], 56.99)
        self.assertEqual(row["collection_target:avg"], 95.0)
        self.assertEqual(row["arrears_rate:avg"], 43.28)
        _total, mine = self._pivot(self.spreadsheet["pivots"]["1"], self.collector)
        self.assertEqual([p["project_id"][0] for p in mine], [self.project.id])

    def test_top_overdue_buildings(self):
        total, buildings = self._pivot(self.spreadsheet["pivots"]["2"], self.finance)
        overdue = {b["building_id"][0]: b["overdue:sum"] for b in buildings}
        self.assertEqual(overdue, {self.building.id: 730.0, self.building_b.id: 999.0})
        self.assertEqual(total[0]["overdue:sum"], 1729.0)
        _total, mine = self._pivot(self.spreadsheet["pivots"]["2"], self.collector)
        self.assertEqual([b["building_id"][0] for b in mine], [self.building.id])

    def test_arrears_trend_chart(self):
        chart = self.spreadsheet["sheets"][0]["figures"][0]["data"]
        model = self.env[chart["metaData"]["resModel"]].with_user(self.finance)
        groups = model.formatted_read_group(
            chart["searchParams"]["domain"],
            chart["metaData"]["groupBy"],
            [f"{chart['metaData']['measure']}:sum"],
        )
        trend = {(g["period:month"][0], g["project_id"][0]): g["arrears_end:sum"] for g in groups}
        self.assertEqual(trend["2026-01-01", self.project.id], 500.0)
        self.assertEqual(trend["2026-03-01", self.project.id], 1030.0)


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_dashboard_opens(self):
        project = self.env["property.project"].create({"name": "Tour Estate", "code": "TOUR"})
        self.env["property.collection.target"].create({"project_id": project.id})
        self.start_tour("/odoo", "property_fee_collection_dashboard_tour", login="admin")

import base64
import io
from collections import defaultdict
from datetime import timedelta

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import reports

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
# dunning pauses that keep a payer off a public notice (a legal case does not)
NOTICE_EXCLUDED_PAUSES = ("promise", "hardship", "dispute", "excluded")
NOTICE_DAYS = 7  # 公示期一周 (seed 003: anonymous notice, one week)


class PropertyArrearsList(models.TransientModel):
    """欠费清单 per building (PDF and XLSX: unit, payer, phone, months owed, principal, late
    fees) and 欠费公示, its public version (unit codes, months and amounts only), both read
    from the receivable ledger as of a day.

    Nothing public is produced by the system on its own: the notice is printed by a manager,
    on request, and is not stored.
    """

    _name = "property.arrears.list"
    _description = "Arrears List"
    _rec_name = "project_id"

    project_id = fields.Many2one("property.project", string="Project", required=True)
    company_id = fields.Many2one(related="project_id.company_id")
    currency_id = fields.Many2one(related="project_id.currency_id")
    building_ids = fields.Many2many(
        "property.building",
        string="Buildings",
        domain="[('project_id', '=', project_id)]",
        help="Empty: every building of the project.",
    )
    date = fields.Date(string="As of", required=True, default=fields.Date.context_today)
    min_overdue_days = fields.Integer(
        string="Overdue for at Least (days)", default=0, help="Days since the oldest due date."
    )
    min_amount = fields.Monetary(string="Owing at Least", default=0.0)
    include_late_fees = fields.Boolean(default=True)
    exclude_paused = fields.Boolean(
        string="Leave Out Paused Payers",
        default=True,
        help="Payers whose dunning is paused for a promise to pay, hardship, a payment "
        "dispute or a manual exclusion are not listed.",
    )
    notice_days = fields.Integer(
        string="Notice Period (days)",
        default=NOTICE_DAYS,
        help="How long the public notice stays posted (seed 003: one week).",
    )
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    @api.model
    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        if self.env.context.get("active_model") == "property.building":
            buildings = self.env["property.building"].browse(
                self.env.context.get("active_ids") or []
            )
            if buildings:
                vals.setdefault("project_id", buildings[0].project_id.id)
                vals.setdefault("building_ids", [fields.Command.set(buildings.ids)])
        return vals

    @api.constrains("min_overdue_days", "min_amount", "notice_days")
    def _check_limits(self):
        for wizard in self:
            if wizard.min_overdue_days < 0 or wizard.min_amount < 0 or wizard.notice_days < 1:
                raise ValidationError(
                    self.env._(
                        "The minimum days and amount cannot be negative, and the notice "
                        "period is at least one day."
                    )
                )

    # === Actions ===
    def action_print_list(self):
        self.ensure_one()
        return self.env.ref("property_fee_collection.property_arrears_list_report").report_action(
            self
        )

    def action_print_notice(self):
        self.ensure_one()
        self._check_notice_access()
        return self.env.ref("property_fee_collection.property_arrears_notice_report").report_action(
            self
        )

    def action_export_xlsx(self):
        self.ensure_one()
        self.write(
            {
                "xlsx_file": base64.b64encode(self._xlsx_content()),
                "xlsx_filename": self.env._(
                    "Arrears List %(project)s %(date)s.xlsx",
                    project=self.project_id.name,
                    date=self.date,
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=xlsx_file"
            "&filename_field=xlsx_filename&download=true",
            "target": "download",
        }

    # === The list (what the PDF, the XLSX and the notice print) ===
    def _buildings(self):
        self.ensure_one()
        buildings = self.building_ids or self.env["property.building"].search(
            [("project_id", "=", self.project_id.id)]
        )
        if buildings.project_id != self.project_id:
            raise UserError(self.env._("Choose buildings of the project %s.", self.project_id.name))
        return buildings

    def _sections(self):
        """Per building: ``{building, rows, principal, late_fee, total}``; rows per unit and
        payer: ``{unit, partner, months (text), month_count, principal, late_fee, total,
        oldest_due, days}``, ordered like the units (floor, code)."""
        self.ensure_one()
        self.project_id.check_access("read")
        buildings = self._buildings()
        items = self._unpaid_items(buildings)
        paused = self._paused_partners() if self.exclude_paused else set()
        groups = defaultdict(list)
        for item in items:
            if item["partner_id"] in paused:
                continue
            if item["is_late_fee"] and not self.include_late_fees:
                continue
            groups[item["building_id"], item["unit_id"], item["partner_id"]].append(item)
        units = self.env["property.unit"].browse({key[1] for key in groups if key[1]})
        unit_order = {unit.id: index for index, unit in enumerate(units.sorted())}
        rows_by_building = defaultdict(list)
        for (building_id, unit_id, partner_id), unit_items in groups.items():
            row = self._row(unit_items)
            if row["total"] < self.min_amount or row["days"] < self.min_overdue_days:
                continue
            row.update(
                unit=self.env["property.unit"].browse(unit_id),
                partner=self.env["res.partner"].browse(partner_id),
                order=unit_order.get(unit_id, -1),
            )
            rows_by_building[building_id].append(row)
        sections = []
        for building in buildings.sorted():
            rows = sorted(
                rows_by_building.get(building.id, []),
                key=lambda r: (r["order"], r["unit"].name or "", r["partner"].id),
            )
            sections.append(
                {
                    "building": building,
                    "rows": rows,
                    "principal": sum(r["principal"] for r in rows),
                    "late_fee": sum(r["late_fee"] for r in rows),
                    "total": sum(r["total"] for r in rows),
                }
            )
        return sections

    def _row(self, items):
        principal = [i for i in items if not i["is_late_fee"]]
        oldest = min(i["due_date"] for i in items)
        months = [i["period"] for i in principal]
        row = {
            "months": reports.format_months(months),
            "month_count": len({(m.year, m.month) for m in months}),
            "principal": round(sum(i["residual"] for i in principal), 2),
            "late_fee": round(sum(i["residual"] for i in items if i["is_late_fee"]), 2),
            "oldest_due": oldest,
            "days": (self.date - oldest).days,
        }
        row["total"] = round(row["principal"] + row["late_fee"], 2)
        return row

    def _unpaid_items(self, buildings):
        """Ledger items of the buildings that were due before ``date`` and unpaid at its end
        (billed by then, minus what reached them by then). Read with the user's rights."""
        candidates = self.env["property.receivable"].search(
            [
                ("building_id", "in", buildings.ids),
                ("due_date", "<", self.date),
                ("state", "!=", "reversed"),
            ]
        )
        if not candidates:
            return []
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """SELECT r.building_id, r.unit_id, r.partner_id, r.is_late_fee,
                          COALESCE(r.period_start, r.due_date), r.due_date,
                          r.amount - COALESCE(SUM(a.amount), 0)
                     FROM property_receivable r
                     JOIN account_move m ON m.id = r.move_id
                LEFT JOIN property_receivable_allocation a
                       ON a.receivable_id = r.id AND a.date <= %(day)s
                    WHERE r.id = ANY(%(ids)s) AND m.invoice_date <= %(day)s
                 GROUP BY r.id
                   HAVING r.amount - COALESCE(SUM(a.amount), 0) > 0.005""",
                day=self.date,
                ids=candidates.ids,
            )
        )
        keys = ("building_id", "unit_id", "partner_id", "is_late_fee", "period", "due_date")
        return [
            {**dict(zip(keys, row[:6], strict=True)), "residual": float(row[6])} for row in rows
        ]

    def _paused_partners(self):
        states = self.env["property.dunning.state"].search(
            [
                ("project_id", "=", self.project_id.id),
                ("pause_reason", "in", NOTICE_EXCLUDED_PAUSES),
            ]
        )
        return set(states.partner_id.ids)

    # === Public notice: unit codes, months and amounts only ===
    def _check_notice_access(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a manager can print a public arrears notice (欠费公示).")
            )

    def _notice_sections(self):
        """What the public notice shows, and nothing more: per building, the unit codes,
        months owed and amounts (no payer, no phone). Units that owe only late fees are not
        published."""
        self._check_notice_access()
        sections = []
        for section in self._sections():
            rows = [
                {
                    "unit": row["unit"].name,
                    "months": row["months"],
                    "month_count": row["month_count"],
                    "principal": row["principal"],
                    "late_fee": row["late_fee"],
                    "total": row["total"],
                }
                for row in section["rows"]
                if row["principal"] > 0
            ]
            sections.append(
                {
                    "building": section["building"].name,
                    "rows": rows,
                    "total": round(sum(row["total"] for row in rows), 2),
                }
            )
        return sections

    def _notice_end(self):
        return self.date + timedelta(days=self.notice_days - 1)

    # === XLSX ===
    def _xlsx_content(self):
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Arrears"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write(0, 0, self._title(), bold)
        headers = [
            self.env._("Building"),
            self.env._("Unit"),
            self.env._("Payer"),
            self.env._("Phone"),
            self.env._("Months Owed"),
            self.env._("Months"),
            self.env._("Principal"),
            self.env._("Late Fees"),
            self.env._("Total"),
            self.env._("Oldest Due Date"),
            self.env._("Days Overdue"),
        ]
        for col, header in enumerate(headers):
            sheet.write(2, col, header, bold)
        row_index = 3
        subtotal_rows = []
        sections = self._sections()
        for section in sections:
            first = row_index
            for row in section["rows"]:
                sheet.write(row_index, 0, section["building"].name)
                sheet.write(row_index, 1, row["unit"].name or "")
                sheet.write(row_index, 2, row["partner"].name or "")
                sheet.write(row_index, 3, row["partner"].phone or "")
                sheet.write(row_index, 4, row["months"])
                sheet.write_number(row_index, 5, row["month_count"])
                sheet.write_number(row_index, 6, row["principal"], money)
                sheet.write_number(row_index, 7, row["late_fee"], money)
                sheet.write_number(row_index, 8, row["total"], money)
                sheet.write_datetime(row_index, 9, row["oldest_due"], day)
                sheet.write_number(row_index, 10, row["days"])
                row_index += 1
            sheet.write(
                row_index,
                0,
                self.env._("Subtotal %(building)s", building=section["building"].name),
                bold,
            )
            for col, key in ((6, "principal"), (7, "late_fee"), (8, "total")):
                self._write_sum(sheet, row_index, col, first, row_index - 1, section[key], money)
            subtotal_rows.append(row_index)
            row_index += 2
        sheet.write(row_index, 0, self.env._("Total"), bold)
        for col, key in ((6, "principal"), (7, "late_fee"), (8, "total")):
            cells = ",".join(xlsxwriter.utility.xl_rowcol_to_cell(r, col) for r in subtotal_rows)
            sheet.write_formula(
                row_index,
                col,
                f"=SUM({cells})" if cells else "=0",
                money_bold,
                round(sum(s[key] for s in sections), 2),
            )
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 4, 18)
        sheet.set_column(6, 10, 14)
        workbook.close()
        return output.getvalue()

    @api.model
    def _write_sum(self, sheet, row, col, first, last, value, cell_format):
        if last < first:
            sheet.write_number(row, col, 0, cell_format)
            return
        start = xlsxwriter.utility.xl_rowcol_to_cell(first, col)
        end = xlsxwriter.utility.xl_rowcol_to_cell(last, col)
        sheet.write_formula(row, col, f"=SUM({start}:{end})", cell_format, round(value, 2))

    def _title(self):
        return self.env._(
            "Arrears list of %(project)s as of %(date)s",
            project=self.project_id.name,
            date=self.date,
        )

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import reports


class PropertyFeeDisclosure(models.TransientModel):
    """收支公示 (fee income part): a project's fees of a year — billed, credited or waived,
    collected, unpaid and the collection rate per fee type, late fees on their own line, and
    how much of the earlier years' arrears was recovered. Aggregates only: no owner appears.

    Figures of the collection rate report (yearly rows) as of ``date``.
    """

    _name = "property.fee.disclosure"
    _description = "Fee Income Disclosure"
    _rec_name = "project_id"

    project_id = fields.Many2one("property.project", string="Project", required=True)
    company_id = fields.Many2one(related="project_id.company_id")
    currency_id = fields.Many2one(related="project_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    date = fields.Date(
        string="As of",
        help="Figures at the end of this day; empty: the end of the year, or today for the "
        "current year.",
    )

    @api.constrains("year", "date")
    def _check_date(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2999:
                raise ValidationError(self.env._("Enter the year with four digits."))
            if wizard.date and wizard.date.year < wizard.year:
                raise ValidationError(
                    self.env._("The disclosure date cannot be before the year it discloses.")
                )

    def action_print(self):
        self.ensure_one()
        return self.env.ref("property_fee_collection.property_fee_disclosure_report").report_action(
            self
        )

    def _as_of(self):
        self.ensure_one()
        if self.date:
            return self.date
        return min(date(self.year, 12, 31), fields.Date.context_today(self))

    def _lines(self):
        """``{'fees': [line per fee type], 'late_fee': line, 'total': line, 'arrears': line}``
        where a line has billed, reduced, receivable, collected, unpaid, rate; ``arrears``
        has start, reduced, collected and rate (清欠)."""
        self.ensure_one()
        rates = self.env["property.collection.rate.report"].with_context(report_date=self._as_of())
        groups = rates._read_group(
            [
                ("project_id", "=", self.project_id.id),
                ("period_type", "=", "year"),
                ("period", "=", date(self.year, 1, 1)),
            ],
            ["is_late_fee", "fee_type_id"],
            [
                "billed:sum",
                "reduced:sum",
                "collected:sum",
                "written_off:sum",
                "arrears_start:sum",
                "prior_reduced:sum",
                "prior_collected:sum",
            ],
        )
        fees, late = [], self._line(self.env._("Late fees"))
        arrears = dict.fromkeys(("start", "reduced", "collected"), 0.0)
        for is_late, fee_type, billed, reduced, collected, written_off, *prior in groups:
            if is_late:
                line = late
            else:
                line = self._line(fee_type.name or self.env._("Other"))
                fees.append(line)
                arrears["start"] += prior[0]
                arrears["reduced"] += prior[1]
                arrears["collected"] += prior[2]
            line["billed"] += billed
            line["reduced"] += reduced
            line["collected"] += collected
            line["written_off"] += written_off
        total = self._line(self.env._("Total fees"))
        for line in fees:
            for key in ("billed", "reduced", "collected", "written_off"):
                total[key] += line[key]
        for line in [*fees, late, total]:
            self._finish(line)
        arrears["rate"] = reports.recovery_rate(
            arrears["collected"], arrears["start"], arrears["reduced"]
        )
        return {
            "fees": sorted(fees, key=lambda line: line["name"]),
            "late_fee": late,
            "total": total,
            "arrears": arrears,
        }

    @api.model
    def _line(self, name):
        return {"name": name, "billed": 0.0, "reduced": 0.0, "collected": 0.0, "written_off": 0.0}

    @api.model
    def _finish(self, line):
        line["receivable"] = line["billed"] - line["reduced"]
        line["unpaid"] = line["receivable"] - line["collected"] - line["written_off"]
        line["rate"] = reports.collection_rate(line["collected"], line["billed"], line["reduced"])

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import reports

BUCKETS = [
    (reports.NOT_DUE, "Not Due"),
    ("d0_30", "0–30 Days"),
    ("d31_90", "31–90 Days"),
    ("d91_180", "91–180 Days"),
    ("d181_365", "181–365 Days"),
    ("over_365", "Over 365 Days"),
]


class PropertyArrearsAgingReport(models.Model):
    """账龄 by payer and unit: every unpaid ledger item with its days overdue and aging
    bucket, today.

    Buckets of ``tools.reports.AGING_BUCKETS`` (0–30, 31–90, 91–180, 181–365, > 365 days past
    the due date; due today or later: not due); by payer, unit, building, project and fee type.
    The unpaid amount is the ledger's residual now. Grouped by building or project only, the
    summary-based ``property.arrears.aging.building.report`` answers faster.
    """

    _name = "property.arrears.aging.report"
    _inherit = ["property.report.mixin"]
    _description = "Arrears Aging by Payer"
    _auto = False
    _order = "due_date, id"
    _rec_name = "unit_id"
    _depends = {
        "property.receivable": [
            "company_id",
            "project_id",
            "building_id",
            "unit_id",
            "partner_id",
            "fee_type_id",
            "is_late_fee",
            "period_start",
            "due_date",
            "residual",
            "state",
        ],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    building_id = fields.Many2one("property.building", string="Building", readonly=True)
    unit_id = fields.Many2one("property.unit", string="Unit", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type", readonly=True)
    receivable_id = fields.Many2one("property.receivable", string="Ledger Item", readonly=True)
    is_late_fee = fields.Boolean(string="Late Fee", readonly=True)
    period_start = fields.Date(string="Service Period Start", readonly=True)
    due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(BUCKETS, string="Aging", readonly=True)
    residual = fields.Monetary(string="Unpaid", readonly=True)
    overdue = fields.Monetary(readonly=True)
    unit_count = fields.Integer(
        string="Units in Arrears",
        readonly=True,
        aggregator="count_distinct",
        help="Number of different units (欠费户数).",
    )
    payer_count = fields.Integer(
        string="Payers in Arrears", readonly=True, aggregator="count_distinct"
    )

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT r.id, r.id AS receivable_id, r.company_id, c.currency_id, r.project_id,
                   r.building_id, r.unit_id, r.partner_id, r.fee_type_id, r.is_late_fee,
                   r.period_start, r.due_date,
                   GREATEST(%(today)s::date - r.due_date, 0) AS days_overdue,
                   %(bucket)s AS bucket,
                   r.residual,
                   CASE WHEN r.due_date < %(today)s::date THEN r.residual ELSE 0 END AS overdue,
                   r.unit_id AS unit_count, r.partner_id AS payer_count
              FROM property_receivable r
              JOIN res_company c ON c.id = r.company_id
             WHERE r.state = 'open' AND r.residual > 0
            """,
            today=today,
            bucket=self._bucket_sql(SQL("(%s::date - r.due_date)", today)),
        )

    @api.model
    def _bucket_sql(self, days):
        """The SQL twin of ``tools.reports.aging_bucket``, built from the same limits."""
        cases = [SQL("WHEN %s <= 0 THEN %s", days, reports.NOT_DUE)]
        for bucket, limit in reports.AGING_BUCKETS:
            if limit is None:
                cases.append(SQL("ELSE %s", bucket))
            else:
                cases.append(SQL("WHEN %s <= %s THEN %s", days, limit, bucket))
        return SQL("CASE %s END", SQL(" ").join(cases))

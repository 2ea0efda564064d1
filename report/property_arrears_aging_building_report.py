from odoo import fields, models
from odoo.tools import SQL

from .property_arrears_aging_report import BUCKETS


class PropertyArrearsAgingBuildingReport(models.Model):
    """账龄 by building: what is unpaid now per project, building, fee type and due date, with
    its aging bucket today — read from the ledger summary (billed − everything that settled
    the items), so that it answers at once on millions of items. By payer and unit:
    ``property.arrears.aging.report``."""

    _name = "property.arrears.aging.building.report"
    _inherit = ["property.report.mixin"]
    _description = "Arrears Aging by Building"
    _auto = False
    _order = "due_date, id"
    _rec_name = "building_id"
    _depends = {
        "property.receivable.summary": [
            "company_id",
            "project_id",
            "building_id",
            "fee_type_id",
            "is_late_fee",
            "period_month",
            "due_date",
            "kind",
            "amount",
        ],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    building_id = fields.Many2one("property.building", string="Building", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type", readonly=True)
    is_late_fee = fields.Boolean(string="Late Fee", readonly=True)
    due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(BUCKETS, string="Aging", readonly=True)
    residual = fields.Monetary(string="Unpaid", readonly=True)
    overdue = fields.Monetary(readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        aging = self.env["property.arrears.aging.report"]
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY s.due_date, s.company_id, s.project_id,
                                      s.building_id, s.fee_type_id, s.is_late_fee) AS id,
                   s.company_id, c.currency_id, s.project_id, s.building_id, s.fee_type_id,
                   s.is_late_fee, s.due_date,
                   GREATEST(%(today)s::date - s.due_date, 0) AS days_overdue,
                   %(bucket)s AS bucket,
                   s.residual,
                   CASE WHEN s.due_date < %(today)s::date THEN s.residual ELSE 0 END AS overdue
              FROM (SELECT company_id, project_id, building_id, fee_type_id, is_late_fee,
                           COALESCE(due_date, period_month) AS due_date,
                           SUM(CASE WHEN kind = 'billed' THEN amount ELSE -amount END)
                               AS residual
                      FROM property_receivable_summary
                  GROUP BY company_id, project_id, building_id, fee_type_id, is_late_fee,
                           COALESCE(due_date, period_month)) s
              JOIN res_company c ON c.id = s.company_id
             WHERE s.residual > 0.005
            """,
            today=today,
            bucket=aging._bucket_sql(SQL("(%s::date - s.due_date)", today)),
        )

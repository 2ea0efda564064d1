from odoo import fields, models


class PropertyReceivableSummaryQueue(models.Model):
    """Slices of the report summaries to recompute: a (project, service month) a ledger write
    touched, or a (project, month) of collector KPIs a contact, a promise or a payment
    touched; inserted in the writing transaction (plain inserts: concurrent writers never
    wait on each other) and removed by the refresh that recomputed them."""

    _name = "property.receivable.summary.queue"
    _description = "Receivable Ledger Summary Queue"
    _rec_name = "project_id"
    _log_access = False
    _order = "id"

    scope = fields.Selection(
        [("ledger", "Ledger Summary"), ("kpi", "Collector KPIs")],
        required=True,
        readonly=True,
        default="ledger",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    project_id = fields.Many2one(
        "property.project", required=True, readonly=True, ondelete="cascade"
    )
    period_month = fields.Date(
        string="Month", required=True, readonly=True, help="Service month, or month of KPIs."
    )

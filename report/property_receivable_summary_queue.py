from odoo import fields, models


class PropertyReceivableSummaryQueue(models.Model):
    """Slices of the ledger summary to recompute: one row per (project, service month) a
    ledger write touched, inserted in the writing transaction (plain inserts: concurrent
    writers never wait on each other) and removed by the refresh that recomputed them."""

    _name = "property.receivable.summary.queue"
    _description = "Receivable Ledger Summary Queue"
    _log_access = False
    _order = "id"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    project_id = fields.Many2one(
        "property.project", required=True, readonly=True, ondelete="cascade"
    )
    period_month = fields.Date(string="Service Month", required=True, readonly=True)

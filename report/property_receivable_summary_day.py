from odoo import fields, models

from .property_receivable_summary import EVENT_KINDS


class PropertyReceivableSummaryDay(models.Model):
    """The ledger summary by day: what was billed or settled on each day, per building, fee
    type and service month. Read only for the month of a report date inside a month (the
    monthly summary answers for whole months). Kept with the monthly summary, by the same
    refresh."""

    _name = "property.receivable.summary.day"
    _description = "Receivable Ledger Summary by Day"
    _rec_name = "building_id"
    _log_access = False
    _order = "event_date, id"

    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    project_id = fields.Many2one("property.project", readonly=True, required=True)
    building_id = fields.Many2one("property.building", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", readonly=True)
    is_late_fee = fields.Boolean(readonly=True)
    period_month = fields.Date(string="Service Month", required=True, readonly=True)
    event_date = fields.Date(string="Date", required=True, readonly=True, index=True)
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    amount = fields.Monetary(readonly=True)

    _slice_idx = models.Index("(project_id, period_month)")

from odoo import fields, models


class PropertyCashierDeskLine(models.TransientModel):
    """An open ledger item on the front desk, with the cashier's tick."""

    _name = "property.cashier.desk.line"
    _description = "Front Desk Item"
    _order = "due_date, period_start, id"

    desk_id = fields.Many2one("property.cashier.desk", required=True, ondelete="cascade")
    receivable_id = fields.Many2one("property.receivable", required=True, ondelete="cascade")
    selected = fields.Boolean(string="Pay")
    currency_id = fields.Many2one(related="receivable_id.currency_id")
    move_id = fields.Many2one(related="receivable_id.move_id", string="Bill")
    unit_id = fields.Many2one(related="receivable_id.unit_id")
    fee_type_id = fields.Many2one(related="receivable_id.fee_type_id")
    period_start = fields.Date(related="receivable_id.period_start", store=True)
    period_end = fields.Date(related="receivable_id.period_end")
    due_date = fields.Date(related="receivable_id.due_date", store=True)
    is_late_fee = fields.Boolean(related="receivable_id.is_late_fee")
    amount = fields.Monetary(related="receivable_id.amount")
    residual = fields.Monetary(related="receivable_id.residual", string="Unpaid")

    def _compute_display_name(self):
        for line in self:
            line.display_name = line.receivable_id.display_name

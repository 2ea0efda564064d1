from odoo import fields, models


class PropertyReceiptVoid(models.TransientModel):
    """Void (same day) or refund (a later day) a receipt, with the reason."""

    _name = "property.receipt.void"
    _description = "Void or Refund Receipt"

    receipt_id = fields.Many2one("property.receipt", required=True, readonly=True)
    reason = fields.Char(required=True)
    is_refund = fields.Boolean(compute="_compute_is_refund")

    def _compute_is_refund(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.is_refund = wizard.receipt_id.date != today

    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard.receipt_id.name or ""

    def action_confirm(self):
        self.ensure_one()
        refund = self.receipt_id._reverse(self.reason)
        if refund:
            return refund.action_print()
        return {"type": "ir.actions.act_window_close"}

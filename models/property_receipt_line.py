from odoo import api, fields, models


class PropertyReceiptLine(models.Model):
    """One ledger item a receipt settled, as printed (unit, fee, period, amount)."""

    _name = "property.receipt.line"
    _description = "Payment Receipt Item"
    _order = "receipt_id, period_start, id"

    receipt_id = fields.Many2one(
        "property.receipt", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="receipt_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="receipt_id.currency_id")
    receivable_id = fields.Many2one("property.receivable", string="Ledger Item", readonly=True)
    move_id = fields.Many2one("account.move", string="Bill", readonly=True)
    unit_id = fields.Many2one("property.unit", string="Unit", readonly=True)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type", readonly=True)
    period_start = fields.Date(string="From", readonly=True)
    period_end = fields.Date(string="To", readonly=True)
    is_late_fee = fields.Boolean(string="Late Fee", readonly=True)
    amount = fields.Monetary(readonly=True)

    @api.depends("fee_type_id", "unit_id", "period_start", "period_end")
    def _compute_display_name(self):
        for line in self:
            parts = [line.unit_id.name, line.fee_type_id.name]
            if line.period_start:
                parts.append(f"{line.period_start}~{line.period_end}")
            line.display_name = " ".join(part for part in parts if part)

    def _snapshot(self):
        self.ensure_one()
        return {
            "receivable_id": self.receivable_id.id,
            "move_id": self.move_id.id,
            "unit_id": self.unit_id.id,
            "fee_type_id": self.fee_type_id.id,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "is_late_fee": self.is_late_fee,
            "amount": self.amount,
        }

from odoo import api, fields, models

from .account_journal import CHANNELS


class PropertyCashDayLine(models.Model):
    """A row of the daily takings: one cashier's receipts in one channel, or one channel's
    receipts against its statement."""

    _name = "property.cash.day.line"
    _description = "Daily Takings Line"
    _order = "day_id, kind, channel, cashier_id"

    day_id = fields.Many2one("property.cash.day", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="day_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="day_id.currency_id")
    kind = fields.Selection(
        [("cashier", "Cashier"), ("channel", "Channel")], required=True, default="cashier"
    )
    cashier_id = fields.Many2one("res.users", string="Cashier")
    channel = fields.Selection(CHANNELS, required=True)
    journal_id = fields.Many2one("account.journal")
    receipt_count = fields.Integer(string="Receipts")
    receipt_amount = fields.Monetary(string="Amount Received")
    statement_amount = fields.Monetary(string="Statement")
    difference = fields.Monetary(compute="_compute_difference", store=True)

    @api.depends("kind", "receipt_amount", "statement_amount")
    def _compute_difference(self):
        for line in self:
            line.difference = (
                line.statement_amount - line.receipt_amount if line.kind == "channel" else 0.0
            )

    @api.depends("kind", "cashier_id", "channel")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for line in self:
            parts = [line.cashier_id.name] if line.kind == "cashier" else []
            parts.append(channels.get(line.channel, ""))
            line.display_name = " ".join(part for part in parts if part)

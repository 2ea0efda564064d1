from odoo import api, fields, models


class PropertyDebitBatchLine(models.Model):
    """One payer's amount in an auto-debit batch and what the bank answered."""

    _name = "property.debit.batch.line"
    _description = "Auto-Debit Batch Line"
    _order = "batch_id, id"

    batch_id = fields.Many2one(
        "property.debit.batch", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="batch_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="batch_id.currency_id")
    mandate_id = fields.Many2one("property.debit.mandate", string="Debit Agreement", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True, index=True)
    receivable_ids = fields.Many2many("property.receivable", string="Items", readonly=True)
    amount = fields.Monetary(string="To Collect", readonly=True)
    state = fields.Selection(
        [("pending", "Sent to Bank"), ("paid", "Debited"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    message = fields.Char(string="Bank Message", readonly=True)
    receipt_id = fields.Many2one("property.receipt", string="Receipt", readonly=True)

    @api.depends("batch_id", "partner_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.batch_id.name or ''} #{line.id} {line.partner_id.name or ''}"
            )

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

MANAGER = "property_fee_collection.property_fee_collection_group_manager"


class PropertyLateFeeWaive(models.TransientModel):
    """减免滞纳金: a manager waives (part of) a late-fee bill; the result is a credit note."""

    _name = "property.late.fee.waive"
    _description = "Waive Late Fee"

    move_id = fields.Many2one("account.move", string="Late Fee Bill", required=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    residual = fields.Monetary(related="move_id.amount_residual", string="Unpaid")
    amount = fields.Monetary(string="Amount to Waive", required=True)
    reason = fields.Char(required=True)

    # === Display name (breadcrumbs, links) ===
    @api.depends("move_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard.move_id.name or ""

    @api.model
    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        move = self.env["account.move"].browse(
            vals.get("move_id") or self.env.context.get("active_id")
        )
        if move:
            vals.setdefault("move_id", move.id)
            vals.setdefault("amount", move.amount_residual)
        return vals

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager can waive late fees."))
        move = self.move_id
        if not move.property_is_late_fee or move.state != "posted":
            raise UserError(self.env._("Only posted late-fee bills can be waived."))
        if (
            self.amount <= 0
            or move.currency_id.compare_amounts(self.amount, move.amount_residual) > 0
        ):
            raise UserError(
                self.env._(
                    "The waived amount must be positive and at most the unpaid %(residual)s.",
                    residual=move.amount_residual,
                )
            )
        product = move.invoice_line_ids.product_id[:1]
        credit = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": move.partner_id.id,
                "journal_id": move.journal_id.id,
                "invoice_date": fields.Date.context_today(self),
                "ref": self.env._("Late fee waiver: %(reason)s", reason=self.reason),
                "reversed_entry_id": move.id,
                "property_project_id": move.property_project_id.id,
                "property_waiver": True,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": self.env._("Waiver: %(reason)s", reason=self.reason),
                            "quantity": 1.0,
                            "price_unit": self.amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        credit.action_post()
        (credit.line_ids | move.line_ids).filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        ).reconcile()
        move.message_post(
            body=self.env._(
                "Late fee of %(amount)s waived by %(user)s: %(reason)s",
                amount=self.amount,
                user=self.env.user.name,
                reason=self.reason,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": credit.id,
            "view_mode": "form",
        }

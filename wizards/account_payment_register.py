from odoo import Command, api, fields, models


class AccountPaymentRegister(models.TransientModel):
    """Register Payment on property bills: the cashier may choose which ledger items the
    payment settles (all, by fee, by month); the rest follows the company's allocation rule."""

    _inherit = "account.payment.register"

    property_receivable_available_ids = fields.Many2many(
        "property.receivable", compute="_compute_property_receivable_available_ids"
    )
    property_receivable_ids = fields.Many2many(
        "property.receivable",
        "account_payment_register_property_receivable_rel",
        "wizard_id",
        "receivable_id",
        string="Items to Settle",
        domain="[('id', 'in', property_receivable_available_ids)]",
        help="Leave empty to settle the bills by the company's allocation rule. Chosen items "
        "are paid in full: one payment per bill, reconciled with exactly those items.",
    )

    @api.depends("line_ids")
    def _compute_property_receivable_available_ids(self):
        for wizard in self:
            wizard.property_receivable_available_ids = self.env["property.receivable"].search(
                [("move_id", "in", wizard.line_ids.move_id.ids), ("state", "=", "open")]
            )

    @api.onchange("property_receivable_ids")
    def _onchange_property_receivable_ids(self):
        if self.property_receivable_ids:
            if self.can_group_payments:
                self.group_payment = False
            self.amount = sum(self.property_receivable_ids.mapped("residual"))

    def _property_chosen(self, lines):
        return self.property_receivable_ids.filtered(lambda item: item.move_id in lines.move_id)

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        chosen = self._property_chosen(batch_result["lines"])
        if chosen:
            vals["property_receivable_ids"] = [Command.set(chosen.ids)]
        return vals

    def _create_payment_vals_from_batch(self, batch_result):
        vals = super()._create_payment_vals_from_batch(batch_result)
        if self.property_receivable_ids:
            chosen = self._property_chosen(batch_result["lines"])
            vals["amount"] = sum(chosen.mapped("residual"))
            vals["property_receivable_ids"] = [Command.set(chosen.ids)]
        return vals

    def _init_payments(self, to_process, edit_mode=False):
        if self.property_receivable_ids:
            # bills of which no item was chosen are not paid
            to_process[:] = [entry for entry in to_process if entry["create_vals"].get("amount")]
        return super()._init_payments(to_process, edit_mode=edit_mode)

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.rmb import amount_to_chinese
from .account_journal import CHANNELS

FINANCE = "property_fee_collection.property_fee_collection_group_finance"


class PropertyReceipt(models.Model):
    """收据: what a payer is handed at the front desk for one payment.

    Numbered by its own gapless sequence (per company), it keeps the items the payment settled
    and the prepayment (预存) as they were when it was printed. Receipts are written by the
    system only (``account.payment._property_collect``); a mistake is undone by Odoo's reversal
    of the payment entry — a void the same day, a refund (红字收据, a negative receipt) on a
    later day — never by deleting anything. The receipts of a closed day (每日对账) cannot
    change.
    """

    _name = "property.receipt"
    _description = "Payment Receipt"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name", "unit_ids.name"]

    name = fields.Char(string="Receipt No.", required=True, readonly=True, copy=False, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Payer", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    journal_id = fields.Many2one("account.journal", readonly=True)
    cashier_id = fields.Many2one("res.users", string="Cashier", readonly=True, index=True)
    payment_id = fields.Many2one("account.payment", string="Payment", readonly=True, index=True)
    move_id = fields.Many2one(related="payment_id.move_id", string="Journal Entry")
    unit_ids = fields.Many2many("property.unit", string="Units", readonly=True)
    line_ids = fields.One2many("property.receipt.line", "receipt_id", string="Items", readonly=True)
    amount_items = fields.Monetary(string="Bills Paid", readonly=True)
    amount_prepaid = fields.Monetary(
        string="Prepayment", readonly=True, help="预存: kept as credit for the next bills."
    )
    amount = fields.Monetary(string="Total", readonly=True)
    amount_words = fields.Char(string="Amount in Words", compute="_compute_amount_words")
    state = fields.Selection(
        [("valid", "Valid"), ("void", "Void"), ("refund", "Refund")],
        default="valid",
        required=True,
        readonly=True,
        tracking=True,
    )
    refunded_receipt_id = fields.Many2one(
        "property.receipt",
        string="Refund Of",
        readonly=True,
        help="The receipt this refund (红字收据) reverses.",
    )
    refund_receipt_ids = fields.One2many(
        "property.receipt", "refunded_receipt_id", string="Refunds", readonly=True
    )
    reversal_move_id = fields.Many2one("account.move", string="Reversal Entry", readonly=True)
    reason = fields.Char(string="Void/Refund Reason", readonly=True)
    note = fields.Char(readonly=True)
    day_closed = fields.Boolean(compute="_compute_day_closed")

    _name_company_uniq = models.Constraint(
        "UNIQUE (company_id, name)", "A receipt number is used once per company."
    )

    @api.depends("amount")
    def _compute_amount_words(self):
        for receipt in self:
            receipt.amount_words = amount_to_chinese(receipt.amount)

    @api.depends("date", "company_id")
    def _compute_day_closed(self):
        closed = self.env["property.cash.day"]._closed_days(self.company_id, self.mapped("date"))
        for receipt in self:
            receipt.day_closed = (receipt.company_id.id, receipt.date) in closed

    # === Numbering ===
    @api.model
    def _next_number(self, company):
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "property.receipt"), ("company_id", "=", company.id)], limit=1)
        )
        if not sequence:
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Receipts of %(company)s", company=company.name),
                        "code": "property.receipt",
                        "prefix": "SJ%(year)s",
                        "padding": 6,
                        "implementation": "no_gap",
                        "company_id": company.id,
                    }
                )
            )
        return sequence.next_by_id()

    # === Void and refund (Odoo's reversal, never deletion) ===
    def action_open_reverse(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Void or Refund Receipt"),
            "res_model": "property.receipt.void",
            "view_mode": "form",
            "target": "new",
            "context": {"default_receipt_id": self.id},
        }

    def action_print(self):
        return (
            self.env.ref("property_fee_collection.property_receipt_report")
            .with_context(discard_logo_check=True)
            .report_action(self, config=False)
        )

    def _check_cashier(self):
        if not self.env.su and not self.env.user.has_group(FINANCE):
            raise AccessError(self.env._("Only finance staff can take, void or refund payments."))

    def _reverse(self, reason, date=None):
        """Void (same day) or refund (a later day) this receipt: the payment entry is
        unreconciled from the bills and reversed by Odoo; the bills' items are open again.
        Returns the refund receipt (a refund), or an empty recordset (a void)."""
        self.ensure_one()
        self._check_cashier()
        if self.state != "valid" or self.refund_receipt_ids:
            raise UserError(
                self.env._("Receipt %(number)s is already void or refunded.", number=self.name)
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the void or refund."))
        today = date or fields.Date.context_today(self)
        Day = self.env["property.cash.day"]
        Day._check_open(self.company_id, [today])
        void = today == self.date
        if not void and today < self.date:
            raise UserError(self.env._("A refund cannot be dated before its receipt."))
        payment = self.payment_id
        receivable = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        receivable.remove_move_reconcile()
        reversal = payment.move_id._reverse_moves(
            [
                {
                    "date": today,
                    "ref": self.env._(
                        "Reversal of receipt %(number)s: %(reason)s",
                        number=self.name,
                        reason=reason,
                    ),
                }
            ],
            cancel=True,
        )
        refund = self.browse()
        if void:
            payment.sudo().write({"state": "canceled"})
            self.sudo().write({"state": "void", "reason": reason, "reversal_move_id": reversal.id})
        else:
            # the receipt and payment of the earlier (maybe closed) day stay as they were
            refund = self.sudo().create(
                {
                    "name": self._next_number(self.company_id),
                    "company_id": self.company_id.id,
                    "partner_id": self.partner_id.id,
                    "date": today,
                    "channel": self.channel,
                    "journal_id": self.journal_id.id,
                    "cashier_id": self.env.user.id,
                    "unit_ids": [fields.Command.set(self.unit_ids.ids)],
                    "amount_items": -self.amount_items,
                    "amount_prepaid": -self.amount_prepaid,
                    "amount": -self.amount,
                    "state": "refund",
                    "refunded_receipt_id": self.id,
                    "reversal_move_id": reversal.id,
                    "reason": reason,
                    "line_ids": [
                        fields.Command.create(dict(line._snapshot(), amount=-line.amount))
                        for line in self.line_ids
                    ],
                }
            )
        (refund or self).sudo().message_post(
            author_id=self.env.user.partner_id.id,
            body=self.env._(
                "%(what)s by %(user)s: %(reason)s",
                what=self.env._("Voided") if void else self.env._("Refunded"),
                user=self.env.user.name,
                reason=reason,
            ),
        )
        return refund.sudo(False)

from odoo import api, fields, models
from odoo.exceptions import UserError

# payment fields that a closed day (每日对账) freezes
DAY_LOCKED_FIELDS = {
    "amount",
    "date",
    "partner_id",
    "journal_id",
    "state",
    "payment_method_line_id",
    "currency_id",
    "payment_type",
    "partner_type",
    "destination_account_id",
    "outstanding_account_id",
    "move_id",
}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    property_receivable_ids = fields.Many2many(
        "property.receivable",
        "account_payment_property_receivable_rel",
        "payment_id",
        "receivable_id",
        string="Items Settled",
        copy=False,
        help="Ledger items the cashier chose to settle with this payment; they are settled "
        "first, the rest of the payment follows the company's allocation rule.",
    )
    # === Front desk (收费台) ===
    property_receipt_id = fields.Many2one(
        "property.receipt", string="Receipt", readonly=True, copy=False, index="btree_not_null"
    )

    @api.model
    def _property_collect(
        self, partner, items, channel, prepaid=0.0, date=None, memo=None, company=None
    ):
        """Take one payment for exactly ``items`` (open ledger items of one payer) plus an
        optional prepayment (预存), and return its receipt.

        One ``account.payment`` in the channel's journal; bills whose open items are all
        chosen are reconciled by Odoo's ``reconcile()``, bills of which only some items are
        chosen receive exactly the chosen amount (``_property_reconcile_amounts``); inside
        each bill the ledger settles the chosen items first
        (``property_receivable_ids``), so exactly those items end up paid. A prepayment stays
        open on the payment as the payer's credit, used by the next bills.
        """
        Receipt = self.env["property.receipt"]
        Receipt._check_cashier()
        partner = partner.commercial_partner_id
        company = company or items.company_id[:1] or self.env.company
        currency = company.currency_id
        date = date or fields.Date.context_today(self)
        self.env["property.cash.day"]._check_open(company, [date])
        if items.company_id - company or items.partner_id - partner:
            raise UserError(
                self.env._("The items to pay must all be owed by %(payer)s.", payer=partner.name)
            )
        if currency.compare_amounts(prepaid, 0.0) < 0:
            raise UserError(self.env._("A prepayment cannot be negative."))
        # another cashier paying the same bills waits here, then sees them paid
        items.move_id.lock_for_update()
        items.invalidate_recordset()
        if any(item.state != "open" or item.residual <= 0 for item in items):
            raise UserError(
                self.env._(
                    "Some of the chosen items were paid or changed meanwhile: search the unit "
                    "again."
                )
            )
        amount_items = currency.round(sum(items.mapped("residual")))
        total = currency.round(amount_items + prepaid)
        if currency.compare_amounts(total, 0.0) <= 0:
            raise UserError(self.env._("Choose the items paid or enter a prepayment."))
        journal = self.env["account.journal"]._property_channel_journal(company, channel)
        payment = self.create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": total,
                "date": date,
                "journal_id": journal.id,
                "company_id": company.id,
                "payment_method_line_id": journal.inbound_payment_method_line_ids[:1].id,
                "memo": memo or ", ".join(items.move_id.mapped("name")),
                "property_receivable_ids": [fields.Command.set(items.ids)],
            }
        )
        payment.action_post()
        residuals = {item.id: item.residual for item in items}
        payment._property_reconcile_items(items)
        receipt = Receipt.sudo().create(
            payment._property_receipt_vals(items, residuals, total - amount_items, channel)
        )
        payment.sudo().property_receipt_id = receipt
        return receipt.sudo(False)

    def _property_reconcile_items(self, items):
        self.ensure_one()
        currency = self.company_id.currency_id
        pay_line = self.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        whole, pairs = self.env["account.move.line"], []
        owed = self.env["property.receivable"]._residual_by_bill(items.move_id)
        for bill, bill_items in items.grouped("move_id").items():
            bill_line = bill.line_ids.filtered(
                lambda line: line.display_type == "payment_term" and not line.reconciled
            )
            chosen = currency.round(sum(bill_items.mapped("residual")))
            if currency.compare_amounts(chosen, owed.get(bill, 0.0)) == 0:
                whole |= bill_line
            else:
                pairs.append((bill_line, pay_line, chosen))
        if whole:
            (pay_line + whole).reconcile()
        if pairs:
            self.env["account.move.line"]._property_reconcile_amounts(pairs)
        items.move_id.matched_payment_ids += self
        items.invalidate_recordset()
        if any(currency.compare_amounts(item.residual, 0.0) for item in items):
            raise UserError(
                self.env._("The payment could not settle exactly the chosen items; nothing saved.")
            )

    def _property_receipt_vals(self, items, residuals, prepaid, channel):
        self.ensure_one()
        return {
            "name": self.env["property.receipt"]._next_number(self.company_id),
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "date": self.date,
            "channel": channel,
            "journal_id": self.journal_id.id,
            "cashier_id": self.env.user.id,
            "payment_id": self.id,
            "unit_ids": [fields.Command.set(items.unit_id.ids)],
            "amount_items": self.amount - prepaid,
            "amount_prepaid": prepaid,
            "amount": self.amount,
            "note": self.memo,
            "line_ids": [
                fields.Command.create(
                    {
                        "receivable_id": item.id,
                        "move_id": item.move_id.id,
                        "unit_id": item.unit_id.id,
                        "fee_type_id": item.fee_type_id.id,
                        "period_start": item.period_start,
                        "period_end": item.period_end,
                        "is_late_fee": item.is_late_fee,
                        "amount": residuals[item.id],
                    }
                )
                for item in items.sorted(lambda i: (i.period_start or fields.Date.today(), i.id))
            ],
        }

    # === Daily takings lock (每日对账) ===
    def _property_day_locked(self):
        return self.filtered(lambda p: p.property_receipt_id or p.journal_id.property_channel)

    def _property_check_day_open(self):
        payments = self._property_day_locked()
        if payments:
            self.env["property.cash.day"]._check_open_pairs(
                {(payment.company_id.id, payment.date) for payment in payments}
            )

    @api.model_create_multi
    def create(self, vals_list):
        payments = super().create(vals_list)
        payments._property_check_day_open()
        return payments

    def write(self, vals):
        if DAY_LOCKED_FIELDS & set(vals):
            self._property_check_day_open()
            res = super().write(vals)
            self._property_check_day_open()
            return res
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_day(self):
        self._property_check_day_open()

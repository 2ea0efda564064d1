from odoo import fields, models


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

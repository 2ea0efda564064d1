from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    property_auto_billing = fields.Boolean(
        string="Monthly Billing Run",
        default=True,
        help="The monthly cron creates and processes a billing run for the current month.",
    )
    property_dunning_enabled = fields.Boolean(
        string="Daily Dunning Run",
        default=True,
        help="The daily cron escalates overdue payers through the dunning levels.",
    )
    property_late_fee_product_id = fields.Many2one(
        "product.product",
        string="Late Fee Product",
        help="Product of late-fee lines (滞纳金); created on first use when empty.",
    )
    property_payment_instructions = fields.Text(
        string="Payment Methods",
        translate=True,
        default=lambda self: self.env._(
            "Pay at the property service centre (cash, bank card), by WeChat Pay or Alipay, "
            "by bank transfer to the account below, or by bank auto-debit. Please write the "
            "bill number in the transfer note."
        ),
        help="Printed on payment notices (缴费通知单).",
    )
    property_allocation_rule = fields.Selection(
        [
            ("oldest", "Oldest Service Period First, then Fee Priority"),
            ("priority", "Fee Priority First, then Oldest Service Period"),
        ],
        string="Payment Allocation",
        default="oldest",
        required=True,
        help="Which items of a bill a payment settles first when the cashier did not choose "
        "them. Across bills, credits are applied to the oldest due bill first.",
    )
    property_dunning_min_amount = fields.Monetary(
        string="Minimum Amount to Escalate",
        currency_field="currency_id",
        default=10.0,
        help="Dunning never escalates a payer whose overdue principal is below this amount; "
        "late fees alone get at most the first reminder.",
    )

    # === Collection work (installments, waivers, legal cases, collectors) ===
    property_waiver_manager_limit = fields.Monetary(
        string="Manager Waiver Limit",
        currency_field="currency_id",
        default=1000.0,
        help="A manager approves waivers up to this total; above it the general manager "
        "approves too.",
    )
    property_general_manager_id = fields.Many2one(
        "res.users",
        string="General Manager",
        domain="[('share', '=', False)]",
        help="Receives the approvals of large waivers and the legal-action decisions (the "
        "right to decide comes with the General Manager role).",
    )
    property_installment_grace_days = fields.Integer(
        string="Instalment Grace Days",
        default=10,
        help="An instalment (or a new bill) still unpaid this many days after its due date "
        "breaks the installment plan.",
    )
    property_collector_commission = fields.Float(
        string="Commission over Plan (%)",
        default=2.0,
        help="Share of what a collector collects above the monthly plan, paid as a bonus.",
    )

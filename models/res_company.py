from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import reports
from .account_journal import write_translations


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
        default=lambda self: self._property_default_payment_text(),
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

    # === Front desk and notices (收费台, 缴费通知单) ===
    property_payment_link = fields.Char(
        string="Payment Link",
        help="Printed as a QR code on payment notices, e.g. the link of your WeChat or Alipay "
        "payment page; {bill} is replaced by the bill number.",
    )
    property_payment_qr_image = fields.Image(
        string="Payment Code",
        max_width=512,
        max_height=512,
        help="收款码: the QR code image of your WeChat Pay / Alipay collection account, printed on "
        "payment notices instead of the payment link.",
    )

    def _property_payment_text(self, lang=None):
        """The payment methods printed on notices, in ``lang``: the company's own text in that
        language, or the shipped default translated when the company kept the default."""
        self.ensure_one()
        company = self.with_context(lang=lang) if lang else self
        text = company.property_payment_instructions or ""
        english = self.with_context(lang="en_US")._property_default_payment_text()
        if text.strip() == english:
            text = company._property_default_payment_text()
        return text

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._property_translate_default_payment_text()
        return companies

    def _property_translate_default_payment_text(self):
        """Companies whose payment-methods text is the shipped default get it in every
        installed language (a default is evaluated in the creating user's language only)."""
        defaults = {""} | {
            self.with_context(lang=code)._property_default_payment_text()
            for code, _name in self.env["res.lang"].get_installed()
        }
        for company in self.with_context(lang="en_US"):
            if (company.property_payment_instructions or "").strip() in defaults:
                write_translations(
                    company.sudo(),
                    "property_payment_instructions",
                    lambda env: env["res.company"]._property_default_payment_text(),
                )

    def _property_default_payment_text(self):
        return self.env._(
            "Pay at the property service centre (cash, bank card), by WeChat Pay or Alipay, "
            "by bank transfer to the account below, or by bank auto-debit. Please write the "
            "bill number in the transfer note."
        )

    # Complaints are dispatched by customer service (派单), not assigned to whoever registers
    # them: OCA helpdesk_mgmt assigns new tickets to their creator unless this is off.
    helpdesk_mgmt_ticket_auto_assign = fields.Boolean(default=False)

    # ===== Manager reports =====
    # Settings of the manager reports (Settings → Companies → Property Fees).

    property_recovery_window_days = fields.Integer(
        string="Recovery Window (days)",
        default=reports.RECOVERY_WINDOW_DAYS,
        help="Collector KPIs: a payment of a payer on the day of a contact or within this "
        "many days after it counts as recovered after contact, credited to the last contact "
        "before the payment.",
    )

    _property_recovery_window_check = models.Constraint(
        "CHECK (property_recovery_window_days > 0)",
        "The recovery window must be at least one day.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "property_recovery_window_days" in vals:
            self._property_queue_kpis()
        return result

    def _property_queue_kpis(self):
        """Another recovery window changes what every contact recovered: queue all the
        collector-KPI months of these companies."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """INSERT INTO property_receivable_summary_queue
                          (scope, company_id, project_id, period_month)
                   SELECT DISTINCT 'kpi', company_id, project_id, month
                     FROM property_collector_kpi_summary WHERE company_id = ANY(%s)""",
                self.ids,
            )
        )
        self.env["property.receivable.summary"]._trigger_refresh()

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PRICING_METHODS = [
    ("per_area", "Per ㎡ per Month"),
    ("fixed", "Fixed per Unit per Month"),
    ("metered", "Metered (Reading × Price)"),
    ("apportioned", "Apportioned by Area"),
]
BILLING_CYCLES = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_year", "Half-Year"),
    ("year", "Yearly"),
]
METER_TYPES = [("water", "Water"), ("electricity", "Electricity"), ("gas", "Gas")]


class PropertyFeeType(models.Model):
    _name = "property.fee.type"
    _description = "Property Fee Type"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Fee Type", required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    collection_priority = fields.Integer(
        default=10,
        help="Inside a bill, payments settle fee types with a lower number first (when the "
        "company's allocation rule puts priority first, or for items of the same period).",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        tracking=True,
        check_company=True,
        help="Income account and taxes of the bill lines come from this product.",
    )
    # Pricing (收费标准)
    pricing_method = fields.Selection(
        PRICING_METHODS, required=True, default="per_area", tracking=True
    )
    unit_price = fields.Float(
        string="Standard Rate",
        digits="Product Price",
        tracking=True,
        help="Per ㎡ per month, per unit per month, or per consumption unit (metered). "
        "Fee assignments may override it.",
    )
    billing_cycle = fields.Selection(
        BILLING_CYCLES, required=True, default="monthly", tracking=True
    )
    due_days = fields.Integer(
        default=15,
        tracking=True,
        help="The bill is due this many days after the start of the billed period.",
    )
    meter_type = fields.Selection(METER_TYPES, tracking=True)
    vacancy_discount_enabled = fields.Boolean(string="Vacancy Discount", tracking=True)
    vacancy_discount_percent = fields.Float(
        string="Vacancy Discount (%)",
        digits=(5, 2),
        tracking=True,
        help="Taken off the fee of units whose status is Vacant (空置房), when the service "
        "contract allows it.",
    )
    # Late fees (滞纳金/违约金): simple interest on overdue principal, capped.
    late_fee_enabled = fields.Boolean(string="Late Fees", tracking=True)
    late_fee_rate = fields.Float(
        string="Late Fee Rate (%/day)",
        digits=(6, 4),
        default=0.03,
        tracking=True,
        help="Contract rate per day on the overdue principal, e.g. 0.03 (%/day).",
    )
    late_fee_grace_days = fields.Integer(string="Grace Days", default=0, tracking=True)
    late_fee_cap_percent = fields.Float(
        string="Late Fee Cap (% of principal)",
        digits=(6, 2),
        default=10.0,
        tracking=True,
        help="Courts cut excessive late fees: the total late fee of a bill line never exceeds "
        "this share of its principal.",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE (company_id, code)",
        "The fee type code must be unique per company.",
    )
    _late_fee_check = models.Constraint(
        "CHECK (late_fee_rate >= 0 AND late_fee_grace_days >= 0 AND late_fee_cap_percent >= 0)",
        "Late fee rate, grace days and cap cannot be negative.",
    )

    @api.constrains("product_id", "active")
    def _check_product(self):
        for fee_type in self:
            if not fee_type.product_id:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s needs a product: its income account and taxes "
                        "are taken from it.",
                        fee=fee_type.name,
                    )
                )
            if fee_type.active and not fee_type.product_id.active:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s uses the archived product %(product)s.",
                        fee=fee_type.name,
                        product=fee_type.product_id.display_name,
                    )
                )

    @api.constrains("unit_price", "due_days", "vacancy_discount_percent")
    def _check_pricing(self):
        for fee_type in self:
            if fee_type.unit_price < 0:
                raise ValidationError(
                    self.env._("Fee type %(fee)s: the rate cannot be negative.", fee=fee_type.name)
                )
            if fee_type.due_days < 0:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s: the due days cannot be negative.", fee=fee_type.name
                    )
                )
            if not 0 <= fee_type.vacancy_discount_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s: the vacancy discount must be between 0 and 100 %%.",
                        fee=fee_type.name,
                    )
                )

    @api.constrains("late_fee_rate", "late_fee_cap_percent", "late_fee_grace_days")
    def _check_late_fee_terms(self):
        for fee_type in self:
            if not 0 <= fee_type.late_fee_rate <= 1:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s: the late fee rate must be between 0 and 1 %% per "
                        "day (%(rate)s %% given); courts cut excessive late fees.",
                        fee=fee_type.name,
                        rate=fee_type.late_fee_rate,
                    )
                )
            if not 0 <= fee_type.late_fee_cap_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s: the late fee cap must be between 0 and 100 %% of "
                        "the principal (%(cap)s %% given).",
                        fee=fee_type.name,
                        cap=fee_type.late_fee_cap_percent,
                    )
                )
            if not 0 <= fee_type.late_fee_grace_days <= 365:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s: the grace days must be between 0 and 365.",
                        fee=fee_type.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        for fee_type in self:
            if self.env["account.move.line"]._property_has_lines(
                [("property_fee_type_id", "=", fee_type.id)]
            ):
                raise UserError(
                    self.env._(
                        "Fee type %(fee)s was billed: it cannot be deleted. Archive it instead.",
                        fee=fee_type.name,
                    )
                )

    @api.constrains("pricing_method", "meter_type")
    def _check_meter_type(self):
        for fee_type in self:
            if fee_type.pricing_method == "metered" and not fee_type.meter_type:
                raise ValidationError(
                    self.env._("Metered fee type %(fee)s needs a meter type.", fee=fee_type.name)
                )

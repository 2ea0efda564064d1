from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PropertyFeeType(models.Model):
    _name = "property.fee.type"
    _description = "Property Fee Type"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Fee Type", required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        required=True,
        tracking=True,
        check_company=True,
        help="Income account and taxes of the bill lines come from this product.",
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
            if fee_type.active and not fee_type.product_id.active:
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s uses the archived product %(product)s.",
                        fee=fee_type.name,
                        product=fee_type.product_id.display_name,
                    )
                )

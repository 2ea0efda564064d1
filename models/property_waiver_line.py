from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyWaiverLine(models.Model):
    """One ledger item of a waiver and the amount waived on it (tax included)."""

    _name = "property.waiver.line"
    _description = "Waiver Item"
    _inherit = ["property.guarded.mixin"]
    _order = "waiver_id, id"
    _check_company_auto = True
    _guarded_fields = ()

    waiver_id = fields.Many2one("property.waiver", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="waiver_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="waiver_id.currency_id")
    receivable_id = fields.Many2one(
        "property.receivable",
        string="Ledger Item",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('state', '=', 'open'), ('residual', '>', 0)]",
    )
    unit_id = fields.Many2one(related="receivable_id.unit_id")
    fee_type_id = fields.Many2one(related="receivable_id.fee_type_id")
    period_start = fields.Date(related="receivable_id.period_start")
    is_late_fee = fields.Boolean(related="receivable_id.is_late_fee")
    residual = fields.Monetary(related="receivable_id.residual", string="Unpaid")
    amount = fields.Monetary(string="Amount Waived", required=True)

    _amount_positive = models.Constraint(
        "CHECK (amount > 0)", "The amount waived on an item must be positive."
    )

    def _guarded_fields_for_user(self):
        # the items and amounts are the request: fixed once it is asked for
        if any(line.waiver_id.state != "draft" for line in self):
            return {"waiver_id", "receivable_id", "amount"}
        return set()

    @api.model
    def _guard_create_vals(self, vals):
        waiver = self.env["property.waiver"].browse(vals.get("waiver_id"))
        return ["waiver_id"] if waiver and waiver.state != "draft" else []

    @api.ondelete(at_uninstall=False)
    def _unlink_except_asked(self):
        if any(line.waiver_id.state != "draft" for line in self):
            raise UserError(self.env._("The items of a waiver asked for cannot be removed."))

    @api.constrains("receivable_id", "waiver_id")
    def _check_payer(self):
        for line in self:
            item, waiver = line.receivable_id, line.waiver_id
            if (
                item.partner_id != waiver.partner_id.commercial_partner_id
                or item.project_id != waiver.project_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(item)s is not an item of %(payer)s in %(project)s.",
                        item=item.display_name,
                        payer=waiver.partner_id.display_name,
                        project=waiver.project_id.display_name,
                    )
                )

    def _check_amounts(self):
        """Each amount within the item's unpaid amount, each item once."""
        for waiver in self.waiver_id:
            lines = self.filtered(lambda line, w=waiver: line.waiver_id == w)
            if len(lines.receivable_id) != len(lines):
                raise ValidationError(self.env._("Each item is waived once per waiver."))
        for line in self:
            item = line.receivable_id
            if (
                item.state != "open"
                or line.currency_id.compare_amounts(line.amount, item.residual) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(item)s: %(amount)s cannot be waived, only its unpaid %(residual)s.",
                        item=item.display_name,
                        amount=line.amount,
                        residual=item.residual if item.state == "open" else 0.0,
                    )
                )

    def _prepare_credit_line_vals(self):
        """A credit-note line crediting exactly this amount (tax included) of the item."""
        self.ensure_one()
        source = self.receivable_id.move_line_id.sudo()
        taxes = source.tax_ids
        price = self.amount
        if taxes:
            price = taxes.with_context(force_price_include=True).compute_all(
                self.amount, currency=self.currency_id
            )["total_excluded"]
        return {
            "product_id": source.product_id.id,
            "name": self.env._(
                "Waiver %(waiver)s: %(item)s", waiver=self.waiver_id.name, item=source.name
            ),
            "quantity": 1.0,
            "price_unit": price,
            "tax_ids": [fields.Command.set(taxes.ids)],
            "account_id": source.account_id.id,
            "property_unit_id": self.receivable_id.unit_id.id,
            "property_fee_type_id": self.receivable_id.fee_type_id.id,
            "property_credit_receivable_id": self.receivable_id.id,
        }

    @api.depends("waiver_id", "receivable_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = " · ".join(
                part
                for part in (line.waiver_id.display_name, line.receivable_id.display_name)
                if part
            )

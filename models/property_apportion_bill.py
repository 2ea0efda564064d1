from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import billing


class PropertyApportionBill(models.Model):
    """A shared cost (水电公摊, common-area electricity …) split over units by area share."""

    _name = "property.apportion.bill"
    _description = "Shared Cost to Apportion"
    _inherit = ["mail.thread"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True, tracking=True)
    fee_type_id = fields.Many2one(
        "property.fee.type",
        string="Fee Type",
        required=True,
        domain="[('pricing_method', '=', 'apportioned')]",
        check_company=True,
    )
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    building_id = fields.Many2one(
        "property.building",
        string="Building",
        check_company=True,
        domain="[('project_id', '=', project_id)]",
        help="Leave empty to share the cost over the whole project.",
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="Period Start", required=True)
    date_to = fields.Date(string="Period End", required=True)
    amount = fields.Monetary(string="Total Amount", required=True, tracking=True)
    occupied_only = fields.Boolean(
        string="Occupied Units Only",
        help="Share only over occupied units; otherwise over every unit of the target.",
    )

    @api.constrains("amount", "fee_type_id", "date_from", "date_to")
    def _check_amount(self):
        for bill in self:
            if bill.date_to < bill.date_from:
                raise ValidationError(self.env._("The period end cannot be before its start."))
            if bill.amount <= 0:
                raise ValidationError(self.env._("The shared amount must be positive."))
            if bill.fee_type_id.pricing_method != "apportioned":
                raise ValidationError(
                    self.env._(
                        "Fee type %(fee)s is not apportioned by area.", fee=bill.fee_type_id.name
                    )
                )

    def _get_units(self):
        self.ensure_one()
        domain = [("project_id", "=", self.project_id.id)]
        if self.building_id:
            domain.append(("building_id", "=", self.building_id.id))
        if self.occupied_only:
            domain.append(("state", "=", "occupied"))
        return self.env["property.unit"].search(domain, order="id")

    def _get_shares(self):
        """``{unit: amount}``: the total split by gross area, parts summing exactly."""
        self.ensure_one()
        units = self._get_units()
        if not units:
            return {}
        parts = billing.apportion(self.amount, units.mapped("area"))
        return dict(zip(units, parts, strict=True))

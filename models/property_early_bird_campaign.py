from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import billing
from ..tools.charges import Charge


class PropertyEarlyBirdCampaign(models.Model):
    """早鸟优惠: a discount for paying a whole year in advance inside a date window."""

    _name = "property.early.bird.campaign"
    _description = "Early-Bird Campaign"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    project_ids = fields.Many2many(
        "property.project",
        string="Projects",
        check_company=True,
        help="Leave empty for every project.",
    )
    fee_type_ids = fields.Many2many(
        "property.fee.type",
        string="Fee Types",
        check_company=True,
        help="Leave empty for every area or fixed fee.",
    )
    date_from = fields.Date(string="Window Start", required=True, tracking=True)
    date_to = fields.Date(string="Window End", required=True, tracking=True)
    discount_percent = fields.Float(string="Discount (%)", digits=(5, 2), tracking=True)

    @api.constrains("discount_percent", "date_from", "date_to")
    def _check_discount(self):
        for campaign in self:
            if campaign.date_to < campaign.date_from:
                raise ValidationError(self.env._("The window end cannot be before its start."))
            if not 0 < campaign.discount_percent < 100:
                raise ValidationError(
                    self.env._("The early-bird discount must be between 0 and 100 %%.")
                )

    @api.model
    def _get_active(self, company, project, day):
        return self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
                "|",
                ("project_ids", "=", False),
                ("project_ids", "in", project.ids),
            ],
            order="discount_percent desc",
        )

    def _applies_to_fee(self, fee_type):
        self.ensure_one()
        return not self.fee_type_ids or fee_type in self.fee_type_ids

    def _discount_charge(self, fee_type, base, lang):
        """A negative bill line taking the discount off ``base`` (the annual amount)."""
        self.ensure_one()
        this = self.with_context(lang=lang)
        return Charge(
            fee_type_id=fee_type.id,
            product_id=fee_type.product_id.id,
            price_unit=-billing.discount(base, self.discount_percent),
            billing_line=False,
            due=self.date_to,
            label=this.env._(
                "Early-bird discount %(percent)s%% (%(campaign)s): %(fee)s",
                percent=f"{self.discount_percent:g}",
                campaign=this.name,
                fee=fee_type.with_context(lang=lang).name,
            ),
        )

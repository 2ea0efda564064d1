from odoo import api, fields, models


class PropertyDunningPolicy(models.Model):
    """催缴方案: an ordered ladder of dunning levels, used by one or more projects."""

    _name = "property.dunning.policy"
    _description = "Dunning Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the policy between companies."
    )
    level_ids = fields.One2many("property.dunning.level", "policy_id", string="Levels", copy=True)
    project_ids = fields.One2many("property.project", "dunning_policy_id", string="Projects")
    call_window = fields.Char(
        default="09:30-12:00, 15:00-21:00",
        help="Hours in which collectors may call owners. Night calls are not allowed.",
    )
    late_fees_during_pause = fields.Boolean(
        string="Late Fees During Pauses",
        help="Charge late fees also on the days dunning is paused for hardship or a payment "
        "dispute (off by default).",
    )
    note = fields.Html()

    @api.model
    def _get_default(self):
        return self.env.ref(
            "property_fee_collection.property_dunning_policy_default", raise_if_not_found=False
        ) or self.search([], limit=1)

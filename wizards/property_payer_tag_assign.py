from odoo import api, fields, models
from odoo.exceptions import AccessError

STAFF = (
    "property_fee_collection.property_fee_collection_group_collector",
    "property_fee_collection.property_fee_collection_group_customer_service",
    "property_fee_collection.property_fee_collection_group_finance",
)


class PropertyPayerTagAssign(models.TransientModel):
    """Set Payer Tags: collection staff who may see a payer set their tags (钉子户 …)."""

    _name = "property.payer.tag.assign"
    _description = "Set Payer Tags"

    partner_id = fields.Many2one("res.partner", string="Payer", required=True)
    tag_ids = fields.Many2many("property.payer.tag", string="Tags")

    def default_get(self, fields_list):
        vals = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        if partner and "tag_ids" in fields_list:
            vals["tag_ids"] = [fields.Command.set(partner.property_tag_ids.ids)]
        return vals

    def action_confirm(self):
        self.ensure_one()
        if not any(self.env.user.has_group(group) for group in STAFF):
            raise AccessError(self.env._("Only collection staff can set payer tags."))
        partner = self.partner_id
        partner.check_access("read")  # a payer of one of the user's projects
        before = partner.property_tag_ids
        partner.sudo().property_tag_ids = self.tag_ids
        if before != self.tag_ids:
            partner.sudo().message_post(
                body=self.env._(
                    "Payer tags set by %(user)s: %(tags)s",
                    user=self.env.user.name,
                    tags="、".join(self.tag_ids.mapped("name")) or self.env._("none"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}

    @api.depends("partner_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard.partner_id.display_name

import base64

from odoo import api, fields, models


class PropertyDunningDelivery(models.TransientModel):
    """Proof of delivery of a written demand: it restarts the limitation period."""

    _name = "property.dunning.delivery"
    _description = "Proof of Delivery"

    action_id = fields.Many2one("property.dunning.action", required=True, ondelete="cascade")
    delivery_date = fields.Date(required=True, default=fields.Date.context_today)
    delivery_proof = fields.Char(
        string="Proof Reference",
        required=True,
        help="EMS tracking number, registered-mail receipt number or signed-copy reference.",
    )
    proof_file = fields.Binary(string="Scan of the Proof")
    proof_filename = fields.Char()

    @api.depends("action_id", "delivery_proof")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = " · ".join(
                part for part in (wizard.action_id.display_name, wizard.delivery_proof) if part
            )

    def action_confirm(self):
        self.ensure_one()
        attachment = None
        if self.proof_file:
            self.action_id.check_access("write")
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": self.proof_filename or f"{self.delivery_proof}.pdf",
                        "raw": base64.b64decode(self.proof_file),
                        "res_model": "property.dunning.action",
                        "res_id": self.action_id.id,
                    }
                )
            )
        self.action_id._record_delivery(self.delivery_date, self.delivery_proof, attachment)
        return {"type": "ir.actions.act_window_close"}

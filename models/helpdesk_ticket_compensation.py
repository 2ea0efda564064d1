from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class HelpdeskTicket(models.Model):
    """Compensation (补偿) granted on a complaint: see ``property.complaint.compensation``."""

    _inherit = "helpdesk.ticket"

    # === Compensation (补偿) ===
    compensation_ids = fields.One2many(
        "property.complaint.compensation", "ticket_id", string="Compensations"
    )
    compensation_amount = fields.Monetary(
        string="Compensated",
        compute="_compute_compensation_amount",
        compute_sudo=True,
        help="Approved compensation credited to the payer.",
    )

    @api.depends("compensation_ids.state", "compensation_ids.amount")
    def _compute_compensation_amount(self):
        for ticket in self:
            ticket.compensation_amount = sum(
                ticket.compensation_ids.filtered(lambda c: c.state == "approved").mapped("amount")
            )

    # === Actions ===
    def action_request_compensation(self):
        """Open a compensation request (a credit note once a manager approves it)."""
        self.ensure_one()
        if not self._property_is_desk():
            raise AccessError(
                self.env._("Only customer service and managers ask for compensation.")
            )
        if not self.payer_id or not self.project_id:
            raise UserError(self.env._("Set the project and the payer before compensating."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compensation"),
            "res_model": "property.complaint.compensation",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_partner_id": self.payer_id.id,
            },
        }

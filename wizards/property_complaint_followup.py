from odoo import api, fields, models

from ..tools import complaint


class PropertyComplaintFollowup(models.TransientModel):
    """回访: customer service calls the complainant back after the complaint is resolved."""

    _name = "property.complaint.followup"
    _description = "Complaint Follow-up Visit"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", required=True)
    resolution = fields.Html(related="ticket_id.resolution", string="Resolution")
    satisfaction = fields.Selection(list(complaint.SATISFACTION), required=True)
    comment = fields.Text(help="What the complainant said.")
    unsatisfied_action = fields.Selection(
        [("reopen", "Reopen"), ("escalate", "Reopen and Escalate to the Manager")],
        string="If Unsatisfied",
        default="reopen",
        required=True,
    )
    is_satisfied = fields.Boolean(compute="_compute_is_satisfied")
    owner_rating = fields.Char(
        string="Owner's Rating by E-mail", compute="_compute_owner_rating", compute_sudo=True
    )

    @api.depends("ticket_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = wizard.ticket_id.display_name

    @api.depends("satisfaction")
    def _compute_is_satisfied(self):
        for wizard in self:
            wizard.is_satisfied = bool(wizard.satisfaction) and complaint.is_satisfied(
                wizard.satisfaction
            )

    @api.depends("ticket_id")
    def _compute_owner_rating(self):
        for wizard in self:
            rating = wizard.ticket_id.rating_ids.filtered("consumed").sorted("write_date")[-1:]
            wizard.owner_rating = (
                f"{rating.rating:.0f}/5 {rating.feedback or ''}".strip() if rating else False
            )

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._property_record_followup(
            self.satisfaction, self.comment, self.unsatisfied_action
        )
        return {"type": "ir.actions.act_window_close"}

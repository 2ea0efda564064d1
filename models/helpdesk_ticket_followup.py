from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK

from ..tools import complaint
from .helpdesk_ticket_flow import ACTIVITY


class HelpdeskTicket(models.Model):
    """回访: the follow-up visit after a complaint is resolved (satisfaction 1–5 and comment;
    satisfied closes, unsatisfied reopens and may escalate), and the owner's own rating by
    e-mail (OCA helpdesk_mgmt_rating)."""

    _inherit = "helpdesk.ticket"

    # === Fields ===
    satisfaction = fields.Selection(
        list(complaint.SATISFACTION),
        readonly=True,
        copy=False,
        tracking=True,
        help="Score given at the follow-up visit (回访): 1 very dissatisfied … 5 very satisfied.",
    )
    followup_comment = fields.Text(string="Follow-up Comment", readonly=True, copy=False)
    followup_date = fields.Datetime(string="Follow-up Visit On", readonly=True, copy=False)
    followup_user_id = fields.Many2one("res.users", string="Visited By", readonly=True, copy=False)
    escalated = fields.Boolean(readonly=True, copy=False, tracking=True)

    # === Actions ===
    def action_followup(self):
        """Open the follow-up visit form (回访: satisfaction 1–5 and comment)."""
        self.ensure_one()
        if not self._property_is_desk():
            raise AccessError(self.env._("Follow-up visits are recorded by customer service."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-up Visit"),
            "res_model": "property.complaint.followup",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    # === Visit ===
    def _property_schedule_followup(self):
        """Resolved: customer service calls the complainant back (回访)."""
        self.ensure_one()
        ticket = self.sudo()
        ticket.activity_schedule(
            ACTIVITY + "followup",
            date_deadline=fields.Date.add(fields.Date.context_today(self), days=1),
            user_id=(ticket.registered_by_id or self.env.user).id,
            summary=self.env._("Follow-up visit of complaint %(number)s", number=ticket.number),
        )

    def _property_record_followup(self, score, comment, unsatisfied_action="reopen"):
        """Record the visit; satisfied closes, unsatisfied reopens (and may escalate)."""
        self.ensure_one()
        if not self._property_is_desk():
            raise AccessError(self.env._("Follow-up visits are recorded by customer service."))
        if self.property_stage == complaint.RESOLVED:
            self._property_move(complaint.FOLLOWUP)
        if self.property_stage != complaint.FOLLOWUP:
            raise UserError(
                self.env._(
                    "Complaint %(number)s is not waiting for a follow-up visit.",
                    number=self.number,
                )
            )
        self.sudo().write(
            {
                "satisfaction": str(score),
                "followup_comment": comment,
                "followup_date": fields.Datetime.now(),
                "followup_user_id": self.env.uid,
            }
        )
        self._property_done_activities("followup")
        if complaint.is_satisfied(score):
            return self._property_move(complaint.CLOSED)
        self._property_move(complaint.IN_PROGRESS)
        if unsatisfied_action == "escalate":
            self._property_escalate(comment)
        return True

    def _property_escalate(self, reason):
        self.ensure_one()
        ticket = self.sudo()
        ticket.write({"escalated": True, "priority": "3"})
        ticket.activity_schedule(
            ACTIVITY + "escalation",
            date_deadline=fields.Date.context_today(self),
            user_id=ticket._property_manager().id or self.env.uid,
            summary=self.env._("Escalated complaint %(number)s", number=ticket.number),
            note=reason or False,
        )

    # === Owner's rating by e-mail (helpdesk_mgmt_rating) ===
    def _send_ticket_rating_mail(self, force_send=False):
        # queued like every other mail of the addon (never sent inside the transaction)
        return super(
            HelpdeskTicket, self.filtered(lambda t: t.partner_id.email)
        )._send_ticket_rating_mail(force_send=False)

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        result = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rate < RATING_LIMIT_OK:
            escalation = self.env.ref(ACTIVITY + "escalation")
            for ticket in self.sudo():
                if ticket.activity_ids.filtered(lambda a, t=escalation: a.activity_type_id == t):
                    continue
                manager = ticket._property_manager()
                # written in the manager's language (the owner rates from a public page)
                ticket = ticket.with_context(lang=manager.lang or self.env.lang)
                ticket.activity_schedule(
                    ACTIVITY + "escalation",
                    date_deadline=fields.Date.context_today(ticket),
                    user_id=manager.id or self.env.uid,
                    summary=ticket.env._(
                        "The owner is not satisfied with complaint %(number)s",
                        number=ticket.number,
                    ),
                    note=Markup("<p>%s</p>") % (feedback or ""),
                )
        return result

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from ..tools import complaint

ACTIVITY = "property_fee_collection.mail_activity_type_complaint_"


class HelpdeskTicket(models.Model):
    """The complaint flow: received → acknowledged → assigned → in progress → resolved →
    follow-up visit (回访) → closed, with reopening. Every stage change (buttons, kanban,
    import) is checked against ``tools.complaint.TRANSITIONS`` and the user's role."""

    _inherit = "helpdesk.ticket"

    # === Fields ===
    acknowledged_date = fields.Datetime(string="Acknowledged On", readonly=True, copy=False)
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False)

    # === Transition checks (called by write) ===
    def _property_check_initial_stage(self, stage_id):
        stage = self.env["helpdesk.ticket.stage"].browse(stage_id or [])
        if stage.property_stage not in (False, complaint.RECEIVED):
            raise UserError(self.env._("A new complaint starts in the stage 'Received'."))

    def _property_check_transition(self, stage, vals=None):
        if self.env.su:
            return
        vals = vals or {}
        step = stage.property_stage
        names = dict(
            self.env["helpdesk.ticket.stage"]
            ._fields["property_stage"]
            ._description_selection(self.env)
        )
        for ticket in self:
            role = complaint.transition_role(ticket.property_stage, step)
            if role is None:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot go from '%(from)s' to '%(to)s'.",
                        number=ticket.number,
                        **{"from": ticket.stage_id.name, "to": stage.name},
                    )
                )
            allowed = {
                complaint.DESK: ticket._property_is_desk,
                complaint.HANDLER: ticket._property_is_handler,
                complaint.MANAGER: ticket._property_is_manager,
            }[role]()
            if not allowed:
                raise AccessError(
                    self.env._(
                        "You may not move complaint %(number)s to '%(step)s': %(who)s only.",
                        number=ticket.number,
                        step=names.get(step, stage.name),
                        who={
                            complaint.DESK: self.env._("customer service and managers"),
                            complaint.HANDLER: self.env._(
                                "the responsible person, the lead department, customer "
                                "service and managers"
                            ),
                            complaint.MANAGER: self.env._("managers"),
                        }[role],
                    )
                )
            ticket._property_check_step_data(step, vals)

    def _property_check_step_data(self, step, vals):
        self.ensure_one()

        def value(name):
            return vals[name] if name in vals else self[name]

        if step == complaint.ASSIGNED and not (value("team_id") and value("user_id")):
            raise UserError(
                self.env._(
                    "Choose the lead department and the responsible person of complaint "
                    "%(number)s before dispatching it.",
                    number=self.number,
                )
            )
        if step == complaint.RESOLVED and is_html_empty(value("resolution")):
            raise UserError(
                self.env._(
                    "Describe how complaint %(number)s was resolved before marking it resolved.",
                    number=self.number,
                )
            )
        if (
            step == complaint.CLOSED
            and self.property_stage == complaint.FOLLOWUP
            and not value("satisfaction")
        ):
            raise UserError(
                self.env._(
                    "Record the follow-up visit of complaint %(number)s before closing it.",
                    number=self.number,
                )
            )

    # === After a stage change (called by write) ===
    def _property_after_stage_change(self, old_steps):
        now = fields.Datetime.now()
        for ticket in self:
            step, old = ticket.property_stage, old_steps.get(ticket.id)
            vals = {}
            if step not in (complaint.RECEIVED, complaint.CANCELLED, False):
                if not ticket.acknowledged_date:
                    vals["acknowledged_date"] = now
            if step == complaint.RESOLVED:
                vals["resolved_date"] = now
            reopened = step == complaint.IN_PROGRESS and old in complaint.DONE_STAGES
            if reopened:
                vals.update(
                    reopen_count=ticket.reopen_count + 1,
                    resolved_date=False,
                    satisfaction=False,
                    followup_date=False,
                    followup_user_id=False,
                    followup_comment=False,
                )
            if vals:
                ticket.sudo().write(vals)
            if "acknowledged_date" in vals:
                ticket._property_send_acknowledgement()
            if step == complaint.ASSIGNED:
                ticket._property_notify_dispatch()
            elif reopened:
                ticket._property_notify_reopen()
            elif step == complaint.FOLLOWUP:
                ticket._property_schedule_followup()
            if step in complaint.DONE_STAGES:
                ticket._property_done_activities("handle")
            if step in (complaint.CLOSED, complaint.CANCELLED):
                ticket._property_done_activities("followup")

    def _property_send_acknowledgement(self):
        """回执: the complainant gets the registration number and the deadline by e-mail (also
        when the desk acknowledges and dispatches at once)."""
        self.ensure_one()
        if self.partner_id.email or self.partner_email:
            self.sudo().message_post_with_source(
                "property_fee_collection.mail_template_complaint_acknowledged",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _property_notify_dispatch(self):
        """The responsible department is told: followers, a note and a task with the deadline."""
        self.ensure_one()
        ticket = self.sudo()
        partners = (
            ticket.user_id.partner_id
            | ticket.team_id.user_id.partner_id
            | ticket.other_team_ids.user_id.partner_id
        )
        ticket.message_subscribe(partner_ids=partners.ids)
        deadline = ticket.resolve_deadline
        ticket.message_post(
            body=self.env._(
                "Dispatched to %(team)s (responsible: %(user)s%(others)s); to be resolved by "
                "%(deadline)s.",
                team=ticket.team_id.display_name,
                user=ticket.user_id.name,
                others=(
                    self.env._(
                        ", also involved: %(teams)s",
                        teams=", ".join(ticket.other_team_ids.mapped("display_name")),
                    )
                    if ticket.other_team_ids
                    else ""
                ),
                deadline=ticket._property_format_datetime(deadline),
            ),
            partner_ids=partners.ids,
            subtype_xmlid="mail.mt_note",
        )
        ticket._property_done_activities("handle")
        ticket.activity_schedule(
            ACTIVITY + "handle",
            date_deadline=ticket._property_local_date(deadline),
            user_id=ticket.user_id.id,
            summary=self.env._("Handle complaint %(number)s", number=ticket.number),
            note=ticket.owner_demand or ticket.name,
        )

    def _property_notify_reopen(self):
        self.ensure_one()
        ticket = self.sudo()
        if ticket.user_id:
            ticket.activity_schedule(
                ACTIVITY + "handle",
                date_deadline=fields.Date.context_today(self),
                user_id=ticket.user_id.id,
                summary=self.env._("Complaint %(number)s reopened", number=ticket.number),
                note=ticket.followup_comment or False,
            )

    def _property_done_activities(self, kind):
        activity_type = self.env.ref(ACTIVITY + kind)
        self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_feedback(feedback=self.env._("Done: %(stage)s", stage=self.stage_id.name))

    def _property_manager(self):
        """Who gets the manager's tasks: the project manager, else the department leader."""
        self.ensure_one()
        ticket = self.sudo()
        return ticket.project_id.manager_id or ticket.team_id.user_id or ticket.registered_by_id

    def _property_local_date(self, value):
        if not value:
            return fields.Date.context_today(self)
        return fields.Datetime.context_timestamp(self, value).date()

    def _property_format_datetime(self, value):
        if not value:
            return ""
        return fields.Datetime.context_timestamp(self, value).strftime("%Y-%m-%d %H:%M")

    # === Moves ===
    def _property_stage_for(self, step):
        self.ensure_one()
        stages = self.team_id._get_applicable_stages()
        stage = stages.filtered(lambda s: s.property_stage == step)[:1]
        if not stage:
            raise UserError(
                self.env._(
                    "No active stage is set up for the complaint step '%(step)s'.", step=step
                )
            )
        return stage

    def _property_move(self, step):
        for ticket in self:
            ticket.write({"stage_id": ticket._property_stage_for(step).id})
        return True

    # === Actions (buttons) ===
    def action_acknowledge(self):
        """确认受理: the desk confirms the complaint; the complainant gets the number and the
        deadline by e-mail."""
        return self._property_move(complaint.ACKNOWLEDGED)

    def action_dispatch(self):
        """派单: to the lead department and the responsible person (acknowledges first)."""
        for ticket in self:
            if ticket.property_stage == complaint.RECEIVED:
                ticket.action_acknowledge()
            if ticket.property_stage == complaint.ASSIGNED:  # dispatched again
                if not ticket._property_is_desk():
                    raise AccessError(self.env._("Only customer service and managers dispatch."))
                ticket._property_check_step_data(complaint.ASSIGNED, {})
                ticket._property_notify_dispatch()
            else:
                ticket._property_move(complaint.ASSIGNED)
        return True

    def action_start(self):
        return self._property_move(complaint.IN_PROGRESS)

    def action_resolve(self):
        return self._property_move(complaint.RESOLVED)

    def action_start_followup(self):
        return self._property_move(complaint.FOLLOWUP)

    def action_close(self):
        return self._property_move(complaint.CLOSED)

    def action_reopen(self):
        return self._property_move(complaint.IN_PROGRESS)

    def action_cancel_complaint(self):
        return self._property_move(complaint.CANCELLED)

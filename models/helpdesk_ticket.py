from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import is_html_empty

from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK

from ..tools import complaint

ESCALATIONS = [("ack", "Acknowledgement Overdue"), ("resolve", "Resolution Overdue")]


ACTIVITY = "property_fee_collection.mail_activity_type_complaint_"


GROUP = "property_fee_collection.property_fee_collection_group_"
CUSTOMER_SERVICE = GROUP + "customer_service"
COLLECTOR = GROUP + "collector"
MANAGER = GROUP + "manager"
HELPDESK_MANAGER = "helpdesk_mgmt.group_helpdesk_manager"

# Fields set only by the complaint's own methods (which check the role and write them in
# sudo mode): a plain write or create by a user is refused, whatever the client sends.
PROTECTED_FIELDS = frozenset(
    {
        "registered_by_id",
        "dispute_active",
        "dunning_state_id",
        "collection_activity_id",
        "ack_deadline",
        "resolve_deadline",
        "acknowledged_date",
        "resolved_date",
        "overdue_escalation",
        "satisfaction",
        "followup_comment",
        "followup_date",
        "followup_user_id",
        "reopen_count",
        "escalated",
    }
)


class HelpdeskTicket(models.Model):
    """投诉: OCA helpdesk tickets extended into the complaint register of a property company.

    Sections: registration (《业主投诉登记表》) with the links to the unit, the payer and their
    arrears and the payment-dispute pause of dunning; the stage flow; deadlines; the
    follow-up visit (回访) and rating; compensation (补偿).
    """

    _inherit = "helpdesk.ticket"
    _check_company_auto = True

    # === Registration (《业主投诉登记表》) ===
    complaint_date = fields.Datetime(
        string="Complaint Time",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the owner complained; the deadlines count from this moment.",
    )
    registered_by_id = fields.Many2one(
        "res.users",
        string="Registered By",
        readonly=True,
        copy=False,
        default=lambda self: self.env.user if not self.env.user.share else False,
    )
    location = fields.Char(string="Place")
    people_involved = fields.Char()
    owner_demand = fields.Text(string="Owner's Demand", help="What the complainant asks for.")
    project_id = fields.Many2one(
        "property.project",
        string="Project",
        compute="_compute_project_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    unit_id = fields.Many2one(
        "property.unit",
        string="Unit",
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('project_id', '=?', project_id)]",
    )
    payer_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_payer_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        help="Who pays the unit's fees (the owner, or a tenant who is billed): a payment "
        "dispute pauses this payer's dunning in the project.",
    )
    dunning_state_id = fields.Many2one(
        "property.dunning.state",
        string="Payer Record",
        compute="_compute_dunning_state_id",
        store=True,
        index="btree_not_null",
        help="Where the payer stands in the dunning of this project.",
    )
    other_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "helpdesk_ticket_other_team_rel",
        "ticket_id",
        "team_id",
        string="Other Departments",
        check_company=True,
        help="Departments involved besides the lead department (牵头部门).",
    )
    collection_activity_id = fields.Many2one(
        "property.collection.activity",
        string="From Collection Call",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The collection call or visit in which the payer refused to pay over this issue.",
    )

    # === Handling ===
    investigation = fields.Html(string="Investigation Notes", sanitize_style=True)
    resolution = fields.Html(sanitize_style=True)
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_evidence_rel",
        "ticket_id",
        "attachment_id",
        string="Evidence",
        help="Photos, videos and documents gathered during the investigation.",
    )
    property_stage = fields.Selection(
        related="stage_id.property_stage", store=True, index=True, string="Complaint Step"
    )

    # === Payment dispute (拒缴原因) ===
    payment_dispute = fields.Boolean(
        tracking=True,
        copy=False,
        help="The payer refuses to pay until this complaint is handled: dunning of the payer "
        "in this project pauses until the complaint is resolved or closed.",
    )
    dispute_active = fields.Boolean(
        string="Pauses Dunning",
        compute="_compute_dispute_active",
        store=True,
        index=True,
    )

    # === Arrears of the payer ===
    currency_id = fields.Many2one(related="company_id.currency_id")
    payer_overdue_amount = fields.Monetary(
        related="dunning_state_id.overdue_amount", string="Payer Overdue"
    )
    payer_open_amount = fields.Monetary(related="dunning_state_id.open_amount", string="Payer Owes")
    payer_oldest_due_date = fields.Date(
        related="dunning_state_id.oldest_due_date", string="Oldest Overdue Date"
    )
    payer_level_id = fields.Many2one(related="dunning_state_id.level_id", string="Dunning Level")

    # === Compute methods ===
    @api.depends("partner_id")
    def _compute_unit_id(self):
        for ticket in self:
            units = ticket.partner_id and not ticket.unit_id and ticket._property_partner_units()
            ticket.unit_id = ticket.unit_id or (units if units and len(units) == 1 else False)

    @api.depends("unit_id", "partner_id")
    def _compute_project_id(self):
        for ticket in self:
            if ticket.unit_id or ticket.project_id or not ticket.partner_id:
                ticket.project_id = ticket.unit_id.project_id or ticket.project_id
                continue
            projects = ticket._property_partner_units().project_id
            ticket.project_id = projects if len(projects) == 1 else False

    @api.depends("unit_id", "partner_id")
    def _compute_payer_id(self):
        for ticket in self:
            ticket.payer_id = (
                ticket.unit_id.sudo().payer_id or ticket.partner_id.commercial_partner_id
            )

    @api.depends("payer_id", "project_id")
    def _compute_dunning_state_id(self):
        keyed = self.filtered(lambda t: t.payer_id and t.project_id)
        states = {}
        if keyed:
            for state in (
                self.env["property.dunning.state"]
                .sudo()
                .search_fetch(
                    [
                        ("partner_id", "in", keyed.payer_id.commercial_partner_id.ids),
                        ("project_id", "in", keyed.project_id.ids),
                    ],
                    ["partner_id", "project_id"],
                )
            ):
                states[state.partner_id.id, state.project_id.id] = state.id
        for ticket in self:
            key = (ticket.payer_id.commercial_partner_id.id, ticket.project_id.id)
            ticket.dunning_state_id = states.get(key, False)

    @api.depends("payment_dispute", "property_stage", "active")
    def _compute_dispute_active(self):
        for ticket in self:
            ticket.dispute_active = complaint.dispute_pauses(
                ticket.payment_dispute, ticket.property_stage, ticket.active
            )

    @api.onchange("category_id")
    def _onchange_category_id_property(self):
        """The department in charge of the category leads by default."""
        if self.category_id and not self.team_id:
            self.team_id = self.env["helpdesk.ticket.team"].search(
                [
                    ("category_ids", "in", self.category_id.ids),
                    ("company_id", "in", [False, self.company_id.id]),
                ],
                limit=1,
            )

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._property_check_protected(vals)
                if vals.get("payment_dispute"):
                    self._property_check_dispute_rights()
                self._property_check_initial_stage(vals.get("stage_id"))
        tickets = super().create(vals_list)
        tickets._property_ensure_dunning_states()
        tickets.dunning_state_id._property_sync_dispute_pauses()
        return tickets

    def write(self, vals):
        if not self.env.su:
            self._property_check_protected(vals)
            if "payment_dispute" in vals:
                self._property_check_dispute_rights()
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id") or [])
        moving = self.filtered(lambda t: stage and t.stage_id != stage)
        if moving:
            moving._property_check_transition(stage, vals)
        old_steps = {ticket.id: ticket.property_stage for ticket in moving}
        states_before = self.dunning_state_id
        result = super().write(vals)
        if moving:
            moving._property_after_stage_change(old_steps)
        if vals.keys() & {"payment_dispute", "payer_id", "project_id", "unit_id", "partner_id"}:
            self._property_ensure_dunning_states()
        if moving or vals.keys() & {"payment_dispute", "active", "payer_id", "project_id"}:
            (states_before | self.dunning_state_id)._property_sync_dispute_pauses()
        return result

    def _prepare_ticket_number(self, values):
        """Registration number of the complaint register: TS2026-00001."""
        sequence = self.env["ir.sequence"]
        if values.get("company_id"):
            sequence = sequence.with_company(values["company_id"])
        number = sequence.next_by_code("property.complaint")
        return number or super()._prepare_ticket_number(values)

    # === Rights ===
    def _property_check_protected(self, vals):
        forbidden = PROTECTED_FIELDS & vals.keys()
        if forbidden:
            raise AccessError(
                self.env._(
                    "These complaint fields change only through the complaint's buttons: "
                    "%(fields)s.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(forbidden)
                    ),
                )
            )

    def _property_check_dispute_rights(self):
        user = self.env.user
        if not (user.has_group(CUSTOMER_SERVICE) or user.has_group(COLLECTOR)):
            raise AccessError(
                self.env._(
                    "Only customer service, collectors and managers can mark or clear a "
                    "payment dispute: it pauses the payer's dunning."
                )
            )

    def _property_is_desk(self):
        user = self.env.user
        return self.env.su or user.has_group(CUSTOMER_SERVICE) or user.has_group(HELPDESK_MANAGER)

    def _property_is_manager(self):
        user = self.env.user
        return self.env.su or user.has_group(MANAGER) or user.has_group(HELPDESK_MANAGER)

    def _property_is_handler(self):
        """The responsible person, a member or the leader of the lead department, or the desk."""
        self.ensure_one()
        user = self.env.user
        team = self.sudo().team_id
        return (
            self._property_is_desk()
            or self.sudo().user_id == user
            or user in team.user_ids
            or team.user_id == user
        )

    # === Links to the register and to dunning ===
    def _property_partner_units(self):
        """Units the complainant (or their company) owns, rents or occupies today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        occupancies = self.env["property.unit.occupancy"].search(
            Domain("partner_id", "child_of", self.partner_id.commercial_partner_id.id)
            & Domain("date_from", "<=", today)
            & (Domain("date_to", "=", False) | Domain("date_to", ">=", today))
        )
        return occupancies.unit_id

    def _property_ensure_dunning_states(self):
        """A payment dispute pauses the payer's dunning state: create it when the payer has
        none yet in the project (the daily dunning run fills in the amounts)."""
        missing = self.filtered(
            lambda t: t.payment_dispute and t.payer_id and t.project_id and not t.dunning_state_id
        )
        if not missing:
            return
        States = self.env["property.dunning.state"].sudo()
        keys = {(t.payer_id.commercial_partner_id.id, t.project_id.id) for t in missing}
        States.create([{"partner_id": partner, "project_id": project} for partner, project in keys])
        # the dunning state's create() links the complaints of its payer and project

    def _property_review_task(self, activity):
        """The manager reviews a complaint a payer gave as the reason not to pay."""
        self.ensure_one()
        ticket = self.sudo()
        ticket.activity_schedule(
            "property_fee_collection.mail_activity_type_complaint_review",
            date_deadline=fields.Date.context_today(self),
            user_id=ticket._property_manager().id or self.env.uid,
            summary=self.env._(
                "%(payer)s refuses to pay over complaint %(number)s",
                payer=activity.partner_id.name,
                number=ticket.number,
            ),
            note=activity.note or False,
        )

    # === Actions ===
    def action_view_dunning_state(self):
        self.ensure_one()
        if not self.dunning_state_id:
            raise UserError(self.env._("The payer has no dunning record in this project."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.dunning.state",
            "res_id": self.dunning_state_id.id,
            "view_mode": "form",
        }

    # ===== Stage flow (处理流程) =====
    # The complaint flow: received → acknowledged → assigned → in progress → resolved →
    # follow-up visit (回访) → closed, with reopening. Every stage change (buttons, kanban,
    # import) is checked against ``tools.complaint.TRANSITIONS`` and the user's role.
    # --- Fields ---
    acknowledged_date = fields.Datetime(string="Acknowledged On", readonly=True, copy=False)
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    reopen_count = fields.Integer(string="Reopened", readonly=True, copy=False)

    # --- Transition checks (called by write) ---
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

    # --- After a stage change (called by write) ---
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

    # --- Moves ---
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

    # --- Actions (buttons) ---
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

    # ===== Deadlines (处理时限) =====
    # Complaint deadlines (处理时限): acknowledge and resolve by a date counted in the
    # company's working calendar (``property.complaint.deadline``); overdue complaints are
    # highlighted and the hourly job gives their manager a task.
    # --- Fields ---
    ack_deadline = fields.Datetime(
        string="Acknowledge By",
        compute="_compute_deadlines",
        store=True,
        readonly=True,
        copy=False,
    )
    resolve_deadline = fields.Datetime(
        string="Resolve By",
        compute="_compute_deadlines",
        store=True,
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    next_deadline = fields.Datetime(
        string="Deadline",
        compute="_compute_next_deadline",
        help="Acknowledge-by date until the complaint is acknowledged, then resolve-by date.",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    overdue_escalation = fields.Selection(
        ESCALATIONS,
        string="Escalated as",
        readonly=True,
        copy=False,
        help="Which missed deadline the manager was last given a task for.",
    )

    # --- Compute methods ---
    @api.depends("complaint_date", "category_id", "priority", "company_id")
    def _compute_deadlines(self):
        Rules = self.env["property.complaint.deadline"]
        for ticket in self:
            if not ticket.complaint_date:
                ticket.ack_deadline = ticket.resolve_deadline = False
                continue
            ticket.ack_deadline, ticket.resolve_deadline = Rules._deadlines(
                ticket.company_id or self.env.company,
                ticket.category_id,
                ticket.priority,
                ticket.complaint_date,
            )

    @api.depends(
        "ack_deadline", "resolve_deadline", "acknowledged_date", "resolved_date", "property_stage"
    )
    def _compute_next_deadline(self):
        for ticket in self:
            if ticket.property_stage in complaint.DONE_STAGES:
                ticket.next_deadline = False
            elif not ticket.acknowledged_date:
                ticket.next_deadline = ticket.ack_deadline
            else:
                ticket.next_deadline = ticket.resolve_deadline

    @api.depends("next_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_overdue = bool(ticket.next_deadline and ticket.next_deadline < now)

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        return self._property_overdue_domain("ack") | self._property_overdue_domain("resolve")

    @api.model
    def _property_overdue_domain(self, kind):
        now = fields.Datetime.now()
        if kind == "ack":
            return (
                Domain("acknowledged_date", "=", False)
                & Domain("ack_deadline", "<", now)
                & Domain("property_stage", "=", complaint.RECEIVED)
            )
        return (
            Domain("acknowledged_date", "!=", False)
            & Domain("resolved_date", "=", False)
            & Domain("resolve_deadline", "<", now)
            & Domain("property_stage", "in", complaint.OPEN_STAGES)
        )

    # --- Overdue job ---
    @api.model
    def _cron_complaint_deadlines(self):
        """Give the manager a task for each complaint that missed a deadline (once per
        deadline) and note it in the complaint's chatter."""
        for kind in ("ack", "resolve"):
            late = self.search(
                self._property_overdue_domain(kind) & Domain("overdue_escalation", "!=", kind)
            )
            late._property_escalate_overdue(kind)

    def _property_escalate_overdue(self, kind):
        for ticket in self.sudo():
            manager = ticket._property_manager()
            # written in the manager's language (the job runs as OdooBot)
            ticket = ticket.with_context(lang=manager.lang or self.env.lang, tz=manager.tz)
            labels = dict(ticket._fields["overdue_escalation"]._description_selection(ticket.env))
            deadline = ticket.ack_deadline if kind == "ack" else ticket.resolve_deadline
            summary = ticket.env._(
                "%(what)s: complaint %(number)s (due %(deadline)s)",
                what=labels[kind],
                number=ticket.number,
                deadline=ticket._property_format_datetime(deadline),
            )
            ticket.activity_schedule(
                "property_fee_collection.mail_activity_type_complaint_overdue",
                date_deadline=fields.Date.context_today(ticket),
                user_id=manager.id or self.env.uid,
                summary=summary,
            )
            ticket.message_post(body=summary, subtype_xmlid="mail.mt_note")
            ticket.write({"overdue_escalation": kind})

    # ===== Follow-up visit (回访) and the owner's rating =====
    # 回访: the follow-up visit after a complaint is resolved (satisfaction 1–5 and comment;
    # satisfied closes, unsatisfied reopens and may escalate), and the owner's own rating by
    # e-mail (OCA helpdesk_mgmt_rating).
    # --- Fields ---
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

    # --- Actions ---
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

    # --- Visit ---
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

    # --- Owner's rating by e-mail (helpdesk_mgmt_rating) ---
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

    # ===== Compensation (补偿) =====
    # Compensation (补偿) granted on a complaint: see ``property.complaint.compensation``.
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

    # --- Actions ---
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

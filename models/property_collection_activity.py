from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools import call_window, complaint
from .helpdesk_ticket import COLLECTOR, CUSTOMER_SERVICE
from .property_dunning_state import CONTACT_TYPES, DEFAULT_TZ

CALL = "property_fee_collection.mail_activity_type_collection_call"
VISIT = "property_fee_collection.mail_activity_type_collection_visit"
TODO = "mail.mail_activity_data_todo"
CALL_HOURS = [
    ("window", "Within Call Hours"),
    ("outside", "Outside Call Hours"),
    ("night", "At Night"),
]

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
CLOCK_SKEW_MINUTES = 10  # the browser's clock may run a little ahead of the server's

ACTIVITY_TYPES = [
    ("call", "Phone Call"),
    ("sms", "SMS"),
    ("wechat", "WeChat"),
    ("visit", "Visit"),
    ("letter", "Letter"),
    ("express", "Express Mail"),
    ("lawyer", "Lawyer's Letter"),
    ("legal", "Legal Action"),
]
OUTCOMES = [
    ("a_promise", "A · Will pay on a date"),
    ("b_no_date", "B · Will pay, no date yet"),
    ("c_unreachable", "C · Unreachable"),
    ("d_away", "D · Lives elsewhere / away"),
    ("e_refuses", "E · Refuses over service"),
    ("paid", "Paid"),
    ("wrong_number", "Wrong Number"),
]
ARREARS_CATEGORIES = [
    ("temporary", "Temporary"),
    ("long_term", "Long-term"),
    ("malicious", "Malicious"),
    ("hardship", "Special Hardship"),
]
REASONS = [
    ("forgot", "Forgot"),
    ("service", "Service Dissatisfaction"),
    ("quality", "Developer Quality Dispute"),
    ("financial", "Financial Hardship"),
    ("absent", "Vacant / Absent"),
    ("malicious", "Malicious"),
    ("other", "Other"),
]


class PropertyCollectionActivity(models.Model):
    """催收记录: one call, visit, message or letter to a payer, and what came of it."""

    _name = "property.collection.activity"
    _description = "Collection Activity"
    _inherit = ["mail.thread", "property.guarded.mixin", "property.kpi.queue.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # the collector KPIs read these fields (report refresh, property.kpi.queue.mixin)
    _kpi_fields = frozenset({"date", "partner_id", "project_id", "collector_id", "outcome"})
    _kpi_queue_method = "_queue_contacts"
    _report_contact_idx = models.Index("(project_id, date)")
    # A logged call is evidence (and the manager signs off the day's records): after it is
    # logged, collectors may only add notes and classify the arrears.
    _guarded_fields = (
        "activity_type",
        "date",
        "collector_id",
        "state_id",
        "partner_id",
        "project_id",
        "unit_ids",
        "outcome",
        "promise_date",
        "promise_amount",
        "promise_id",
    )

    activity_type = fields.Selection(
        ACTIVITY_TYPES, string="Type", required=True, default="call", tracking=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    state_id = fields.Many2one(
        "property.dunning.state", string="Dunning State", index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Payer", required=True, index=True)
    phone = fields.Char(related="partner_id.phone")
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_ids = fields.Many2many("property.unit", string="Units")
    outcome = fields.Selection(OUTCOMES, required=True, tracking=True)
    arrears_category = fields.Selection(ARREARS_CATEGORIES)
    reason = fields.Selection(REASONS, string="Reason Code")
    note = fields.Text(string="Notes")
    promise_date = fields.Date(string="Promised Payment Date", tracking=True)
    promise_amount = fields.Monetary(string="Promised Amount", tracking=True)
    promise_id = fields.Many2one("property.payment.promise", readonly=True)

    # === Display name (breadcrumbs, links) ===
    @api.depends("partner_id", "activity_type", "date")
    def _compute_display_name(self):
        types = dict(self._fields["activity_type"]._description_selection(self.env))
        for activity in self:
            activity.display_name = " ".join(
                str(part)
                for part in (
                    activity.partner_id.name,
                    types.get(activity.activity_type),
                    activity.date and activity.date.date(),
                )
                if part
            )

    @api.constrains("outcome", "promise_date", "promise_amount", "date")
    def _check_promise(self):
        for activity in self:
            if activity.outcome != "a_promise":
                continue
            if not activity.promise_date or activity.promise_amount <= 0:
                raise ValidationError(
                    self.env._("Outcome A needs the promised payment date and a positive amount.")
                )
            if activity.promise_date < activity.date.date():
                raise ValidationError(self.env._("The promised date cannot be in the past."))

    def _guarded_fields_for_user(self):
        # managers correct the log (tracked in the chatter); the promise stays the cron's
        if self.env.user.has_group(MANAGER):
            return {"promise_id"}
        return super()._guarded_fields_for_user()

    @api.model
    def _guard_create_vals(self, vals):
        """Users log their own activities, not in the future, without a ready-made promise."""
        if vals.get("promise_id"):
            return ["promise_id"]
        if self.env.user.has_group(MANAGER):
            return []
        if vals.get("collector_id") not in (None, False, self.env.uid):
            raise AccessError(
                self.env._("You can only log collection activities in your own name.")
            )
        latest = fields.Datetime.now() + timedelta(minutes=CLOCK_SKEW_MINUTES)
        if vals.get("date") and fields.Datetime.to_datetime(vals["date"]) > latest:
            raise ValidationError(self.env._("A collection activity cannot be in the future."))
        return []

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        self.env["property.collection.day"]._check_open(activities)
        activities._link_state()
        activities.filtered(lambda a: a.outcome == "a_promise")._create_promises()
        activities._close_due_tasks()
        contacts = activities.filtered(lambda a: a.state_id and a.activity_type in CONTACT_TYPES)
        for activity in contacts:
            activity.state_id._record_contact(activity._local_date_time().date())
        activities._plan_next_steps()
        return activities

    # === Day sign-off (property.collection.day): a signed-off day's records stay ===
    def write(self, vals):
        if set(vals) - {"message_main_attachment_id"}:
            self.env["property.collection.day"]._check_open(self)
        res = super().write(vals)
        if "date" in vals or "collector_id" in vals:
            self.env["property.collection.day"]._check_open(self)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_day(self):
        self.env["property.collection.day"]._check_open(self)

    def _link_state(self):
        States = self.env["property.dunning.state"]
        for activity in self.filtered(lambda a: not a.state_id):
            activity.sudo().state_id = States.search(
                [
                    ("partner_id", "=", activity.partner_id.id),
                    ("project_id", "=", activity.project_id.id),
                ],
                limit=1,
            )

    def _create_promises(self):
        """The promise of an outcome A, made on the day of the call (the activity checked the
        terms; the promise's state is then the cron's)."""
        promises = (
            self.env["property.payment.promise"]
            .sudo()
            .create(
                [
                    {
                        "partner_id": activity.partner_id.id,
                        "project_id": activity.project_id.id,
                        "state_id": activity.state_id.id,
                        "activity_id": activity.id,
                        "date": activity.date.date(),
                        "promise_date": activity.promise_date,
                        "amount": activity.promise_amount,
                        "collector_id": activity.collector_id.id,
                    }
                    for activity in self
                ]
            )
        )
        for activity, promise in zip(self, promises.sudo(False), strict=True):
            activity.sudo().promise_id = promise

    def _close_due_tasks(self):
        """Logging a call or visit completes the matching task of the dunning state."""
        kinds = {
            "call": "property_fee_collection.mail_activity_type_collection_call",
            "visit": "property_fee_collection.mail_activity_type_collection_visit",
        }
        for activity in self.filtered(lambda a: a.state_id and a.activity_type in kinds):
            task_type = self.env.ref(kinds[activity.activity_type])
            tasks = activity.state_id.activity_ids.filtered(
                lambda t, tt=task_type: t.activity_type_id == tt
            )
            outcome = dict(self._fields["outcome"]._description_selection(self.env))[
                activity.outcome
            ]
            tasks.action_feedback(
                feedback=outcome + (f": {activity.note}" if activity.note else "")
            )

    # Outcome E (the payer refuses over the service): one click registers the complaint,
    # marked as payment dispute, and gives the manager a task.
    complaint_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    def action_create_complaint(self):
        self.ensure_one()
        user = self.env.user
        if not (user.has_group(COLLECTOR) or user.has_group(CUSTOMER_SERVICE)):
            raise AccessError(self.env._("Only collectors and customer service log complaints."))
        if self.outcome != "e_refuses":
            raise UserError(
                self.env._("A complaint is created from outcome E (refuses over service).")
            )
        ticket = self._register_complaint()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "target": "current",
        }

    def _register_complaint(self):
        """The complaint of an outcome E (once): marked as payment dispute, with a review task
        for the project manager."""
        self.ensure_one()
        ticket = self.complaint_ticket_id
        if not ticket:
            ticket = self.env["helpdesk.ticket"].create(self._prepare_complaint_vals())
            ticket.sudo().write({"collection_activity_id": self.id})
            self.sudo().complaint_ticket_id = ticket
            ticket._property_review_task(self)
        return ticket

    def _prepare_complaint_vals(self):
        self.ensure_one()
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        notes = (self.note or "").strip()
        summary = notes.splitlines()[0][:60] if notes else reasons.get(self.reason, "")
        return {
            "name": self.env._(
                "Refuses to pay: %(summary)s", summary=summary or self.partner_id.name
            ),
            "description": plaintext2html(notes)
            if notes
            else self.env._("<p>Logged during a collection call.</p>"),
            "partner_id": self.partner_id.id,
            "payer_id": self.partner_id.id,
            "project_id": self.project_id.id,
            "unit_id": self.unit_ids[:1].id,
            "category_id": self.env["helpdesk.ticket.category"]
            ._property_find(
                complaint.guess_category(notes, self.reason), self.project_id.company_id
            )
            .id,
            "channel_id": self.env.ref(
                "property_fee_collection.helpdesk_ticket_channel_collection"
            ).id,
            "complaint_date": self.date,
            "payment_dispute": True,
            "company_id": self.project_id.company_id.id,
        }

    # ===== Next steps that follow a call outcome =====
    # What follows a logged call or visit (seed 003, lines 653–723), and when it happened.
    #
    # Each outcome plans its next step on the payer's dunning state, inside the policy's call
    # windows (settings on the dunning policy):
    #
    # - A will pay on a date → a reminder call the day before the promised date;
    # - B will pay, no date → call again the next working day, up to N times, then a visit;
    # - C unreachable (and wrong number) → check the number today and a visit;
    # - D lives elsewhere → the remote-payment route by SMS and e-mail (queued), a follow-up
    # call;
    # - E refuses over the service → a task for the project manager, who is informed.

    call_hours = fields.Selection(
        CALL_HOURS,
        compute="_compute_call_hours",
        store=True,
        help="When a call or visit was made, against the policy's call windows (night: "
        "22:00 to 08:00).",
    )

    call_hours_warning = fields.Char(compute="_compute_call_hours_warning")

    @api.depends("date", "activity_type", "project_id")
    def _compute_call_hours(self):
        for activity in self:
            activity.call_hours = activity._classify_call_hours()

    def _classify_call_hours(self):
        self.ensure_one()
        if self.activity_type not in ("call", "visit") or not self.date or not self.project_id:
            return False
        policy = self.env["property.dunning.state"]._policy_of(self.project_id)
        if not policy:
            return False
        return call_window.classify(policy._parsed_call_window(), self._local_date_time())

    def _local_date_time(self):
        tz = pytz.timezone(self.project_id.company_id.partner_id.tz or DEFAULT_TZ)
        return pytz.utc.localize(self.date).astimezone(tz).replace(tzinfo=None)

    @api.depends("call_hours", "project_id")
    def _compute_call_hours_warning(self):
        """Shown in the form while the call is logged (a banner, not a blocking dialog)."""
        for activity in self:
            policy = activity.project_id and self.env["property.dunning.state"]._policy_of(
                activity.project_id
            )
            if activity.call_hours == "night":
                activity.call_hours_warning = self.env._(
                    "This call or visit is at night (22:00 to 08:00). Owners must not be called "
                    "or visited at night; it will be recorded as a night call."
                )
            elif activity.call_hours == "outside" and policy:
                activity.call_hours_warning = self.env._(
                    "This call or visit is outside the call hours of the policy (%(windows)s); "
                    "it will be recorded as such.",
                    windows=policy.call_window,
                )
            else:
                activity.call_hours_warning = False

    # === Next steps ===

    def _plan_next_steps(self):
        handlers = {
            "a_promise": "_on_outcome_a",
            "b_no_date": "_on_outcome_b",
            "c_unreachable": "_on_outcome_c",
            "wrong_number": "_on_outcome_c",
            "d_away": "_on_outcome_d",
            "e_refuses": "_on_outcome_e",
        }
        for activity in self:
            policy = activity.state_id and activity.state_id._policy()
            handler = handlers.get(activity.outcome)
            if policy and policy.outcome_steps and handler:
                getattr(activity, handler)(policy)

    def _log_day(self):
        return self._local_date_time().date()

    def _collector(self):
        return self.state_id.collector_id or self.collector_id

    def _create_tasks(self, vals_list):
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    def _on_outcome_a(self, policy):
        """A reminder call the day before the promised date (not when that day is past)."""
        day = fields.Date.subtract(self.promise_date, days=policy.outcome_a_days_before)
        if not self.promise_date or day < self._log_day():
            return
        self._create_tasks(
            self.state_id._prepare_contact_task_vals(
                self.env.ref(CALL),
                self._collector(),
                day,
                self.env._(
                    "Reminder: %(amount)s promised for %(date)s",
                    amount=self.promise_amount,
                    date=self.promise_date,
                ),
                deadline=day,
            )
        )

    def _on_outcome_b(self, policy):
        """Call again the next working day; after N calls in a row without a date, visit."""
        state = self.state_id
        recent = self.search(
            [("state_id", "=", state.id), ("activity_type", "in", CONTACT_TYPES)],
            order="date desc, id desc",
            limit=policy.outcome_b_max_calls + 1,
        )
        in_a_row = 0
        for activity in recent:
            if activity.outcome != "b_no_date":
                break
            in_a_row += 1
        next_day = fields.Date.add(self._log_day(), days=1)
        if in_a_row > policy.outcome_b_max_calls:
            vals = state._prepare_contact_task_vals(
                self.env.ref(VISIT),
                self._collector(),
                next_day,
                self.env._("Visit: %(count)s calls without a payment date", count=in_a_row),
            )
        else:
            vals = state._prepare_contact_task_vals(
                self.env.ref(CALL),
                self._collector(),
                next_day,
                self.env._("Call again: ask for a payment date"),
            )
        self._create_tasks(vals)

    def _on_outcome_c(self, policy):
        """Find the payer's current number today, and visit."""
        state = self.state_id
        today = self._log_day()
        self._create_tasks(
            [
                state._prepare_contact_task_vals(
                    self.env.ref(TODO),
                    self._collector(),
                    today,
                    self.env._("Check the phone number (landline, mobile, relatives, neighbours)"),
                ),
                state._prepare_contact_task_vals(
                    self.env.ref(VISIT),
                    self._collector(),
                    today,
                    self.env._("Visit: the payer could not be reached by phone"),
                    deadline=fields.Date.add(today, days=policy.outcome_c_visit_days),
                ),
            ]
        )

    def _on_outcome_d(self, policy):
        """Send the remote-payment route (queued, never sent from here) and call again."""
        state = self.state_id
        if policy.outcome_d_sms:
            state._queue_remote_payment_sms(policy)
        if policy.outcome_d_email:
            state._queue_remote_payment_email()
        self._create_tasks(
            state._prepare_contact_task_vals(
                self.env.ref(CALL),
                self._collector(),
                fields.Date.add(self._log_day(), days=policy.outcome_d_followup_days),
                self.env._("Follow-up: did the remote payment arrive?"),
            )
        )

    def _on_outcome_e(self, policy):
        """Refuses over the service: the complaint is registered (marked as payment dispute:
        dunning pauses; the project manager gets its review task) and the manager is
        informed."""
        state = self.state_id
        self._register_complaint()
        if state.project_id.manager_id:
            state.sudo().message_post(
                body=self.env._(
                    "%(payer)s refuses to pay over the service (logged by %(collector)s): %(note)s",
                    payer=self.partner_id.name,
                    collector=self.collector_id.name,
                    note=self.note or "",
                ),
                partner_ids=state.project_id.manager_id.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

import pytz

from odoo import api, fields, models

from ..tools import call_window
from .property_dunning_state_contact import CONTACT_TYPES, DEFAULT_TZ

CALL = "property_fee_collection.mail_activity_type_collection_call"
VISIT = "property_fee_collection.mail_activity_type_collection_visit"
TODO = "mail.mail_activity_data_todo"
CALL_HOURS = [
    ("window", "Within Call Hours"),
    ("outside", "Outside Call Hours"),
    ("night", "At Night"),
]


class PropertyCollectionActivity(models.Model):
    """What follows a logged call or visit (seed 003, lines 653–723), and when it happened.

    Each outcome plans its next step on the payer's dunning state, inside the policy's call
    windows (settings on the dunning policy):

    - A will pay on a date → a reminder call the day before the promised date;
    - B will pay, no date → call again the next working day, up to N times, then a visit;
    - C unreachable (and wrong number) → check the number today and a visit;
    - D lives elsewhere → the remote-payment route by SMS and e-mail (queued), a follow-up
      call;
    - E refuses over the service → a task for the project manager, who is informed.
    """

    _inherit = "property.collection.activity"

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
    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        contacts = activities.filtered(lambda a: a.state_id and a.activity_type in CONTACT_TYPES)
        for activity in contacts:
            activity.state_id._record_contact(activity._local_date_time().date())
        activities._plan_next_steps()
        return activities

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

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from ..tools import complaint
from .helpdesk_ticket import COLLECTOR, CUSTOMER_SERVICE

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
    _inherit = ["mail.thread", "property.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
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

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_DAYS_PARAM = "property_fee_collection.portal_promise_max_days"
DEFAULT_MAX_DAYS = 30


class PropertyPaymentPromise(models.Model):
    """承诺缴费: a date and amount the payer promised; kept or broken the day after."""

    _name = "property.payment.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread", "property.guarded.mixin", "property.kpi.queue.mixin"]
    _order = "promise_date desc, id desc"
    _check_company_auto = True
    # the collector KPIs read these fields (report refresh, property.kpi.queue.mixin)
    _kpi_fields = frozenset({"date", "state", "amount", "collector_id", "project_id"})
    _kpi_queue_method = "_queue_promises"
    # A promise is made by logging outcome A (or created pending); it is evaluated by the
    # daily cron against the payments received. Nobody edits its terms or result by hand.
    _guarded_fields = (
        "partner_id",
        "project_id",
        "state_id",
        "activity_id",
        "collector_id",
        "date",
        "promise_date",
        "amount",
        "paid_amount",
        "state",
        "channel",
    )

    partner_id = fields.Many2one("res.partner", string="Payer", required=True, index=True)
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state_id = fields.Many2one("property.dunning.state", string="Dunning State", index=True)
    activity_id = fields.Many2one("property.collection.activity", string="Logged In")
    collector_id = fields.Many2one("res.users", string="Collector")
    date = fields.Date(string="Promised On", required=True, default=fields.Date.context_today)
    promise_date = fields.Date(string="Payment Date", required=True, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    paid_amount = fields.Monetary(readonly=True, tracking=True)
    state = fields.Selection(
        [("pending", "Pending"), ("kept", "Kept"), ("broken", "Broken")],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )

    @api.constrains("amount", "promise_date", "date")
    def _check_terms(self):
        for promise in self:
            if promise.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "A promise to pay needs a positive amount (%(amount)s given).",
                        amount=promise.amount,
                    )
                )
            if promise.promise_date < promise.date:
                raise ValidationError(
                    self.env._(
                        "The promised payment date %(date)s is before the day of the promise "
                        "%(day)s: a promise cannot be in the past.",
                        date=promise.promise_date,
                        day=promise.date,
                    )
                )

    @api.model
    def _guard_create_vals(self, vals):
        """Users create pending promises dated today; the result is left to the cron."""
        today = fields.Date.context_today(self)
        refused = [f for f in ("state", "paid_amount") if vals.get(f) not in (None, "pending", 0)]
        if vals.get("date") and fields.Date.to_date(vals["date"]) != today:
            refused.append("date")
        if vals.get("promise_date") and fields.Date.to_date(vals["promise_date"]) < today:
            raise ValidationError(self.env._("The promised payment date cannot be in the past."))
        if vals.get("channel") not in (None, False, "collector"):
            refused.append("channel")
        return refused

    # === Display name (breadcrumbs, links) ===
    @api.depends("partner_id", "promise_date")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = " ".join(
                str(part) for part in (promise.partner_id.name, promise.promise_date) if part
            )

    @api.model
    def _cron_evaluate(self):
        """The day after the promised date: kept if the payments cover the amount."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "pending"), ("promise_date", "<", today)])
        due._evaluate()

    def _evaluate(self):
        """Kept or broken from the payments received (private: the cron's; writes as
        superuser, the chatter records the change)."""
        promises = self.sudo()
        paid = promises._paid_amounts()
        kept = promises.filtered(lambda p: paid.get(p.id, 0.0) >= p.amount - 0.005)
        broken = promises - kept
        for promise in promises:
            promise.paid_amount = paid.get(promise.id, 0.0)
        kept.write({"state": "kept"})
        broken.write({"state": "broken"})
        broken._remind_late_fees()

    def _paid_amounts(self):
        """Payments of this payer's property items in this project (this company only) from
        the day of each promise to its payment date, read from the receivable ledger."""
        return self.env["property.receivable"]._paid_between(
            {
                promise.id: (
                    promise.partner_id.commercial_partner_id.id,
                    promise.project_id.id,
                    promise.date,
                    promise.promise_date,
                )
                for promise in self
            }
        )

    def _remind_late_fees(self):
        """Broken promise: the collector calls again and says late fees now apply."""
        call = self.env.ref("property_fee_collection.mail_activity_type_collection_call")
        model = self.env["ir.model"]._get_id("property.dunning.state")
        today = fields.Date.context_today(self)
        # inside the policy's call windows (deadline, planned time)
        slots = {
            promise.id: promise.state_id._task_slot(today) for promise in self.filtered("state_id")
        }
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model,
                    "res_id": promise.state_id.id,
                    "activity_type_id": call.id,
                    "user_id": (
                        promise.state_id.collector_id or promise.collector_id or self.env.user
                    ).id,
                    "date_deadline": slots[promise.id][0],
                    "property_planned_at": slots[promise.id][1],
                    "summary": self.env._("Promise broken: remind that late fees now apply"),
                    "note": self.env._(
                        "%(payer)s promised %(amount)s by %(date)s and paid %(paid)s.",
                        payer=promise.partner_id.name,
                        amount=promise.amount,
                        date=promise.promise_date,
                        paid=promise.paid_amount,
                    ),
                }
                for promise in self.filtered("state_id")
            ]
        )

    # ===== Promises made on the owner portal =====
    # Promises made by the payer on the owner portal (承诺缴费, channel "portal").
    #
    # A portal promise pauses escalation exactly like one a collector logs (a pending promise
    # linked to the payer's dunning state) and is evaluated by the same cron. What a payer may
    # promise is bounded: a date from today to ``property_fee_collection.portal_promise_max_days``
    # days ahead (system parameter, default 30), an amount up to what they owe in that estate,
    # and one pending promise per estate at a time — so a promise cannot be used to pause
    # dunning indefinitely.

    channel = fields.Selection(
        [("collector", "Collector"), ("portal", "Owner Portal")],
        default="collector",
        required=True,
        readonly=True,
        tracking=True,
        help="Who recorded the promise: a collector (call, visit) or the payer on the portal.",
    )

    # === Owner portal ===
    @api.model
    def _portal_max_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_DAYS_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_MAX_DAYS
        except ValueError:
            return DEFAULT_MAX_DAYS

    @api.model
    def _portal_pending(self):
        """The current user's pending promises (read as superuser: portal users have no
        access to the model; filtered on their own commercial partner)."""
        partner = self.env.user.partner_id.commercial_partner_id
        return self.sudo().search(
            [("partner_id", "=", partner.id), ("state", "=", "pending")], order="promise_date"
        )

    @api.model
    def _portal_promise(self, project, promise_date, amount):
        """The current user promises to pay ``amount`` of what they owe in ``project`` by
        ``promise_date``. Checked here (the user has no rights on the model), then created
        as superuser with channel "portal" and linked to their dunning state.

        :raise ValidationError: bad date or amount, nothing owed, a promise already pending
        """
        partner = self.env.user.partner_id.commercial_partner_id
        # read as the user: the ledger's record rules apply
        items = self.env["property.receivable"].search(
            [
                ("partner_id", "=", partner.id),
                ("project_id", "=", project.id),
                ("state", "=", "open"),
            ]
        )
        owed = sum(items.mapped("residual"))
        currency = project.company_id.currency_id
        self._portal_check_terms(project, promise_date, amount, owed, currency)
        if self._portal_pending().filtered(lambda p: p.project_id == project):
            raise ValidationError(
                self.env._(
                    "You already promised a payment for %(project)s; it is being followed up. "
                    "Contact the property office to change it.",
                    project=project.name,
                )
            )
        States = self.env["property.dunning.state"].sudo()
        state = States.search(
            [("partner_id", "=", partner.id), ("project_id", "=", project.id)], limit=1
        ) or States.create({"partner_id": partner.id, "project_id": project.id})
        promise = self.sudo().create(
            {
                "partner_id": partner.id,
                "project_id": project.id,
                "state_id": state.id,
                "collector_id": state.collector_id.id,
                "promise_date": promise_date,
                "amount": currency.round(amount),
                "channel": "portal",
            }
        )
        state.message_post(
            body=self.env._(
                "Promise to pay made on the owner portal: %(amount)s by %(date)s.",
                amount=currency.format(promise.amount),
                date=promise.promise_date,
            ),
            author_id=partner.id,
        )
        return promise

    @api.model
    def _portal_check_terms(self, project, promise_date, amount, owed, currency):
        today = fields.Date.context_today(self)
        latest = fields.Date.add(today, days=self._portal_max_days())
        if currency.compare_amounts(owed, 0) <= 0:
            raise ValidationError(
                self.env._("Nothing is owed for %(project)s.", project=project.name)
            )
        if not promise_date:
            raise ValidationError(self.env._("Enter the date you will pay by."))
        if promise_date < today:
            raise ValidationError(self.env._("The promised payment date cannot be in the past."))
        if promise_date > latest:
            raise ValidationError(
                self.env._(
                    "Promise a date no later than %(date)s; for a longer delay, ask the property "
                    "office about an installment plan.",
                    date=latest,
                )
            )
        if amount is None or currency.compare_amounts(amount, 0) <= 0:
            raise ValidationError(self.env._("Enter a positive amount."))
        if currency.compare_amounts(amount, owed) > 0:
            raise ValidationError(
                self.env._(
                    "You owe %(owed)s for %(project)s: promise at most that amount.",
                    owed=currency.format(owed),
                    project=project.name,
                )
            )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .property_payment_promise import PropertyPaymentPromise as BasePromise

MAX_DAYS_PARAM = "property_fee_collection.portal_promise_max_days"
DEFAULT_MAX_DAYS = 30


class PropertyPaymentPromise(models.Model):
    """Promises made by the payer on the owner portal (承诺缴费, channel "portal").

    A portal promise pauses escalation exactly like one a collector logs (a pending promise
    linked to the payer's dunning state) and is evaluated by the same cron. What a payer may
    promise is bounded: a date from today to ``property_fee_collection.portal_promise_max_days``
    days ahead (system parameter, default 30), an amount up to what they owe in that estate,
    and one pending promise per estate at a time — so a promise cannot be used to pause
    dunning indefinitely.
    """

    _inherit = "property.payment.promise"
    _guarded_fields = (*BasePromise._guarded_fields, "channel")

    channel = fields.Selection(
        [("collector", "Collector"), ("portal", "Owner Portal")],
        default="collector",
        required=True,
        readonly=True,
        tracking=True,
        help="Who recorded the promise: a collector (call, visit) or the payer on the portal.",
    )

    @api.model
    def _guard_create_vals(self, vals):
        refused = super()._guard_create_vals(vals)
        if vals.get("channel") not in (None, False, "collector"):
            refused.append("channel")
        return refused

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

from odoo import api, fields, models


class PropertyPaymentPromise(models.Model):
    """承诺缴费: a date and amount the payer promised; kept or broken the day after."""

    _name = "property.payment.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread"]
    _order = "promise_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Payer", required=True, index=True)
    project_id = fields.Many2one("property.project", string="Project", required=True, index=True)
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state_id = fields.Many2one("property.dunning.state", string="Dunning State", index=True)
    activity_id = fields.Many2one("property.collection.activity", string="Logged In")
    collector_id = fields.Many2one("res.users", string="Collector")
    date = fields.Date(string="Promised On", required=True, default=fields.Date.context_today)
    promise_date = fields.Date(string="Payment Date", required=True, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    paid_amount = fields.Monetary(readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("kept", "Kept"), ("broken", "Broken")],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )

    @api.model
    def _cron_evaluate(self):
        """The day after the promised date: kept if the payments cover the amount."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "pending"), ("promise_date", "<", today)])
        due._evaluate()

    def _evaluate(self):
        paid = self._paid_amounts()
        kept = self.filtered(lambda p: paid.get(p.id, 0.0) >= p.amount - 0.005)
        broken = self - kept
        for promise in self:
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

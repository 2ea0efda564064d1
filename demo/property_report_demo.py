import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models

OUTCOMES = ["a_promise", "b_no_date", "c_unreachable", "a_promise", "d_away", "wrong_number"]


class PropertyCollectionActivity(models.Model):
    """Demo collection work for the collector KPIs (demo only)."""

    _inherit = "property.collection.activity"

    @api.model
    def _demo_collection_work(self, company, count=60):
        """Calls logged over the last weeks on the overdue payers; half of the payers who
        promised pay by their promised date (kept), the others not (broken)."""
        today = fields.Date.context_today(self)
        rng = random.Random(20261123)
        overdue = self.env["property.dunning.state"].search(
            [("company_id", "=", company.id), ("overdue_amount", ">", 0)], order="id"
        )
        per_project = count // max(len(overdue.project_id), 1)
        states = self.env["property.dunning.state"]
        for project in overdue.project_id:
            states |= overdue.filtered(lambda s, p=project: s.project_id == p)[:per_project]
        vals = []
        for index, state in enumerate(states):
            day = today - timedelta(days=rng.randint(6, 25))
            outcome = OUTCOMES[index % len(OUTCOMES)]
            collector = state.collector_id or state.project_id.manager_id or self.env.user
            vals.append(
                {
                    "partner_id": state.partner_id.id,
                    "project_id": state.project_id.id,
                    "state_id": state.id,
                    "collector_id": collector.id,
                    "activity_type": "call" if index % 5 else "visit",
                    "outcome": outcome,
                    "date": datetime.combine(day, time(10, 30)),
                    **(
                        {
                            "promise_date": day + timedelta(days=3),
                            "promise_amount": round(state.overdue_amount, 2),
                        }
                        if outcome == "a_promise"
                        else {}
                    ),
                }
            )
        activities = self.create(vals)
        promised = activities.filtered("promise_id")
        for activity in promised:
            activity.promise_id.date = activity.date.date()
        for activity in promised[::2]:
            bills = self.env["account.move"].search(
                [
                    ("partner_id", "=", activity.partner_id.id),
                    ("property_project_id", "=", activity.project_id.id),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("move_type", "=", "out_invoice"),
                ]
            )
            if bills:
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=bills.ids
                ).create(
                    {"payment_date": activity.date.date() + timedelta(days=2)}
                )._create_payments()
        self.env["property.payment.promise"]._cron_evaluate()

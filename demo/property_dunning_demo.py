from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

# how the demo's payers behave (share of payers, days after the due date they pay)
PROFILES = [
    ("prompt", 0.52, (-10, 5)),
    ("late", 0.20, (8, 45)),
    ("promiser", 0.08, (20, 70)),
    ("slow", 0.05, (60, 110)),
    ("chronic", 0.10, None),
    ("dispute", 0.03, None),
    ("hardship", 0.02, None),
]
COMPLAINTS = ("楼道灯坏了一个月没人修", "地下车库漏水", "对物业费标准有异议")
CALL_TIMES = (time(10, 0), time(10, 40), time(15, 30), time(16, 20), time(19, 10))


class PropertyDunningState(models.Model):
    """Demo history of the dunning: the daily run replayed day by day, with the payments,
    the collectors' calls, promises, approvals and deliveries of those days (demo only)."""

    _inherit = "property.dunning.state"

    @api.model
    def _demo_collection_history(self, company, bills, today, rng, live_days=60, work_days=28):
        """The company went live ``live_days`` ago with the arrears of its old system (the
        go-live catch-up places every payer), then ran dunning every day; its collectors'
        calls of the last ``work_days`` are logged. Payments happen on their own days."""
        self = self.with_company(company).with_context(tracking_disable=True)
        profiles = self._demo_profiles(bills, rng)
        pay_days = self._demo_pay_days(bills, profiles, today, rng)
        golive = today - timedelta(days=live_days)
        for day in sorted(d for d in pay_days if d < golive):
            self._demo_pay(pay_days.pop(day), day)
        self.env["property.project"].search([("company_id", "=", company.id)]).write(
            {"dunning_start_date": golive}
        )
        day = golive
        while day <= today:
            self._demo_pay(pay_days.pop(day, []), day)
            self._demo_pauses(profiles, day, golive, rng)
            self.env["property.payment.promise"].search(
                [("state", "=", "pending"), ("promise_date", "<", day)]
            )._evaluate()
            self._run_dunning(company, day)
            self._demo_manager_day(company, day, rng, today)
            if day > today - timedelta(days=work_days):
                self._demo_collectors_day(company, day, profiles, pay_days, rng)
            day += timedelta(days=1)
        # letters older than a week were printed at the time; the recent ones are queued
        self.env["property.dunning.action"].search(
            [("letter_pending", "=", True), ("date", "<", today - timedelta(days=7))]
        ).write({"letter_pending": False})

    @api.model
    def _demo_profiles(self, bills, rng):
        profiles = {}
        for partner in bills.partner_id.commercial_partner_id.sorted("id"):
            draw, total = rng.random(), 0.0
            for name, share, _days in PROFILES:
                total += share
                if draw < total:
                    profiles[partner.id] = name
                    break
            else:
                profiles[partner.id] = "prompt"
        return profiles

    @api.model
    def _demo_pay_days(self, bills, profiles, today, rng):
        windows = {name: days for name, _share, days in PROFILES}
        pay_days = defaultdict(list)
        for bill in bills:
            window = windows[profiles[bill.partner_id.commercial_partner_id.id]]
            if not window:
                continue
            day = bill.invoice_date_due + timedelta(days=rng.randint(*window))
            if day <= today:
                pay_days[max(day, bill.invoice_date)].append(bill.id)
        return pay_days

    @api.model
    def _demo_pay(self, bill_ids, day):
        bills = (
            self.env["account.move"]
            .browse(bill_ids)
            .filtered(lambda m: m.payment_state in ("not_paid", "partial"))
        )
        if bills:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=bills.ids
            ).create({"payment_date": day, "group_payment": True})._create_payments()

    @api.model
    def _demo_pauses(self, profiles, day, start, rng):
        """Hardship and payment disputes start on their day of the history."""
        if day != start + timedelta(days=20):
            return
        Pause = self.env["property.dunning.pause"].sudo()
        for partner_id, profile in profiles.items():
            partner = self.env["res.partner"].browse(partner_id)
            if profile == "hardship":
                partner.property_hardship = True
            elif profile == "dispute":
                states = self.search([("partner_id", "=", partner_id)])
                states.write({"payment_dispute": True})
            else:
                continue
            # the pause history starts on the day of the demo history, not on install day
            Pause.search([("partner_id", "=", partner_id), ("date_to", "=", False)]).write(
                {"date_from": day}
            )

    # === The manager: approvals and deliveries ===
    @api.model
    def _demo_manager_day(self, company, day, rng, today):
        Action = self.env["property.dunning.action"]
        waiting = Action.search(
            [
                ("company_id", "=", company.id),
                ("approval_state", "=", "to_approve"),
                ("date", "<=", day - timedelta(days=3)),
            ]
        )
        # the last week's proposals are still in the manager's approval list
        for action in waiting if day <= today - timedelta(days=7) else []:
            draw = rng.random()
            if draw < 0.55:
                continue
            if draw < 0.75:
                action.sudo().write({"approval_state": "rejected"})
                self._rejected(action, day)
                self._demo_done_approval(action, self.env._("Rejected"))
            else:
                self._demo_approve(action, day)
        sent = Action.search(
            [
                ("company_id", "=", company.id),
                ("is_written_demand", "=", True),
                ("delivered", "=", False),
                ("sent_date", "<=", day - timedelta(days=3)),
            ]
        )
        for action in sent:
            action.sudo().write(
                {
                    "delivered": True,
                    "delivery_date": day,
                    "delivery_proof": f"EMS{1100000000 + action.id}",
                }
            )

    @api.model
    def _demo_approve(self, action, day):
        """Approve as the manager would, on the demo's day (the letter is queued)."""
        level = action.level_id
        deadline = day + timedelta(days=level.deadline_days) if level.deadline_days else False
        action.sudo().write(
            {
                "approval_state": "approved",
                "approved_by_id": action.project_id.manager_id.id,
                "sent_date": day,
                "deadline_date": deadline,
            }
        )
        action._queue_letters()
        self._approved(action, day)
        self._carry_out(level, action, letters=False)
        self._demo_done_approval(action, self.env._("Approved"))

    @api.model
    def _demo_done_approval(self, action, feedback):
        approve = self.env.ref("property_fee_collection.mail_activity_type_approve_letter")
        action.state_id.activity_ids.filtered(
            lambda act: act.activity_type_id == approve
        ).action_feedback(feedback=feedback)

    # === The collectors: calls and visits of the day ===
    @api.model
    def _demo_collectors_day(self, company, day, profiles, pay_days, rng):
        states = self.search(
            [
                ("company_id", "=", company.id),
                ("overdue_amount", ">", 0),
                ("pause_reason", "in", (False, "approval")),
                "|",
                ("next_contact_date", "<=", day),
                ("activity_ids.date_deadline", "<=", day),
            ]
        )
        promised = {
            bill_id: pay_day for pay_day, bill_ids in pay_days.items() for bill_id in bill_ids
        }
        tz = pytz.timezone(company.partner_id.tz or "Asia/Shanghai")
        now = pytz.utc.localize(fields.Datetime.now())
        for state in states:
            if not state.collector_id or rng.random() < 0.3:
                continue
            when = tz.localize(datetime.combine(day, rng.choice(CALL_TIMES)))
            if when > now:  # today's calls that have not happened yet
                continue
            self._demo_log(state, profiles, promised, when, day, rng)

    @api.model
    def _demo_log(self, state, profiles, promised, when, day, rng):
        profile = profiles.get(state.partner_id.id, "prompt")
        visit = self.env.ref("property_fee_collection.mail_activity_type_collection_visit")
        kind = "visit" if visit in state.activity_ids.activity_type_id else "call"
        vals = {
            "partner_id": state.partner_id.id,
            "project_id": state.project_id.id,
            "activity_type": kind,
            "date": when.astimezone(pytz.utc).replace(tzinfo=None),
        }
        due_bills = state.action_ids[:1].move_ids
        pay_day = min((promised[b] for b in due_bills.ids if b in promised), default=None)
        if pay_day and pay_day > day and profile in ("prompt", "late", "promiser", "slow"):
            paying = due_bills.filtered(lambda b: promised.get(b.id) == pay_day)
            vals.update(
                outcome="a_promise",
                promise_date=pay_day,
                promise_amount=sum(paying.mapped("amount_residual")) or state.overdue_amount,
                reason=rng.choice(["forgot", "financial", "absent"]),
            )
        elif profile == "promiser" and rng.random() < 0.3:
            vals.update(
                outcome="a_promise",
                promise_date=day + timedelta(days=rng.randint(3, 8)),
                promise_amount=state.overdue_amount,
                reason="financial",
            )
        elif profile == "chronic":
            vals.update(
                outcome=rng.choice(["b_no_date", "c_unreachable", "e_refuses", "d_away"]),
                arrears_category="long_term",
                reason=rng.choice(["service", "quality", "malicious"]),
            )
        else:
            vals.update(outcome=rng.choice(["b_no_date", "b_no_date", "d_away"]))
        if vals["outcome"] == "e_refuses":
            vals["note"] = rng.choice(COMPLAINTS)
        self.env["property.collection.activity"].with_user(state.collector_id).create(vals)

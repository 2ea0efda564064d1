from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tests import tagged

from .common_dunning import DunningCommon

DUE = date(2026, 12, 1)


@tagged("post_install", "-at_install")
class TestDunning(DunningCommon):
    def test_level_selection_at_boundaries(self):
        self._bill(DUE, 300.0)
        self.assertFalse(self._dun(date(2026, 11, 15)), "day -16: too early")
        action = self._dun(date(2026, 11, 16))
        self.assertEqual(action.level_id, self.levels[0], "day -15: warm reminder")
        self.assertFalse(self._dun(date(2026, 11, 30)), "day -1: L1 is due on day 0")
        self.assertEqual(self._dun(DUE).level_id, self.levels[1], "day 0: due notice")
        action = self._dun(date(2026, 12, 2))
        self.assertEqual(action.level_id, self.levels[2], "day +1: first call")
        task = self._state().activity_ids
        self.assertEqual(task.date_deadline, date(2026, 12, 4), "called within three days")
        self.assertFalse(self._dun(date(2026, 12, 4)), "day +3")
        state = self._state()
        self.assertEqual(state.level_id, self.levels[2])
        self.assertEqual(state.overdue_amount, 300.0)
        self.assertEqual(state.oldest_due_date, DUE)
        self.assertEqual(state.collector_id, self.collector)
        self.assertEqual(state.unit_ids, self.unit)

    def test_one_level_at_a_time_on_the_ladder(self):
        """Run every day from the reminder on: each level on its day, one at a time."""
        self._bill(DUE, 300.0)
        seen = {}
        day = date(2026, 11, 16)
        while day <= date(2027, 1, 31):
            actions = self._dun(day)
            self.assertLessEqual(len(actions), 1)
            if actions:
                self.assertFalse(actions.catch_up, "nothing is skipped on the ladder")
                seen[actions.level_id.sequence] = (day - DUE).days
                self.assertFalse(self._dun(day), "a second run the same day creates nothing")
            day += timedelta(days=1)
        self.assertEqual(seen, {0: -15, 1: 0, 2: 1, 3: 10, 4: 17, 5: 30, 6: 60})
        self.assertEqual(self._state().pause_reason, "approval", "L6 waits for the manager")

    def test_grouped_communication(self):
        bills = self._bill(DUE, 100.0, period=date(2026, 9, 1))
        bills |= self._bill(DUE, 200.0, period=date(2026, 10, 1))
        bills |= self._bill(DUE, 300.0, period=date(2026, 11, 1))
        action = self._dun(date(2026, 11, 20))
        self.assertEqual(action.level_id, self.levels[0])
        self.assertEqual(len(action), 1, "one communication per payer, not per bill")
        self.assertEqual(action.move_ids, bills)
        self.assertEqual(action.amount, 600.0)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.owner.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("600.00", sms.body)
        self.assertIn("1-1-101", sms.body)
        mails = self.env["mail.mail"].search(
            [("model", "=", "property.dunning.action"), ("res_id", "=", action.id)]
        )
        self.assertEqual(len(mails), 1)
        for bill in bills:
            self.assertIn(bill.name, mails.body_html)

    def test_call_task_for_building_collector(self):
        self._bill(date(2026, 11, 1), 300.0)
        actions = self._dun(date(2026, 11, 2))
        self.assertEqual(actions.level_id, self.levels[2])
        task = self._state().activity_ids
        self.assertEqual(
            task.activity_type_id,
            self.env.ref("property_fee_collection.mail_activity_type_collection_call"),
        )
        self.assertEqual(task.user_id, self.collector)
        self.assertEqual(task.date_deadline, date(2026, 11, 4))
        # planned at the first call window of the day (Monday 09:30 Beijing time)
        self.assertEqual(task.property_planned_at, datetime(2026, 11, 2, 1, 30))
        # logging the call (two clicks) completes the task
        action = self._state().with_user(self.collector).action_log_call()
        log = (
            self.env["property.collection.activity"]
            .with_user(self.collector)
            .with_context(**action["context"])
            .create({"outcome": "b_no_date"})
        )
        self.assertEqual(log.state_id, self._state())
        self.assertNotIn(task, self._state().activity_ids, "the call task is done")
        self.assertEqual(self._state().last_outcome, "b_no_date")

    def test_pause_reasons_stop_and_resume(self):
        self._bill(date(2026, 11, 25), 300.0)
        self.assertEqual(self._dun(date(2026, 12, 1)).level_id, self.levels[2])  # +6
        state = self._state()
        # === payment dispute: set and lifted by a complaint (helpdesk.ticket) ===
        complaint = self.env["helpdesk.ticket"].create(
            {"name": "电梯故障", "description": "<p>拒缴</p>", "partner_id": self.owner.id}
        )
        cases = [
            (
                "hardship",
                lambda: self.owner.write({"property_hardship": True}),
                lambda: self.owner.write({"property_hardship": False}),
            ),
            (
                "dispute",
                lambda: complaint.write({"payment_dispute": True}),
                lambda: complaint.write({"payment_dispute": False}),
            ),
        ]
        day = date(2026, 12, 5)  # +10: second notice due
        for reason, pause, resume in cases:
            with self.subTest(reason=reason):
                pause()
                self.assertEqual(state.pause_reason, reason)
                self.assertFalse(self._dun(day))
                resume()
                self.assertFalse(state.pause_reason)
                level = state.level_id.sequence
                self.assertEqual(self._dun(day).level_id.sequence, level + 1)
                day = date(2026, 12, 12)  # +17: final notice due
        # manual exclusion with reason and end date: lifted automatically after it
        with self.assertRaises(ValidationError):
            state.write({"excluded": True})
        state.write(
            {
                "excluded": True,
                "exclusion_reason": "业主住院",
                "exclusion_until": date(2026, 12, 10),
            }
        )
        self.assertFalse(self._dun(date(2026, 12, 10)))
        self._dun(date(2026, 12, 11))
        self.assertFalse(state.excluded, "lifted the day after the exclusion ends")
        self.assertFalse(state.pause_reason)

    def test_pending_promise_pauses_and_broken_promise_resumes(self):
        self._bill(date(2026, 11, 20), 300.0)
        self.assertEqual(self._dun(date(2026, 12, 1)).level_id, self.levels[3])  # +11
        state = self._state()
        with freeze_time("2026-12-02 10:00:00"):
            log = (
                self.env["property.collection.activity"]
                .with_user(self.collector)
                .create(
                    {
                        "partner_id": self.owner.id,
                        "project_id": self.project.id,
                        "activity_type": "call",
                        "outcome": "a_promise",
                        "promise_date": date(2026, 12, 10),
                        "promise_amount": 300.0,
                    }
                )
            )
        promise = log.promise_id
        self.assertEqual(promise.state, "pending")
        self.assertEqual(state.pause_reason, "promise")
        self.assertFalse(self._dun(date(2026, 12, 5)))
        with freeze_time("2026-12-11"):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual(promise.state, "broken")
        self.assertFalse(state.pause_reason)
        reminder = state.activity_ids.filtered(lambda a: "late fees" in (a.summary or ""))
        self.assertEqual(reminder.user_id, self.collector)
        # the pause is over at once; the ladder continues where it was (clock +11 on 12-01,
        # held 12-02 … 12-10): the final notice (+17) comes six days later, not in a burst
        self.assertFalse(self._dun(date(2026, 12, 11)))
        self.assertFalse(self._dun(date(2026, 12, 15)))
        self.assertEqual(self._dun(date(2026, 12, 16)).level_id, self.levels[4])

    def test_kept_promise_with_real_payment(self):
        bill = self._bill(date(2026, 10, 1), 300.0)
        self._dun(date(2026, 12, 1))
        with freeze_time("2026-12-02"):
            log = self.env["property.collection.activity"].create(
                {
                    "partner_id": self.owner.id,
                    "project_id": self.project.id,
                    "outcome": "a_promise",
                    "promise_date": date(2026, 12, 10),
                    "promise_amount": 200.0,
                }
            )
        self._pay(bill, 200.0, date(2026, 12, 8))
        with freeze_time("2026-12-11"):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual(log.promise_id.state, "kept")
        self.assertEqual(log.promise_id.paid_amount, 200.0)

    def test_full_payment_resets_the_state(self):
        bill = self._bill(date(2026, 11, 30), 300.0)
        self._dun(date(2026, 12, 1))
        self.assertEqual(self._state().level_id, self.levels[2])
        self._pay(bill, day=date(2026, 12, 2))
        self.assertFalse(self._dun(date(2026, 12, 3)))
        state = self._state()
        self.assertFalse(state.level_id)
        self.assertEqual(state.overdue_amount, 0.0)
        self.assertFalse(state.ladder_anchor_date)
        self._bill(date(2027, 1, 1), 300.0)
        self.assertEqual(self._dun(date(2026, 12, 20)).level_id, self.levels[0], "starts again")

    def test_lawyer_letter_needs_manager_approval(self):
        self._bill(date(2026, 9, 1), 300.0)
        self._dun(date(2026, 10, 20))  # +49: visit
        actions = self._dun(date(2026, 10, 31))  # +60
        self.assertEqual(actions.level_id, self.levels[6])
        self.assertEqual(self._state().level_id, self.levels[5], "not on L6 before approval")
        self.assertEqual(actions.approval_state, "to_approve")
        self.assertFalse(actions.letter_attachment_id, "nothing goes out before approval")
        approval = self._state().activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("property_fee_collection.mail_activity_type_approve_letter")
        )
        self.assertEqual(approval.user_id, self.manager)
        for user in (self.collector, self._create_user("finance_d", "finance")):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                actions.with_user(user).action_approve()
        actions.with_user(self.manager).with_context(force_report_rendering=True).action_approve()
        self.assertEqual(actions.approval_state, "approved")
        self.assertEqual(actions.approved_by_id, self.manager)
        self.assertEqual(actions.letter_attachment_id.mimetype, "application/pdf")
        self.assertPdfText(actions.letter_attachment_id.raw, "律师函", "张伟", "1-1-101", "300.00")
        self.assertEqual(self._state().level_id, self.levels[6])
        self.assertFalse(self._state().pause_reason)

    def test_written_demand_letter_attached(self):
        bill = self._bill(date(2026, 11, 10), 300.0)
        action = self._dun(date(2026, 11, 30))  # +20
        self.assertEqual(action.level_id, self.levels[4])
        self.assertTrue(action.is_written_demand)
        self.assertTrue(action.letter_pending, "rendered in the background, not by the run")
        self.assertFalse(action.letter_attachment_id)
        Action = self.env["property.dunning.action"].with_context(force_report_rendering=True)
        self.assertEqual(Action._cron_send_letters(), 1)
        letter = action.letter_attachment_id
        self.assertEqual(letter.mimetype, "application/pdf")
        self.assertEqual((letter.res_model, letter.res_id), (action._name, action.id))
        self.assertPdfText(letter.raw, "张伟", "1-1-101", bill.name, "300.00")
        self.assertFalse(action.letter_pending)
        self.assertEqual(action.sent_date, date(2026, 11, 30))
        self.assertEqual(action.deadline_date, date(2026, 12, 10), "ten days to pay")

    def test_invalid_ladders_are_refused(self):
        Policy = self.env["property.dunning.policy"]
        with self.assertRaises(ValidationError) as err:
            Policy.create(
                {
                    "name": "dup",
                    "level_ids": [
                        (0, 0, {"sequence": 0, "name": "a", "days": 0, "channel_sms": True}),
                        (0, 0, {"sequence": 1, "name": "b", "days": 0, "channel_sms": True}),
                    ],
                }
            )
        self.assertIn("own threshold", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            Policy.create(
                {
                    "name": "down",
                    "level_ids": [
                        (0, 0, {"sequence": 0, "name": "a", "days": 10, "channel_sms": True}),
                        (0, 0, {"sequence": 1, "name": "b", "days": 3, "channel_sms": True}),
                    ],
                }
            )
        self.assertIn("must increase", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            Policy.create(
                {"name": "none", "level_ids": [(0, 0, {"sequence": 0, "name": "a", "days": 0})]}
            )
        self.assertIn("no channel", str(err.exception))

    def test_collector_sees_only_own_projects(self):
        self._bill(date(2026, 10, 1), 300.0)
        project_b = self._create_project("翠湖花园", "CHHY")
        unit_b = self._create_unit(self._create_building(project_b, "A座"), "B-101")
        self._add_stay(unit_b, self.owner2, date_from=date(2020, 1, 1))
        self._bill(date(2026, 10, 1), 500.0, partner=self.owner2, unit=unit_b)
        self._dun(date(2026, 12, 1))
        States = self.env["property.dunning.state"].with_user(self.collector)
        self.assertEqual(States.search([]).partner_id, self.owner)
        Log = self.env["property.collection.activity"].with_user(self.collector)
        Log.create(
            {"partner_id": self.owner.id, "project_id": self.project.id, "outcome": "c_unreachable"}
        )
        with self.assertRaises(AccessError) as err:
            Log.create(
                {
                    "partner_id": self.owner2.id,
                    "project_id": project_b.id,
                    "outcome": "c_unreachable",
                }
            )
        # the record rule (not a crash): this collector may not create this model's record
        self.assertIn("collector_d", str(err.exception))
        self.assertIn("property.collection.activity", str(err.exception))

    def test_company_check_of_a_batch(self):
        """The run's states and actions are company-checked a batch at a time: the check
        passes and fails exactly where Odoo's own per-record check does, with its message."""
        project_b = self._create_project("翠湖花园", "CHHY")
        unit_b = self._create_unit(self._create_building(project_b, "A座"), "B-101")
        self._add_stay(unit_b, self.owner2, date_from=date(2020, 1, 1))
        self._bill(date(2026, 10, 1), 300.0)
        self._bill(date(2026, 10, 1), 500.0, partner=self.owner2, unit=unit_b)
        actions = self._dun(date(2026, 12, 1))
        self.assertEqual(len(actions), 2)
        for records in (actions, actions.state_id):
            models.BaseModel._check_company(records)
            records._check_company()

        def elsewhere(projects, companies):
            # project B as if it belonged to another company
            return Domain("id", "!=", project_b.id)

        with patch.object(type(self.env["property.project"]), "_check_company_domain", elsewhere):
            for records in (actions, actions.state_id):
                with self.assertRaises(UserError) as odoo_check:
                    models.BaseModel._check_company(records)
                with self.assertRaises(UserError) as batch_check:
                    records._check_company()
                self.assertEqual(str(batch_check.exception), str(odoo_check.exception))

    def test_task_assignee_follows_as_odoo_subscribes(self):
        """The run subscribes the collectors given a task a batch at a time: the follower is
        the one Odoo's own subscription makes (same partner, same subtypes), and only one."""
        self._bill(date(2026, 11, 1), 300.0)
        self._dun(date(2026, 11, 2))
        state = self._state()
        self.assertEqual(state.activity_ids.user_id, self.collector)
        reference = (
            self.env["property.dunning.state"]
            .with_context(mail_create_nosubscribe=True)
            .create({"partner_id": self.owner2.id, "project_id": self.project.id})
        )
        reference.message_subscribe(partner_ids=self.collector.partner_id.ids)
        self.assertTrue(reference.message_follower_ids.subtype_ids)
        self.assertEqual(
            [(f.partner_id, f.subtype_ids) for f in state.message_follower_ids],
            [(f.partner_id, f.subtype_ids) for f in reference.message_follower_ids],
        )

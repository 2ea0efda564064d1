from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.property_fee_collection.tools import call_window as cw

from .common_dunning import DunningCommon

DUE = date(2026, 11, 20)
SHANGHAI = pytz.timezone("Asia/Shanghai")
CALL = "property_fee_collection.mail_activity_type_collection_call"
VISIT = "property_fee_collection.mail_activity_type_collection_visit"


def utc(local):
    """A naive Beijing time as the naive UTC datetime Odoo stores."""
    return SHANGHAI.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestCollectionSteps(DunningCommon):
    """Issue 12: what follows each call outcome, the contact queue and the call windows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.bill = cls._bill(DUE, 300.0)
        cls.env["property.dunning.state"]._run_dunning(cls.env.company, date(2026, 11, 23))
        cls.state = cls.env["property.dunning.state"].search([("partner_id", "=", cls.owner.id)])
        cls.windows = cls.policy._parsed_call_window()

    def _log(self, outcome, when, **vals):
        """Log a call by the collector at ``when`` (Beijing time)."""
        with freeze_time(utc(when)):
            return (
                self.env["property.collection.activity"]
                .with_user(self.collector)
                .create(
                    {
                        "partner_id": self.owner.id,
                        "project_id": self.project.id,
                        "activity_type": "call",
                        "date": utc(when),
                        "outcome": outcome,
                        **vals,
                    }
                )
            )

    def _tasks(self, xmlid=None):
        tasks = self.state.activity_ids
        if xmlid:
            tasks = tasks.filtered(lambda t: t.activity_type_id == self.env.ref(xmlid))
        return tasks.sorted("date_deadline")

    def _assert_in_window(self, task):
        local = pytz.utc.localize(task.property_planned_at).astimezone(SHANGHAI)
        self.assertEqual(cw.classify(self.windows, local.replace(tzinfo=None)), "window")
        self.assertLessEqual(local.date(), task.date_deadline)

    # === Next steps of each outcome ===
    def test_outcome_a_reminder_the_day_before_the_promised_date(self):
        log = self._log(
            "a_promise",
            datetime(2026, 11, 24, 16, 0),
            promise_date=date(2026, 11, 30),
            promise_amount=300.0,
        )
        self.assertEqual(log.promise_id.state, "pending")
        reminder = self._tasks(CALL).filtered(lambda t: "Reminder" in t.summary)
        self.assertEqual(reminder.date_deadline, date(2026, 11, 29))
        self.assertEqual(reminder.user_id, self.collector)
        # Sunday: the weekend window opens at 10:30
        self.assertEqual(reminder.property_planned_at, utc(datetime(2026, 11, 29, 10, 30)))
        self._assert_in_window(reminder)
        self.assertNotIn(self.levels[2].name, self._tasks().mapped("summary"), "first call done")

    def test_outcome_a_promise_for_tomorrow_reminds_today(self):
        self._log(
            "a_promise",
            datetime(2026, 11, 24, 16, 0),
            promise_date=date(2026, 11, 25),
            promise_amount=300.0,
        )
        reminder = self._tasks(CALL).filtered(lambda t: "Reminder" in t.summary)
        self.assertEqual(reminder.date_deadline, date(2026, 11, 24))
        self.assertEqual(reminder.property_planned_at, utc(datetime(2026, 11, 24, 16, 0)))

    def test_outcome_b_calls_again_then_visits(self):
        self.policy.outcome_b_max_calls = 3
        planned = []
        for offset in range(4):
            self._log("b_no_date", datetime(2026, 11, 24 + offset, 10, 0))
            task = self._tasks()[-1:]
            planned.append((task.activity_type_id, task.date_deadline))
        call, visit = self.env.ref(CALL), self.env.ref(VISIT)
        self.assertEqual(
            planned,
            [
                (call, date(2026, 11, 25)),
                (call, date(2026, 11, 26)),
                (call, date(2026, 11, 27)),
                (visit, date(2026, 11, 28)),  # after three calls in a row without a date
            ],
        )
        self.assertEqual(len(self._tasks()), 1, "each logged call closes the planned one")

    def test_outcome_c_number_check_and_visit(self):
        for outcome in ("c_unreachable", "wrong_number"):
            with self.subTest(outcome=outcome):
                self._log(outcome, datetime(2026, 11, 24, 10, 0))
                check = self._tasks("mail.mail_activity_data_todo")
                self.assertEqual(check.date_deadline, date(2026, 11, 24))
                self.assertIn("phone number", check.summary)
                visit = self._tasks(VISIT)
                self.assertEqual(visit.date_deadline, date(2026, 11, 26))
                self._assert_in_window(visit)
                self.state.activity_ids.unlink()

    def test_outcome_d_remote_payment_route_and_follow_up(self):
        self.env["res.partner.bank"].create(
            {
                "partner_id": self.company.partner_id.id,
                "acc_number": "6217000010001234567",
                "acc_holder_name": "丽景物业",
            }
        )
        self._log("d_away", datetime(2026, 11, 24, 10, 0))
        sms = self.env["sms.sms"].search([("partner_id", "=", self.owner.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued, sent by the SMS cron")
        self.assertIn("6217000010001234567", sms.body)
        self.assertIn("/my/invoices/", sms.body)
        self.assertIn("access_token=", sms.body)
        self.assertIn("300.00", sms.body)
        mail = self.env["mail.mail"].search(
            [("model", "=", "property.dunning.state"), ("res_id", "=", self.state.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.bill.name, mail.body_html)
        self.assertIn("6217000010001234567", mail.body_html)
        follow_up = self._tasks(CALL)
        self.assertEqual(follow_up.date_deadline, date(2026, 11, 25))

    def test_outcome_e_complaint_manager_task_and_informed(self):
        log = self._log("e_refuses", datetime(2026, 11, 24, 10, 0), note="电梯坏了三个月没人修")
        ticket = log.complaint_ticket_id
        self.assertTrue(ticket, "the complaint is registered")
        self.assertTrue(ticket.payment_dispute)
        self.assertEqual(self.state.pause_reason, "dispute")
        review = self.env.ref("property_fee_collection.mail_activity_type_complaint_review")
        task = ticket.activity_ids.filtered(lambda a: a.activity_type_id == review)
        self.assertEqual(task.user_id, self.manager)
        self.assertIn("refuses", task.summary)
        message = self.state.message_ids.filtered(lambda m: "电梯坏了" in (m.body or ""))
        self.assertIn(self.manager.partner_id, message.partner_ids)
        self.assertIn(
            self.manager.partner_id,
            message.notification_ids.res_partner_id,
            "the project manager is informed",
        )

    def test_outcome_steps_can_be_switched_off(self):
        self.policy.outcome_steps = False
        self._log("b_no_date", datetime(2026, 11, 24, 10, 0))
        self.assertFalse(self._tasks())

    # === At least two attempts a week ===
    def test_due_for_contact_queue_two_attempts_a_week(self):
        States = self.env["property.dunning.state"]
        self.assertEqual(self.state.next_contact_date, DUE + timedelta(days=1))

        def due_on(day):
            return States.with_user(self.collector).search(
                [("collector_id", "=", self.collector.id), ("next_contact_date", "<=", day)]
            )

        # the collector calls whenever the payer is due, for four weeks
        attempts = []
        day = date(2026, 11, 23)
        while day < date(2026, 12, 21):
            States._run_dunning(self.env.company, day)
            if due_on(day):
                self._log("b_no_date", datetime.combine(day, datetime.min.time()).replace(hour=10))
                attempts.append(day)
            day += timedelta(days=1)
        for start in range(len(attempts)):
            week = [d for d in attempts if attempts[start] <= d < attempts[start] + timedelta(7)]
            if attempts[start] + timedelta(7) <= attempts[-1]:
                self.assertGreaterEqual(len(week), 2, f"week from {attempts[start]}")
        self.assertEqual(attempts[1] - attempts[0], timedelta(days=3))
        # three a week when the policy says so
        self.policy.contact_per_week = 3
        States._run_dunning(self.env.company, day)
        self.assertEqual(self.state.next_contact_date, attempts[-1] + timedelta(days=2))
        # paused payers are not in the queue
        self.owner.property_hardship = True
        States._run_dunning(self.env.company, day)
        self.assertFalse(self.state.next_contact_date)

    def test_my_calls_today_lists_payers_due_for_contact(self):
        action = self.env.ref("property_fee_collection.property_dunning_state_action_today")
        self.assertIn("search_default_contact_due", action.context)
        self.state.activity_ids.unlink()
        States = self.env["property.dunning.state"].with_user(self.collector)
        self.assertEqual(
            States.search([("next_contact_date", "<=", date(2026, 11, 23))]), self.state
        )

    # === Call windows ===
    def test_tasks_are_planned_inside_the_call_windows(self):
        self.policy.call_window = "10:00-11:00; Sat-Sun off"
        self._log("b_no_date", datetime(2026, 11, 27, 10, 30))  # Friday
        task = self._tasks(CALL)
        self.assertEqual(task.date_deadline, date(2026, 11, 30), "the next working day: Monday")
        self.assertEqual(task.property_planned_at, utc(datetime(2026, 11, 30, 10, 0)))

    def test_logging_a_call_at_night_warns_and_is_recorded(self):
        cases = [
            (datetime(2026, 11, 24, 10, 0), "window"),
            (datetime(2026, 11, 24, 13, 0), "outside"),
            (datetime(2026, 11, 24, 22, 30), "night"),
            (datetime(2026, 11, 25, 6, 45), "night"),
        ]
        for when, expected in cases:
            with self.subTest(when=when):
                log = self._log("b_no_date", when)
                self.assertEqual(log.call_hours, expected)
        draft = (
            self.env["property.collection.activity"]
            .with_user(self.collector)
            .new(
                {
                    "partner_id": self.owner.id,
                    "project_id": self.project.id,
                    "activity_type": "call",
                    "date": utc(datetime(2026, 11, 24, 23, 0)),
                    "outcome": "b_no_date",
                }
            )
        )
        self.assertIn("night", draft.call_hours_warning)
        draft.date = utc(datetime(2026, 11, 24, 13, 0))
        self.assertIn("outside the call hours", draft.call_hours_warning)
        draft.date = utc(datetime(2026, 11, 24, 10, 0))
        self.assertFalse(draft.call_hours_warning)
        night = self.env["property.collection.activity"].search([("call_hours", "=", "night")])
        self.assertEqual(len(night), 2)

    def test_call_windows_are_validated(self):
        cases = [
            ("07:00-09:00", "night"),
            ("9:30-12:00, 11:00-13:00", "overlap"),
            ("Moonday 09:00-10:00", "not a day"),
            ("9h30-12h", "cannot read"),
        ]
        for text, message in cases:
            with self.subTest(text=text), self.assertRaises(ValidationError) as error:
                self.policy.call_window = text
            self.assertIn(message, str(error.exception))
        self.policy.call_window = "周一-周五 09:00-12:00; 周末 休息; 09:00-10:00"
        self.assertFalse(self.policy._parsed_call_window()[6])

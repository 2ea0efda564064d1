from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestForgery(TrustCommon):
    """Finding 1: approvals, evidence and money fields cannot be forged with a plain write."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dun(cls, date(2026, 1, 16))
        cls.state = cls.env["property.dunning.state"].search(
            [("partner_id", "=", cls.owner.id), ("project_id", "=", cls.project.id)]
        )
        Action = cls.env["property.dunning.action"]
        common = {
            "state_id": cls.state.id,
            "partner_id": cls.owner.id,
            "project_id": cls.project.id,
            "date": date(2026, 3, 20),
            "amount": 300.0,
        }
        cls.lawyer_letter = Action.create(
            dict(common, level_id=cls.levels[6].id, approval_state="to_approve")
        )
        cls.letter = Action.create(dict(common, level_id=cls.levels[4].id))

    def test_approval_cannot_be_written(self):
        for user in (self.collector, self.finance, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError) as err:
                self.lawyer_letter.with_user(user).write(
                    {"approval_state": "approved", "approved_by_id": self.manager.id}
                )
            self.assertIn("can only be changed with its buttons", str(err.exception))
        self.assertEqual(self.lawyer_letter.approval_state, "to_approve")
        with self.assertRaises(UserError):
            self.lawyer_letter.with_user(self.collector).action_approve()
        with self.assertRaises(AccessError):
            self.env["property.dunning.action"].with_user(self.finance).create(
                {
                    "state_id": self.state.id,
                    "partner_id": self.owner.id,
                    "project_id": self.project.id,
                    "level_id": self.levels[6].id,
                    "date": date(2026, 3, 20),
                    "approval_state": "approved",
                }
            )

    def test_manager_approves_with_button_and_it_is_tracked(self):
        # records are not tracked in the transaction that created them: "commit" it first
        self.env.flush_all()
        self.env.cr.precommit.run()
        letter = self.lawyer_letter.with_context(tracking_disable=False)
        letter.with_user(self.manager).action_approve()
        self.assertEqual(letter.approval_state, "approved")
        self.assertEqual(letter.approved_by_id, self.manager)
        self.assertTrue(letter.date_approved)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", letter._name),
                ("mail_message_id.res_id", "=", letter.id),
                ("field_id.name", "=", "approval_state"),
            ]
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)

    def test_delivery_needs_proof_and_a_real_date(self):
        collector_letter = self.letter.with_user(self.collector)
        with self.assertRaises(AccessError):
            collector_letter.write({"delivered": True, "delivery_date": "2099-01-01"})
        with self.assertRaises(AccessError):
            collector_letter.write({"delivery_proof": "EMS0"})
        with freeze_time("2026-03-25"):
            with self.assertRaises(ValidationError):
                collector_letter._record_delivery(date(2099, 1, 1), "EMS1")
            with self.assertRaises(ValidationError):  # before it was sent
                collector_letter._record_delivery(date(2026, 3, 1), "EMS1")
            wizard = (
                self.env["property.dunning.delivery"]
                .with_user(self.collector)
                .create(
                    {
                        "action_id": self.letter.id,
                        "delivery_date": date(2026, 3, 24),
                        "delivery_proof": "EMS1234567",
                    }
                )
            )
            wizard.action_confirm()
        self.assertTrue(self.letter.delivered)
        self.assertEqual(self.letter.delivery_date, date(2026, 3, 24))
        self.assertEqual(self.letter.delivered_by_id, self.collector)
        # customer service may read the letter but not record its delivery
        with self.assertRaises(AccessError):
            self.letter.with_user(self.service).action_mark_delivered()

    def test_promise_result_and_terms_cannot_be_forged(self):
        with freeze_time("2026-03-01 10:00:00"):
            log = (
                self.env["property.collection.activity"]
                .with_user(self.collector)
                .create(
                    {
                        "partner_id": self.owner.id,
                        "project_id": self.project.id,
                        "outcome": "a_promise",
                        "promise_date": date(2026, 3, 10),
                        "promise_amount": 300.0,
                    }
                )
            )
        promise = log.promise_id.with_user(self.collector)
        self.assertEqual(promise.state, "pending")
        for vals in ({"state": "kept"}, {"paid_amount": 300.0}, {"amount": 1.0}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                promise.write(vals)
        Promise = self.env["property.payment.promise"].with_user(self.collector)
        base = {"partner_id": self.owner.id, "project_id": self.project.id}
        tomorrow = fields.Date.today() + timedelta(days=1)
        with self.assertRaises(AccessError):
            Promise.create(dict(base, promise_date=tomorrow, amount=10.0, state="kept"))
        with self.assertRaises(ValidationError):
            Promise.create(dict(base, promise_date=tomorrow, amount=-5.0))
        with self.assertRaises(ValidationError):
            Promise.create(dict(base, promise_date=date(2020, 1, 1), amount=10.0))
        # the cron evaluates it (as superuser) and the chatter keeps the result
        with freeze_time("2026-03-11"):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual(promise.state, "broken")

    def test_logged_activity_is_evidence(self):
        Activity = self.env["property.collection.activity"].with_user(self.collector)
        vals = {"partner_id": self.owner.id, "project_id": self.project.id, "outcome": "paid"}
        with self.assertRaises(AccessError):
            Activity.create(dict(vals, collector_id=self.manager.id))
        log = Activity.create(vals)
        with self.assertRaises(AccessError):
            log.write({"outcome": "a_promise"})
        with self.assertRaises(AccessError):
            log.write({"date": "2026-01-01 10:00:00"})
        log.write({"note": "业主说下周来缴费", "reason": "forgot"})
        # a manager corrects the record (tracked)
        log.with_user(self.manager).write({"outcome": "b_no_date"})
        self.assertEqual(log.outcome, "b_no_date")

    def test_dunning_level_and_hardship_are_not_user_writable(self):
        with self.assertRaises(AccessError):
            self.state.with_user(self.finance).write({"level_id": False, "overdue_amount": 0})
        with self.assertRaises(AccessError):
            self.state.with_user(self.collector).write({"payment_dispute": True})
        with self.assertRaises(AccessError):
            self.owner.with_user(self.collector).write({"property_hardship": True})
        self.assertFalse(self.owner.property_hardship)
        self.owner.with_user(self.finance).write({"property_hardship": True})
        self.assertEqual(self.state.pause_reason, "hardship")

    def test_dunning_run_wizard_checks_role_and_date(self):
        Wizard = self.env["property.dunning.run.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.collector).create({})
        with self.assertRaises(UserError):
            Wizard.with_user(self.finance).create({"date": "2099-01-01"}).action_run()
        result = Wizard.with_user(self.finance).create({}).action_run()
        self.assertEqual(result["tag"], "display_notification")

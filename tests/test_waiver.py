from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_collection import CollectionCommon

JAN, FEB = date(2027, 1, 1), date(2027, 2, 1)


@tagged("post_install", "-at_install")
class TestWaiver(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one bill: January 100.00, February 200.00, parking 50.00
        cls.bill = cls._bill_items(
            date(2027, 2, 15),
            [(cls.fee, 100.0, JAN), (cls.fee, 200.0, FEB), (cls.fee_parking, 50.0, JAN)],
        )
        items = cls.Ledger.search([("move_id", "=", cls.bill.id)])
        cls.jan = items.filtered(lambda i: i.fee_type_id == cls.fee and i.period_start == JAN)
        cls.feb = items.filtered(lambda i: i.period_start == FEB)
        cls.parking = items.filtered(lambda i: i.fee_type_id == cls.fee_parking)

    def test_credit_note_on_exactly_the_chosen_items(self):
        waiver = self._waiver([(self.feb, 80.0), (self.parking, 50.0)])
        self.assertEqual(waiver.amount_total, 130.0)
        waiver.action_submit()
        self.assertEqual((waiver.state, waiver.requested_by_id), ("to_approve", self.collector))
        waiver.with_user(self.manager).action_approve()
        self.assertEqual(waiver.state, "done")
        self.assertEqual(waiver.manager_approved_by_id, self.manager)
        self.assertTrue(waiver.date_manager_approved)
        credit = waiver.sudo().move_ids
        self.assertEqual(len(credit), 1)
        self.assertEqual(
            (credit.move_type, credit.state, credit.property_waiver, credit.amount_total),
            ("out_refund", "posted", True, 130.0),
        )
        self.assertEqual(credit.reversed_entry_id, self.bill)
        self.assertEqual(self.bill.amount_residual, 220.0)
        # the ledger: a waiver on exactly those items, for exactly those amounts
        self.assertEqual([(a.kind, a.amount) for a in self.feb.allocation_ids], [("waiver", 80.0)])
        self.assertEqual((self.feb.amount_credited, self.feb.residual), (80.0, 120.0))
        self.assertEqual((self.parking.state, self.parking.residual), ("waived", 0.0))
        self.assertFalse(self.jan.allocation_ids, "the oldest item is untouched")
        self.assertEqual(self.jan.residual, 100.0)
        self._assert_exact()
        # a payment afterwards still follows the allocation rule around the waiver
        self._reconcile(self._payment(100.0, date(2027, 3, 1)), self.bill)
        self.assertEqual(self.jan.state, "paid")
        self.assertEqual(self.feb.residual, 120.0)
        self._assert_exact()

    def test_approval_limits_per_role(self):
        self.env.company.property_waiver_manager_limit = 100.0
        waiver = self._waiver([(self.feb, 150.0)])
        self.assertEqual(waiver.approval_level, "general_manager")
        waiver.action_submit()
        for user in (self.collector, self.service, self.finance):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                waiver.with_user(user).action_approve()
        waiver.with_user(self.manager).action_approve()
        self.assertEqual(waiver.state, "to_approve_gm", "above the limit: the general manager")
        self.assertFalse(waiver.sudo().move_ids)
        with self.assertRaisesRegex(UserError, "general manager"):
            waiver.with_user(self.manager2).action_approve()
        waiver.with_user(self.gm).action_approve()
        self.assertEqual(waiver.state, "done")
        self.assertEqual(
            (waiver.manager_approved_by_id, waiver.gm_approved_by_id), (self.manager, self.gm)
        )
        self.assertEqual(self.feb.amount_credited, 150.0)
        # within the limit a manager's approval credits at once
        small = self._waiver([(self.jan, 100.0)])
        small.action_submit()
        small.with_user(self.manager).action_approve()
        self.assertEqual(small.state, "done")
        self.assertFalse(small.gm_approved_by_id)
        self._assert_exact()

    def test_nobody_approves_their_own_request(self):
        waiver = self._waiver([(self.jan, 50.0)], user=self.manager)
        waiver.with_user(self.manager).action_submit()
        with self.assertRaisesRegex(UserError, "someone else"):
            waiver.with_user(self.manager).action_approve()
        waiver.with_user(self.manager2).action_approve()
        self.assertEqual(waiver.state, "done")

    def test_general_manager_approves_both_levels_at_once(self):
        self.env.company.property_waiver_manager_limit = 100.0
        waiver = self._waiver([(self.feb, 150.0)])
        waiver.action_submit()
        waiver.with_user(self.gm).action_approve()
        self.assertEqual(waiver.state, "done")
        self.assertEqual(waiver.manager_approved_by_id, self.gm)
        self.assertEqual(waiver.gm_approved_by_id, self.gm)

    def test_request_checks(self):
        too_much = self._waiver([(self.jan, 100.01)])
        with self.assertRaisesRegex(ValidationError, "unpaid"):
            too_much.action_submit()
        hardship = self._waiver([(self.jan, 10.0)], reason="hardship")
        with self.assertRaisesRegex(ValidationError, "proof"):
            hardship.action_submit()
        proof = (
            self.env["ir.attachment"]
            .with_user(self.collector)
            .create({"name": "低保证明.pdf", "raw": b"proof"})
        )
        hardship.with_user(self.collector).attachment_ids = proof
        hardship.action_submit()
        self.assertEqual(proof.res_model, "property.waiver", "the proof follows the waiver")
        service = self._waiver([(self.feb, 10.0)], reason="service")
        with self.assertRaisesRegex(ValidationError, "complaint"):
            service.action_submit()
        service.with_user(self.collector).complaint_ref = "TS-0001"
        service.action_submit()
        with self.assertRaises(ValidationError):
            self._waiver([(self.jan, 10.0)], partner_id=self.owner2.id)

    def test_guarded_fields_and_refusal(self):
        waiver = self._waiver([(self.feb, 50.0)])
        with self.assertRaises(AccessError):
            waiver.with_user(self.collector).write({"state": "done"})
        with self.assertRaises(AccessError):
            waiver.with_user(self.manager).write({"manager_approved_by_id": self.manager.id})
        waiver.action_submit()
        with self.assertRaises(AccessError):
            waiver.line_ids.with_user(self.collector).write({"amount": 200.0})
        with self.assertRaises(AccessError):
            waiver.with_user(self.collector).write({"description": "changed after asking"})
        with self.assertRaises(UserError):
            waiver.line_ids.with_user(self.collector).unlink()
        with self.assertRaisesRegex(UserError, "why"):
            waiver.with_user(self.manager).action_refuse()
        waiver.with_user(self.manager).refuse_reason = "不符合减免条件"
        waiver.with_user(self.manager).action_refuse()
        self.assertEqual((waiver.state, waiver.refused_by_id), ("refused", self.manager))
        self.assertFalse(self.feb.allocation_ids)
        with self.assertRaises(UserError):
            waiver.with_user(self.manager).action_approve()

    def test_audit_trail(self):
        waiver = self._waiver([(self.jan, 30.0)]).with_context(tracking_disable=False)
        self.env.flush_all()
        self.env.cr.precommit.run()  # as if created in an earlier transaction
        waiver.action_submit()
        waiver.with_user(self.manager).with_context(tracking_disable=False).action_approve()
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = waiver.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        for fname in ("state", "manager_approved_by_id"):
            self.assertIn(fname, tracked)
        self.assertTrue(
            waiver.message_ids.filtered(lambda m: waiver.sudo().move_ids.name in (m.body or "")),
            "the credit note is named in the chatter",
        )

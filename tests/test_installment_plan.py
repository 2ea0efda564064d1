from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_collection import CollectionCommon

START = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestInstallmentPlan(CollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # three months of arrears, 300.00 each
        cls.bills = (
            cls._bill(date(2025, 12, 1), 300.0)
            | cls._bill(date(2026, 1, 1), 300.0)
            | cls._bill(date(2026, 2, 1), 300.0)
        )
        cls.items = cls.Ledger.search([("move_id", "in", cls.bills.ids)], order="due_date")
        # go-live with nobody above the reminder: no lawyer's letter waits for approval
        cls.project.dunning_start_level_id = cls.levels[0]

    def _started(self, **vals):
        with freeze_time(START):
            self._dun(START)
            plan = self._plan(self.items, date(2026, 4, 10), **vals)
            return self._start(plan)

    def test_plan_kept_pauses_dunning_until_completed(self):
        with freeze_time(START):
            self._dun(START)
            state = self._state()
            action = state.with_user(self.collector).action_new_installment_plan()
            plan = self.Plan.browse(action["res_id"])
            self.assertEqual(plan.receivable_ids, self.items, "every overdue item by default")
            plan.with_user(self.collector).write(
                {"installment_count": 3, "first_due_date": date(2026, 4, 10)}
            )
            plan.with_user(self.collector).action_submit()
            self.assertEqual(plan.state, "to_approve")
            self.assertEqual(plan.amount_total, 900.0)
            self.assertEqual(
                [(line.due_date, line.amount) for line in plan.line_ids],
                [
                    (date(2026, 4, 10), 300.0),
                    (date(2026, 5, 10), 300.0),
                    (date(2026, 6, 10), 300.0),
                ],
            )
            with self.assertRaises(UserError):
                plan.with_user(self.collector).action_approve()
            plan.with_user(self.manager).action_approve()
            self.assertEqual(plan.approved_by_id, self.manager)
            with self.assertRaisesRegex(UserError, "signed"):
                plan.with_user(self.collector).action_start()
            plan.with_user(self.collector).write(
                {"signed_copy": self.SIGNED, "signed_copy_name": "signed.pdf"}
            )
            plan.with_user(self.collector).action_start()
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.state_id, state)
        self.assertEqual(state.pause_reason, "installment")
        self.assertIn("signed.pdf", plan.message_ids.attachment_ids.mapped("name"))
        self.assertFalse(self._dun(date(2026, 3, 11)), "no escalation while the plan is kept")
        # first instalment paid on time
        self._pay(self.bills[0], 300.0, date(2026, 4, 8))
        plan._check_plans(date(2026, 4, 25))
        self.assertEqual(plan.line_ids.mapped("state"), ["kept", "pending", "pending"])
        self.assertEqual((plan.amount_paid, plan.amount_left), (300.0, 600.0))
        self.assertEqual(plan.state, "active")
        # the rest, a little late but within the grace days
        self._pay(self.bills[1], 300.0, date(2026, 5, 15))
        self._pay(self.bills[2], 300.0, date(2026, 6, 12))
        plan._check_plans(date(2026, 6, 13))
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.line_ids.mapped("state"), ["kept"] * 3)
        self.assertFalse(state.pause_reason)

    def test_missed_instalment_breaks_the_plan_and_escalation_resumes(self):
        plan = self._started()
        state = plan.state_id
        self._pay(self.bills[0], 299.0, date(2026, 4, 10))
        plan._check_plans(date(2026, 4, 20))  # 10 days late: within the grace days
        self.assertEqual(plan.state, "active")
        self.assertEqual(plan.line_ids[0].state, "late")
        plan._check_plans(date(2026, 4, 21))  # 11 days late
        self.assertEqual(plan.state, "broken")
        self.assertEqual(plan.line_ids[0].state, "missed")
        self.assertIn("2026-04-10", plan.end_reason)
        self.assertEqual(plan.date_end, fields.Date.context_today(plan))
        self.assertFalse(state.pause_reason)
        task = state.activity_ids.filtered(lambda a: "broken" in (a.summary or ""))
        self.assertEqual(task.user_id, self.collector)
        self.assertTrue(self._dun(date(2026, 4, 21)), "escalation resumes")

    def test_new_bill_unpaid_breaks_the_plan(self):
        plan = self._started()
        self._bill(date(2026, 4, 1), 300.0)  # the current month's fee, due after the start
        self._pay(self.bills[0], 300.0, date(2026, 4, 10))
        plan._check_plans(date(2026, 4, 11))
        self.assertEqual(plan.state, "active", "10 days after its due date: within grace")
        plan._check_plans(date(2026, 4, 12))
        self.assertEqual(plan.state, "broken")
        self.assertIn("new bill", plan.end_reason)

    def test_plan_covers_every_overdue_item(self):
        with freeze_time(START):
            plan = self._plan(self.items[:2], date(2026, 4, 10))
            with self.assertRaisesRegex(UserError, "every overdue item") as err:
                plan.action_submit()
            self.assertIn(self.items[2].display_name, str(err.exception))
            plan.receivable_ids = self.items
            plan.action_submit()
            other = self._plan(self.items, date(2026, 4, 10))
            with self.assertRaisesRegex(UserError, "covers some of these items"):
                other.action_submit()

    def test_terms_fixed_after_draft_and_state_by_buttons(self):
        with freeze_time(START):
            plan = self._plan(self.items, date(2026, 4, 10))
            with self.assertRaises(AccessError):
                plan.with_user(self.collector).write({"state": "active"})
            with self.assertRaises(AccessError):
                plan.with_user(self.collector).line_ids.write({"amount": 1.0})
            plan.action_submit()
            with self.assertRaises(AccessError):
                plan.with_user(self.collector).write({"installment_count": 12})
            with self.assertRaises(AccessError):
                plan.with_user(self.manager).write({"first_due_date": date(2026, 5, 1)})
            with self.assertRaises(AccessError):
                plan.line_ids[0].with_user(self.manager).write({"amount": 1.0})
            with self.assertRaises(UserError):
                plan.with_user(self.collector).unlink()

    def test_schedule_with_a_down_payment(self):
        with freeze_time(START):
            plan = self._plan(self.items, date(2026, 1, 31), count=4, down_payment=300.01)
            plan.action_compute_schedule()
            self.assertEqual(plan.line_ids.mapped("amount"), [300.01, 199.99, 199.99, 200.01])
            self.assertEqual(
                plan.line_ids.mapped("due_date"),
                [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)],
            )
            plan.down_payment = 899.99
            with self.assertRaisesRegex(UserError, "not possible"):
                plan.action_compute_schedule()

    def test_late_fees_suspended_on_kept_plan_items(self):
        plan = self._started(suspend_late_fees=True)
        other = self._bill(date(2026, 2, 1), 500.0, partner=self.owner2, unit=self.unit2)
        charges = self.Ledger._late_fee_charges(
            self.env.company, (date(2026, 4, 1), date(2026, 4, 30))
        )
        charged = {charge.late_fee_source_id for group in charges.values() for charge in group}
        self.assertFalse(charged & set(self.items.move_line_id.ids), "no late fee under the plan")
        self.assertIn(other.invoice_line_ids.id, charged)
        # when the plan ends, late fees run again from the day after
        plan.with_user(self.manager).action_cancel()
        self.assertEqual(
            plan.pause_id.date_to, fields.Date.subtract(fields.Date.context_today(plan), days=1)
        )

    def test_kept_plan_waives_part_of_its_late_fees(self):
        with freeze_time("2026-03-20"):
            # February's late fees on the three items, due 16 March
            late_bill = self.Ledger._accrue_late_fees(
                self.env.company, (date(2026, 2, 1), date(2026, 2, 28))
            )
            late_items = self.Ledger.search([("move_id", "in", late_bill.ids)])
            self.assertTrue(late_items)
            self._dun(date(2026, 3, 20))
            plan = self._plan(
                self.items | late_items, date(2026, 4, 20), late_fee_waiver_percent=50.0
            )
            self._start(plan)
            action = plan.with_user(self.collector).action_propose_late_fee_waiver()
            waiver = self.Waiver.browse(action["res_id"])
            self.assertEqual(waiver.reason, "installment")
            fees = sum(late_items.mapped("residual"))
            self.assertAlmostEqual(waiver.amount_total, round(fees * 0.5 + 1e-9, 2))
            waiver.with_user(self.collector).action_submit()
            waiver.with_user(self.manager).action_approve()
        self.assertEqual(waiver.state, "done")
        self.assertEqual(
            set(late_items.allocation_ids.mapped("kind")), {"waiver"}, "only the late fees"
        )
        self.assertAlmostEqual(plan.amount_credited, waiver.amount_total)
        self._assert_exact()

    def test_agreement_prints_in_the_payers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.owner.lang = "zh_CN"
        with freeze_time(START):
            plan = self._plan(self.items, date(2026, 4, 10), late_fee_waiver_percent=50.0)
            plan.action_submit()
            plan.with_user(self.manager).action_approve()
        report = self.env.ref("property_fee_collection.property_installment_plan_report_agreement")
        pdf, kind = (
            report.with_user(self.collector)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, plan.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertPdfText(
            pdf, "分期缴费协议", "张伟", "1-1-101", "2026/05/10", "300.00", "50%的滞纳金"
        )

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_dunning import DunningCommon

JAN = (date(2027, 1, 1), date(2027, 1, 31))
FEB = (date(2027, 2, 1), date(2027, 2, 28))


@tagged("post_install", "-at_install")
class TestLateFee(DunningCommon):
    def _accrue(self, period):
        return self.env["property.receivable"]._accrue_late_fees(self.env.company, period)

    def test_monthly_accrual_grace_cap_and_no_compounding(self):
        self.fee.late_fee_grace_days = 5
        bill = self._bill(date(2027, 1, 15), 1000.0, period=date(2027, 1, 1))
        january = self._accrue(JAN)
        self.assertEqual(len(january), 1, "one accrual bill per payer and month")
        self.assertTrue(january.property_is_late_fee)
        line = january.invoice_line_ids
        self.assertEqual(line.price_subtotal, 11.0)  # 21…31 January: 11 days × 0.1 % × 1000
        self.assertEqual(line.property_late_fee_source_id, bill.invoice_line_ids)
        self.assertFalse(line.property_billed, "late fees never count as billed fees")
        self.assertFalse(self._accrue(JAN), "a month is accrued once")
        february = self._accrue(FEB)
        self.assertEqual(february.amount_total, 28.0, "on the principal only, not on January's fee")
        # partial payment: interest on what is still unpaid
        self._pay(bill, 600.0, date(2027, 3, 1))
        march = self._accrue((date(2027, 3, 1), date(2027, 3, 31)))
        self.assertEqual(march.amount_total, 12.4)  # 400 × 0.1 % × 31
        # cap: 10 % of 1000 = 100 in total
        total = 11.0 + 28.0 + 12.4
        for month in range(4, 13):
            moves = self._accrue((date(2027, month, 1), date(2027, month, 28)))
            total += sum(moves.mapped("amount_total"))
        self.assertAlmostEqual(total, 100.0)

    def test_late_fee_rounds_to_the_fen(self):
        self._bill(date(2027, 1, 15), 223.75, period=date(2027, 1, 1))
        self.fee.late_fee_rate = 0.03
        fee = self._accrue(JAN)
        self.assertEqual(fee.amount_total, 1.07)  # 223.75 × 0.03 % × 16 = 1.074

    def test_no_late_fee_when_disabled_or_paid(self):
        bill = self._bill(date(2027, 1, 15), 1000.0, period=date(2027, 1, 1))
        self._pay(bill, day=date(2027, 1, 15))
        self.assertFalse(self._accrue(JAN))
        self._bill(date(2027, 1, 20), 500.0, period=date(2027, 1, 2))
        self.fee.late_fee_enabled = False
        self.assertFalse(self._accrue(JAN))

    def test_waiver_by_manager_is_a_credit_note(self):
        self._bill(date(2027, 1, 15), 1000.0, period=date(2027, 1, 1))
        late = self._accrue(JAN)
        wizard = Form(
            self.env["property.late.fee.waive"]
            .with_user(self.manager)
            .with_context(active_id=late.id)
        )
        self.assertEqual(wizard.amount, 16.0)
        wizard.reason = "服务补偿"
        action = wizard.save().action_confirm()
        credit = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.amount_total, 16.0)
        self.assertIn("服务补偿", credit.ref)
        self.assertEqual(late.payment_state, "reversed")
        self.assertFalse(self._accrue(JAN), "a waived month is not charged again")

    def test_waiver_refused_to_non_managers_and_bad_amounts(self):
        self._bill(date(2027, 1, 15), 1000.0, period=date(2027, 1, 1))
        late = self._accrue(JAN)
        Waive = self.env["property.late.fee.waive"]
        finance = self._create_user("finance_w", "finance")
        with self.assertRaises(AccessError) as err:
            Waive.with_user(finance).create({"move_id": late.id, "amount": 1.0, "reason": "x"})
        # the access rights on the model (only managers may waive), not a crash
        self.assertIn("property.late.fee.waive", str(err.exception))
        wizard = Waive.with_user(self.manager).create(
            {"move_id": late.id, "amount": 99.0, "reason": "x"}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()

    def test_limitation_date_restarts_on_delivered_demand(self):
        bill = self._bill(date(2026, 1, 15), 300.0, period=date(2026, 1, 1))
        Watch = self.env["property.limitation.watch"]
        self.env.flush_all()
        row = Watch.search([("move_id", "=", bill.id)])
        self.assertEqual(row.limitation_date, date(2029, 1, 15))
        leap = self._bill(date(2028, 2, 29), 100.0, period=date(2028, 2, 1))
        self.env.flush_all()
        self.assertEqual(
            Watch.search([("move_id", "=", leap.id)]).limitation_date,
            date(2031, 2, 28),
            "29 February + 3 years is 28 February",
        )
        # go-live with nobody above the reminder: the ladder then keeps its spacing
        self.project.dunning_start_level_id = self.levels[0]
        self.assertEqual(self._dun(date(2026, 12, 1)).level_id, self.levels[0])
        for day in (date(2026, 12, 16), date(2026, 12, 17), date(2026, 12, 26)):
            self._dun(day)
        action = self._dun(date(2027, 1, 2))
        self.assertEqual(action.level_id.sequence, 4)
        self.assertTrue(action.is_written_demand)
        with freeze_time("2027-01-06"):
            action._record_delivery(date(2027, 1, 5), "EMS1234")
        self.env.flush_all()
        Watch.invalidate_model()
        self.assertEqual(
            Watch.search([("move_id", "=", bill.id)]).last_demand_date, date(2027, 1, 5)
        )
        self.assertEqual(
            Watch.search([("move_id", "=", bill.id)]).limitation_date, date(2030, 1, 5)
        )
        # an SMS reminder is no written demand: it does not restart the period
        sms_only = self.env["property.dunning.action"].search([("level_id.sequence", "=", 0)])
        with freeze_time("2026-12-21"), self.assertRaises(UserError):
            sms_only._record_delivery(date(2026, 12, 20), "SMS")
        with freeze_time("2026-12-21"):  # even if forced by the superuser
            sms_only.write(
                {"delivered": True, "delivery_date": date(2026, 12, 20), "delivery_proof": "x"}
            )
        self.env.flush_all()
        Watch.invalidate_model()
        self.assertEqual(
            Watch.search([("move_id", "=", bill.id)]).limitation_date, date(2030, 1, 5)
        )
        expiring = Watch.search([("limitation_date", "<=", date(2030, 2, 1))])
        self.assertIn(bill, expiring.move_id)

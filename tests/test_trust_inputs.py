from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common_billing import BillingCommon

NOV = date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestBadInput(BillingCommon):
    """Finding 6: absurd input is refused with a clear message, or held for confirmation."""

    def test_late_fee_terms_are_bounded(self):
        for vals, text in (
            ({"late_fee_rate": 150.0}, "between 0 and 1 %"),
            ({"late_fee_rate": -0.1}, "between 0 and 1 %"),
            ({"late_fee_cap_percent": 1000.0}, "between 0 and 100 %"),
            ({"late_fee_grace_days": 9999}, "grace days"),
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError) as err:
                self.fee_service.write(vals)
            self.assertIn(text, str(err.exception))
        self.fee_service.write({"late_fee_rate": 0.05, "late_fee_cap_percent": 30.0})

    def test_negative_reading_refused(self):
        Reading = self.env["property.meter.reading"]
        with self.assertRaises(ValidationError) as err:
            Reading.create(
                {
                    "unit_id": self.unit1.id,
                    "date": NOV,
                    "previous_reading": -10,
                    "current_reading": -5,
                }
            )
        self.assertIn("cannot be negative", str(err.exception))

    def test_first_reading_is_a_baseline(self):
        opening = self.env["property.meter.reading"].create(
            {"unit_id": self.unit1.id, "date": date(2026, 9, 30), "current_reading": 683}
        )
        self.assertEqual(opening.previous_reading, 683)
        self.assertEqual(opening.consumption, 0)

    def test_outlier_reading_waits_for_confirmation(self):
        self._assign(self.fee_water, date(2020, 1, 1))
        Reading = self.env["property.meter.reading"]
        Reading.create(
            {"unit_id": self.unit1.id, "date": date(2026, 7, 31), "current_reading": 500}
        )
        for day, value in ((date(2026, 8, 31), 512), (date(2026, 9, 30), 530)):
            Reading.create({"unit_id": self.unit1.id, "date": day, "current_reading": value})
        self._run(date(2026, 10, 1))
        typo = Reading.create(
            {"unit_id": self.unit1.id, "date": date(2026, 10, 31), "current_reading": 1e12}
        )
        self.assertTrue(typo.needs_confirmation)
        self.assertFalse(Reading.search([("id", "=", typo.id), *Reading._billable_domain()]))
        run = self._run(NOV)
        self.assertFalse(typo.move_line_id, "an unconfirmed outlier is not billed")
        self.assertIn("far outside", " ".join(run.error_ids.mapped("reason")))
        # finance corrects the typo: an ordinary reading is billed
        typo.write({"current_reading": 545})
        self.assertFalse(typo.needs_confirmation)
        self._run(NOV)
        self.assertEqual(typo.move_line_id.quantity, 15)

    def test_confirmed_outlier_is_billed(self):
        self._assign(self.fee_water, date(2020, 1, 1))
        Reading = self.env["property.meter.reading"]
        Reading.create({"unit_id": self.unit1.id, "date": date(2026, 9, 30), "current_reading": 10})
        leak = Reading.create(
            {"unit_id": self.unit1.id, "date": date(2026, 10, 31), "current_reading": 400}
        )
        self.assertTrue(leak.needs_confirmation)
        finance = self._create_user("finance_in", "finance")
        with self.assertRaises(AccessError):
            leak.with_user(finance).write({"needs_confirmation": False})
        leak.with_user(finance).action_confirm_consumption()
        self.assertEqual(leak.confirmed_by_id, finance)
        self._run(NOV)
        self.assertEqual(leak.move_line_id.quantity, 390)

    def test_billing_dates_are_checked(self):
        Run = self.env["property.billing.run"]
        with self.assertRaises(ValidationError) as err:
            Run.create({"period_start": date(2027, 3, 1), "invoice_date": date(2020, 1, 1)})
        self.assertIn("too far from the billed period", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            Run.create({"period_start": date(9999, 1, 1), "mode": "annual"})
        self.assertIn("out of range", str(err.exception))
        Wizard = self.env["property.billing.run.wizard"]
        wizard = Wizard.create({"period_start": date(9999, 12, 1), "mode": "annual"})
        with self.assertRaises(ValidationError):
            wizard.action_preview()
        wizard = Wizard.create({"period_start": date(2027, 3, 1), "invoice_date": date(2020, 1, 1)})
        with self.assertRaises(ValidationError):
            wizard.action_confirm()
        Run.create({"period_start": date(2027, 3, 1), "invoice_date": date(2027, 2, 25)})

    def test_promise_validated_by_the_model(self):
        Promise = self.env["property.payment.promise"]
        tomorrow = fields.Date.today() + timedelta(days=1)
        base = {"partner_id": self.owner.id, "project_id": self.project.id}
        with self.assertRaises(ValidationError) as err:
            Promise.create(dict(base, promise_date=tomorrow, amount=-5))
        self.assertIn("positive amount", str(err.exception))
        with freeze_time("2026-11-20"), self.assertRaises(ValidationError) as err:
            Promise.create(dict(base, promise_date=date(2026, 11, 1), amount=100))
        self.assertIn("cannot be in the past", str(err.exception))

from datetime import date
from decimal import Decimal
from unittest import mock

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.property_fee_collection.models.property_billing_sequence import BillNumbers
from odoo.addons.property_fee_collection.tools.charges import Charge

from .common_billing import BillingCommon

NOV = date(2026, 11, 1)


@tagged("post_install", "-at_install")
class TestBillingRun(BillingCommon):
    def test_per_area_fee_with_product_taxes(self):
        run = self._run(NOV)
        self.assertEqual(run.state, "done")
        bill = self._bill_of(run, self.owner)
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.move_type, "out_invoice")
        self.assertEqual(bill.property_project_id, self.project)
        self.assertEqual(bill.invoice_date, NOV)
        self.assertEqual(bill.invoice_date_due, date(2026, 11, 16))
        line = self._lines(bill, self.unit1, self.fee_service)
        self.assertEqual(line.price_subtotal, 223.75)  # 89.5 ㎡ × 2.5 元
        self.assertEqual(line.tax_ids, self.tax)
        self.assertEqual(
            (line.property_period_start, line.property_period_end), (NOV, date(2026, 11, 30))
        )
        self.assertEqual(bill.amount_untaxed, 223.75)
        self.assertEqual(bill.amount_tax, 13.43)
        self.assertEqual(bill.amount_total, 237.18)
        self.assertEqual(bill.amount_residual, 237.18)
        self.assertEqual(self._bill_of(run, self.owner2).amount_untaxed, 300.75)  # 120.3 × 2.5
        self.assertEqual(run.invoice_count, 2)
        self.assertEqual(run.unit_count, 2)
        self.assertAlmostEqual(run.amount_total, 237.18 + 318.80)

    def test_journal_items_match_odoo_own_computation(self):
        """Bills are built with precomputed items: they must equal what Odoo computes."""
        bill = self._bill_of(self._run(NOV), self.owner)
        reference = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.owner.id,
                "invoice_date": NOV,
                "invoice_line_ids": [
                    Command.create({"product_id": self.product.id, "price_unit": 223.75})
                ],
            }
        )
        reference.action_post()

        def items(move):
            return sorted(
                (
                    ln.display_type,
                    ln.account_id.id,
                    ln.balance,
                    tuple(ln.tax_ids.ids),
                    ln.tax_line_id.id,
                    tuple(ln.tax_tag_ids.ids),
                    ln.tax_base_amount,
                )
                for ln in move.line_ids
            )

        self.assertEqual(items(bill), items(reference))
        self.assertEqual(bill.amount_total, reference.amount_total)

    def test_fixed_and_one_bill_per_payer(self):
        parking = self._create_unit(
            self._create_building(self.project, "车库"),
            "P-001",
            area=13.5,
            unit_type="parking",
            state="occupied",
        )
        self._add_stay(parking, self.owner, date_from=date(2021, 1, 1))
        self._assign(self.fee_parking, date(2020, 1, 1), unit_type="parking")
        self._assign(self.fee_service, date(2020, 1, 1), price=0.8, unit_type="parking")
        run = self._run(NOV)
        bill = self._bill_of(run, self.owner)
        self.assertEqual(len(bill), 1, "one bill per payer")
        self.assertEqual(self._lines(bill, parking, self.fee_parking).price_subtotal, 150.0)
        self.assertEqual(
            self._lines(bill, parking, self.fee_service).price_subtotal,
            10.8,
            "the parking-type rate (13.5 ㎡ × 0.8) beats the project rate",
        )
        self.assertFalse(
            self._lines(bill, self.unit1, self.fee_parking), "parking fee only on parking units"
        )

    def test_metered_fee(self):
        self._assign(self.fee_water, date(2020, 1, 1))
        Reading = self.env["property.meter.reading"]
        Reading.create(
            {
                "unit_id": self.unit1.id,
                "date": date(2026, 10, 1),
                "previous_reading": 0,
                "current_reading": 100,
            }
        )
        reading = Reading.create(
            {"unit_id": self.unit1.id, "date": date(2026, 11, 1), "current_reading": 112.5}
        )
        self.assertEqual(reading.previous_reading, 100)
        self.assertEqual(reading.consumption, 12.5)
        run = self._run(NOV)
        line = self._lines(self._bill_of(run, self.owner), self.unit1, self.fee_water)
        self.assertEqual(len(line), 2, "both unbilled readings are billed")
        nov = line.filtered(lambda ln: ln.property_period_start == date(2026, 11, 1))
        self.assertEqual(nov.quantity, 12.5)
        self.assertEqual(nov.price_subtotal, 52.5)  # 12.5 m³ × 4.2
        self.assertEqual(reading.move_line_id, nov)
        self.assertTrue(reading.is_billed)
        self.assertFalse(
            self._run(date(2026, 12, 1)).move_ids.line_ids.filtered(
                lambda ln: ln.property_fee_type_id == self.fee_water
            )
        )

    def test_apportioned_fee_sums_exactly(self):
        unit3 = self._create_unit(self.building, "1-1-103", area=76.2)
        self._add_stay(unit3, self.tenant, date_from=date(2022, 1, 1))
        self.env["property.apportion.bill"].create(
            {
                "name": "10月公共电费",
                "fee_type_id": self.fee_shared.id,
                "project_id": self.project.id,
                "date_from": date(2026, 10, 1),
                "date_to": date(2026, 10, 31),
                "amount": 1000.0,
            }
        )
        run = self._run(NOV)
        lines = run.move_ids.invoice_line_ids.filtered(
            lambda ln: ln.property_fee_type_id == self.fee_shared
        )
        by_unit = {ln.property_unit_id: ln.price_subtotal for ln in lines}
        self.assertEqual(by_unit, {self.unit1: 312.94, self.unit2: 420.63, unit3: 266.43})
        self.assertAlmostEqual(sum(by_unit.values()), 1000.0)

    def test_vacancy_discount_only_for_vacant_units(self):
        self.unit2.state = "vacant"
        run = self._run(NOV)
        self.assertEqual(self._bill_of(run, self.owner2).amount_untaxed, 210.53)  # 300.75 × 70 %
        self.assertEqual(self._bill_of(run, self.owner).amount_untaxed, 223.75)
        self.fee_service.vacancy_discount_enabled = False
        self.assertEqual(
            self._bill_of(self._run(date(2026, 12, 1)), self.owner2).amount_untaxed, 300.75
        )

    def test_ownership_transfer_prorates_between_parties(self):
        self.stay1.date_to = date(2026, 11, 14)
        self._add_stay(self.unit1, self.tenant, date_from=date(2026, 11, 15))  # new owner
        run = self._run(NOV)
        old = self._lines(self._bill_of(run, self.owner), self.unit1)
        new = self._lines(self._bill_of(run, self.tenant), self.unit1)
        self.assertEqual(old.price_subtotal, 104.42)  # 223.75 × 14/30
        self.assertEqual(new.price_subtotal, 119.33)  # 223.75 × 16/30
        self.assertEqual(old.property_period_end, date(2026, 11, 14))
        self.assertEqual(new.property_period_start, date(2026, 11, 15))

    def test_tenant_billed_and_move_out(self):
        self._add_stay(
            self.unit2, self.tenant, "tenant", date(2026, 5, 1), date_to=date(2026, 11, 20)
        )
        run = self._run(NOV)
        self.assertEqual(
            self._lines(self._bill_of(run, self.tenant), self.unit2).price_subtotal, 200.50
        )  # 20/30
        self.assertEqual(
            self._lines(self._bill_of(run, self.owner2), self.unit2).price_subtotal, 100.25
        )  # 10/30

    def test_mid_period_price_change(self):
        self.assign_service.date_to = date(2026, 11, 10)
        self._assign(self.fee_service, date(2026, 11, 11), price=3.0)
        lines = self._lines(self._bill_of(self._run(NOV), self.owner), self.unit1)
        self.assertEqual(
            sorted(lines.mapped("price_subtotal")), [74.58, 179.0]
        )  # 223.75×10/30, 268.5×20/30

    def test_quarterly_cycle(self):
        self.fee_service.billing_cycle = "quarterly"
        self.assertFalse(self._run(NOV).move_ids, "November does not start a quarter")
        run = self._run(date(2027, 1, 1))
        line = self._lines(self._bill_of(run, self.owner), self.unit1)
        self.assertEqual(line.price_subtotal, 671.25)
        self.assertEqual(line.property_period_end, date(2027, 3, 31))

    def test_idempotent_rerun_and_database_uniqueness(self):
        first = self._run(NOV)
        second = self._run(NOV)
        self.assertEqual(len(first.move_ids), 2)
        self.assertFalse(second.move_ids, "a second run of the same period bills nothing")
        self.assertEqual(second.state, "done")
        line = self._lines(first.move_ids, self.unit1)
        vals = self.env["account.move"]._property_prepare_bill_vals(
            self.owner,
            self.project,
            [
                Charge(
                    fee_type_id=self.fee_service.id,
                    product_id=self.product.id,
                    price_unit=Decimal(1),
                    unit_id=self.unit1.id,
                    date_from=line.property_period_start,
                    date_to=line.property_period_end,
                    label="duplicate",
                )
            ],
            (NOV, NOV),
            {},
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as err:
            with self.env.cr.savepoint():
                self.env["account.move"]._property_create_bills([vals])
        self.assertIn(
            "already billed",
            self.env["account.move.line"]._sql_error_to_message(err.exception),
        )

    def test_cancel_or_reverse_allows_rebilling(self):
        run = self._run(NOV)
        bill1 = self._bill_of(run, self.owner)
        bill1.button_draft()
        bill1.button_cancel()
        rerun = self._run(NOV)
        self.assertEqual(rerun.move_ids.partner_id, self.owner, "only the cancelled bill is redone")
        bill2 = self._bill_of(run, self.owner2)
        bill2._reverse_moves(cancel=True)
        self.assertEqual(bill2.payment_state, "reversed")
        self.assertEqual(self._run(NOV).move_ids.partner_id, self.owner2)

    def test_failure_isolation(self):
        unit3 = self._create_unit(self.building, "1-1-103", area=50.0)  # no owner, no payer
        original = type(self.env["property.billing.run"])._prepare_bill

        def broken(run, project, partner, charges, cache):
            if partner == self.owner2:
                message = "boom"
                raise UserError(message)
            return original(run, project, partner, charges, cache)

        with mock.patch.object(type(self.env["property.billing.run"]), "_prepare_bill", broken):
            run = self._run(NOV)
        self.assertEqual(run.state, "done_errors")
        self.assertEqual(run.move_ids.partner_id, self.owner, "the healthy payer is billed")
        self.assertEqual(set(run.error_ids.unit_id.ids), {unit3.id, self.unit2.id})
        self.assertIn(
            "No owner or payer", run.error_ids.filtered(lambda e: e.unit_id == unit3).reason
        )
        self.assertIn("boom", run.error_ids.filtered(lambda e: e.unit_id == self.unit2).reason)
        # fixed later: a new run bills only what is left
        self._add_stay(unit3, self.tenant, date_from=date(2026, 1, 1))
        rerun = self._run(NOV)
        self.assertEqual(rerun.move_ids.partner_id, self.owner2 | self.tenant)
        self.assertEqual(rerun.state, "done")

    def test_missing_price_and_inactive_product_are_listed(self):
        self.fee_parking.unit_price = 0.0
        self._assign(self.fee_parking, date(2020, 1, 1), unit_id=self.unit1)
        run = self._run(NOV)
        self.assertEqual(run.state, "done_errors")
        self.assertIn("No rate", run.error_ids.reason)
        self.assertEqual(len(run.move_ids), 2, "the service fee is still billed")

    def test_concurrent_runs_are_locked(self):
        run = self.env["property.billing.run"].create({"period_start": NOV})
        # another database session (not the registry's: in tests it is this transaction)
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other:
            other.execute("SELECT pg_advisory_lock(774411, %s)", [self.env.company.id])
            try:
                with self.assertRaises(UserError) as err:
                    run._process()
            finally:
                other.execute("SELECT pg_advisory_unlock(774411, %s)", [self.env.company.id])
        self.assertIn("in progress", str(err.exception))
        self.assertFalse(run.move_ids)

    def test_prepayment_applied_oldest_first(self):
        october = self._bill_of(self._run(date(2026, 10, 1)), self.owner)
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.owner.id,
                "amount": 300.0,
            }
        )
        payment.action_post()
        november = self._bill_of(self._run(NOV), self.owner)
        self.assertEqual(october.payment_state, "paid")
        self.assertEqual(november.payment_state, "partial")
        self.assertAlmostEqual(november.amount_residual, 237.18 - (300.0 - 237.18))

    @freeze_time("2027-01-05")
    def test_early_bird_discount_on_annual_prepayment(self):
        run = self._early_bird_annual_run()
        bill = self._bill_of(run, self.owner)
        fee_line = self._lines(bill, self.unit1, self.fee_service)
        self.assertEqual(fee_line.price_subtotal, 2685.0)  # 223.75 × 12
        self.assertEqual(fee_line.property_period_end, date(2027, 12, 31))
        discount = bill.invoice_line_ids.filtered(lambda ln: ln.price_subtotal < 0)
        self.assertEqual(discount.price_subtotal, -268.5)
        self.assertIn("10%", discount.name)
        self.assertEqual(bill.amount_untaxed, 2416.5)
        self.assertEqual(bill.invoice_date_due, date(2027, 1, 15), "pay within the campaign")
        regular = self._run(date(2027, 2, 1))
        self.assertFalse(regular.move_ids, "the prepaid months are not billed again")

    def test_collector_cannot_bill(self):
        collector = self._create_user("collector_b", "collector")
        self.project.user_ids = collector
        with self.assertRaises(AccessError):
            self.env["property.billing.run"].with_user(collector).create({"period_start": NOV})
        finance = self._create_user("finance_b", "finance")
        run = (
            self.env["property.billing.run"]
            .with_user(finance)
            .create({"period_start": NOV, "project_ids": [Command.set(self.project.ids)]})
        )
        run.action_process()
        self.assertEqual(len(run.move_ids), 2)
        # progress and results change only through the buttons
        with self.assertRaises(AccessError) as err:
            run.with_user(finance).write({"state": "draft", "invoice_count": 99})
        self.assertIn("buttons", str(err.exception))
        with self.assertRaises(AccessError):
            run.with_user(collector).action_process()


@tagged("post_install", "-at_install")
class TestBillingRunChunks(BillingCommon):
    def test_chunks_restart_after_interruption(self):
        unit3 = self._create_unit(self.building, "1-1-103", area=50.0, state="occupied")
        self._add_stay(unit3, self.tenant, date_from=date(2020, 1, 1))
        run = self.env["property.billing.run"].create(
            {"period_start": NOV, "project_ids": [Command.set(self.project.ids)]}
        )
        with mock.patch(
            "odoo.addons.property_fee_collection.models.property_billing_run.PAYERS_PER_CHUNK",
            1,
        ):
            run._start()
        self.assertEqual(len(run.chunk_ids), 3)
        self.assertEqual(run.payer_total, 3)
        # a worker bills one chunk, then "crashes"
        chunk = run._claim_chunk(commit=False)
        journal = self.env["account.move"]._property_get_journal(self.env.company)
        run._bill_chunk(chunk, journal, BillNumbers(self.env, journal, run.invoice_date), {})
        chunk.state = "done"
        self.assertEqual(len(run.move_ids), 1)
        self.assertEqual(run.state, "running")
        # the cron resumes: only the chunks left are billed
        run._process()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.move_ids), 3)
        self.assertEqual(run.move_ids.partner_id, self.owner | self.owner2 | self.tenant)
        self.assertEqual(set(run.chunk_ids.mapped("state")), {"done"})
        self.assertEqual(run.invoice_count, 3)
        self.assertEqual(run.unit_count, 3)

    def test_bill_numbers_are_consecutive_across_runs(self):
        first = self._run(NOV)
        second = self._run(date(2026, 12, 1))
        names = sorted((first.move_ids | second.move_ids).mapped("name"))
        numbers = [int(name.rsplit("/", 1)[1]) for name in names]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 4)))
        self.assertFalse(any((first.move_ids | second.move_ids).mapped("made_sequence_gap")))

    def test_failed_payer_leaves_no_number_gap(self):
        """A payer whose bill fails while it is created does not burn a bill number."""
        unit3 = self._create_unit(self.building, "1-1-103", area=50.0, state="occupied")
        self._add_stay(unit3, self.tenant, date_from=date(2020, 1, 1))
        Move = type(self.env["account.move"])
        original = Move._property_create_bills

        def failing(moves, vals_list):
            if any(vals["partner_id"] == self.owner2.id for vals in vals_list):
                message = "refused by a check"
                raise UserError(message)
            return original(moves, vals_list)

        with mock.patch.object(Move, "_property_create_bills", failing):
            run = self._run(NOV)
        self.assertEqual(run.state, "done_errors")
        self.assertEqual(run.move_ids.partner_id, self.owner | self.tenant)
        self.assertIn("refused by a check", run.error_ids.reason)
        numbers = sorted(int(name.rsplit("/", 1)[1]) for name in run.move_ids.mapped("name"))
        self.assertEqual(numbers, [numbers[0], numbers[0] + 1], "no number skipped")
        # the next run continues right after: the unused number was handed back
        self.assertEqual(len(rerun := self._run(NOV).move_ids), 1)
        self.assertEqual(int(rerun.name.rsplit("/", 1)[1]), numbers[-1] + 1)
        self.assertFalse(any((run.move_ids | rerun).mapped("made_sequence_gap")))

    def test_unused_numbers_that_cannot_be_handed_back_are_listed(self):
        journal = self.env["account.move"]._property_get_journal(self.env.company)
        mine = BillNumbers(self.env, journal, NOV)
        other = BillNumbers(self.env, journal, NOV)
        first = mine.take(3)
        other.take(1)  # another worker reserved after us
        mine.give_back(first[1:])
        self.assertEqual(mine.release(), first[1:], "a later block exists: a gap")
        self.assertEqual(other.release(), [])
        last = BillNumbers(self.env, journal, NOV)
        taken = last.take(2)
        last.give_back(taken)
        self.assertEqual(last.release(), [], "the last block is handed back")
        self.assertEqual(BillNumbers(self.env, journal, NOV).take(1), taken[:1])


@tagged("post_install", "-at_install")
class TestBillingRunPlan(BillingCommon):
    def _wizard(self, **vals):
        return self.env["property.billing.run.wizard"].create(
            {"period_start": NOV, "project_ids": [Command.set(self.project.ids)], **vals}
        )

    def test_preview_plan_is_reused_when_nothing_changed(self):
        Run = type(self.env["property.billing.run"])
        wizard = self._wizard()
        with mock.patch.object(
            Run, "_compute_charges", autospec=True, side_effect=Run._compute_charges
        ) as compute:
            wizard.action_preview()
            action = wizard.action_confirm()
        self.assertEqual(compute.call_count, 1, "charges computed once, from preview to bill")
        run = self.env["property.billing.run"].browse(action["res_id"])
        self.assertEqual(run, wizard.run_id)
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.move_ids), 2)

    def test_preview_is_planned_again_when_an_input_changed(self):
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(wizard.preview_payer_count, 2)
        # after the preview, finance records that a tenant pays unit 2
        self._add_stay(
            self.unit2, self.tenant, role="tenant", date_from=date(2026, 1, 1), is_payer=True
        )
        run = self.env["property.billing.run"].browse(wizard.action_confirm()["res_id"])
        self.assertEqual(run.move_ids.partner_id, self.owner | self.tenant)

    def test_overlapping_runs_wait_their_turn(self):
        annual = self.env["property.billing.run"].create(
            {"period_start": NOV, "mode": "annual", "project_ids": [Command.set(self.project.ids)]}
        )
        with mock.patch(
            "odoo.addons.property_fee_collection.models.property_billing_run.PAYERS_PER_CHUNK",
            1,
        ):
            annual._start()
        self.assertEqual(annual.state, "running")
        monthly = self.env["property.billing.run"].create(
            {"period_start": date(2026, 12, 1), "project_ids": [Command.set(self.project.ids)]}
        )
        with self.assertRaises(UserError) as err:
            monthly.action_process()
        self.assertIn(annual.name, str(err.exception))
        self.assertFalse(monthly.move_ids)
        # the cron leaves a queued run waiting while the other runs, then bills it
        monthly.state = "queued"
        self.assertFalse(monthly._start(commit=True))
        self.assertEqual(monthly.state, "queued")
        annual._process()
        self.assertEqual(annual.state, "done")
        monthly._process()
        self.assertEqual(monthly.state, "done")
        self.assertFalse(monthly.move_ids, "December is covered by the annual bills")

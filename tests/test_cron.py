"""The crons as Odoo's scheduler runs them: own cursors, real commits, parallel workers."""

import threading
import time
from datetime import timedelta
from functools import partialmethod
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.property_fee_collection.models import (
    property_billing_run,
    property_dunning_state,
)
from odoo.addons.property_fee_collection.tools import billing

from .common_cron import CommittedEstateCase

CRON = "property_fee_collection.ir_cron_property_"
RUN_LOGGER = "odoo.addons.property_fee_collection.models.property_billing_run"


@tagged("post_install", "-at_install")
class TestBillingCrons(CommittedEstateCase):
    UNITS = 12

    def _queue_run(self, month=None):
        """A queued run of the company for ``month`` (default: this month), committed."""
        with self.env_cr() as env:
            project, units, owners, _fee = self.estate(env)
            run = env["property.billing.run"].create(
                {
                    "company_id": self.company_id,
                    "period_start": month or fields.Date.today(),
                    "state": "queued",
                }
            )
            return run.id, project.id, units.ids, owners.ids

    def _check_billed_once(self, env, run, unit_ids, amount):
        """Every unit on exactly one bill of the run, at ``amount``."""
        lines = run.move_ids.invoice_line_ids.filtered("property_billing_line")
        self.assertEqual(sorted(lines.property_unit_id.ids), sorted(unit_ids))
        self.assertEqual(len(run.move_ids), len(unit_ids))
        self.assertEqual(set(run.move_ids.mapped("amount_total")), {amount})
        self.assertEqual(set(run.move_ids.mapped("state")), {"posted"})

    def assertGapless(self, bills, first=1):
        """The bills' numbers follow each other from ``first``, no gap flagged."""
        self.assertEqual(len(set(bills.mapped("sequence_prefix"))), 1, bills.mapped("name"))
        numbers = sorted(bills.mapped("sequence_number"))
        self.assertEqual(numbers, list(range(first, first + len(bills))), bills.mapped("name"))
        self.assertFalse(bills.filtered("made_sequence_gap").mapped("name"))

    def test_monthly_billing_cron_bills_every_unit_once(self):
        with self.env_cr() as env:
            _project, units, _owners, _fee = self.estate(env)
            unit_ids = units.ids
            env["res.company"].browse(self.company_id).property_auto_billing = True
        self.run_cron(CRON + "billing_monthly")
        with self.env_cr() as env:
            run = env["property.billing.run"].search([("company_id", "=", self.company_id)])
            self.assertEqual(len(run), 1)
            self.assertEqual(run.state, "done")
            self.assertEqual(run.period_start, billing.month_bounds(fields.Date.today())[0])
            self._check_billed_once(env, run, unit_ids, 250.0)  # 100 m² × 2.50
            self.assertEqual((run.invoice_count, run.amount_total), (12, 3000.0))
            self.assertGapless(run.move_ids)
        self.run_cron(CRON + "billing_monthly")
        with self.env_cr() as env:
            runs = env["property.billing.run"].search([("company_id", "=", self.company_id)])
            self.assertEqual(len(runs), 1, "a month is billed once")
            self.assertEqual(len(runs.move_ids), 12)

    def test_two_workers_bill_one_run_in_parallel(self):
        """The processing cron plans and bills; the worker cron, started before the run is
        planned, polls (a new transaction per poll) and then bills chunks too."""
        run_id, _project_id, unit_ids, _owner_ids = self._queue_run()
        billed = []  # (thread, chunk sequence)
        helper_billed = threading.Event()
        polled_unplanned = threading.Event()
        Run = self.registry["property.billing.run"]
        original = Run._bill_chunk

        def bill_chunk(run, chunk, *args):
            name = threading.current_thread().name
            billed.append((name, chunk.sequence))
            original(run, chunk, *args)
            if name == "pfc-worker-0":
                # the planner waits (its chunk locked) until the helper has billed one
                helper_billed.wait(30)
            else:
                helper_billed.set()

        def planner():
            polled_unplanned.wait(30)
            self.run_cron(CRON + "billing_process")

        def helper():
            for _poll in range(600):
                with self.env_cr() as env:
                    run = env["property.billing.run"].browse(run_id)
                    if run.state != "queued" and run.chunk_ids:
                        break
                polled_unplanned.set()
                time.sleep(0.05)
            self.run_cron(CRON + "billing_worker")

        with (
            patch.object(property_billing_run, "PAYERS_PER_CHUNK", 2),
            patch.object(Run, "_bill_chunk", bill_chunk),
        ):
            self.in_threads(planner, helper)
        self.assertTrue(polled_unplanned.is_set(), "the helper started before the plan")
        workers = {name for name, _sequence in billed}
        self.assertEqual(workers, {"pfc-worker-0", "pfc-worker-1"}, "both workers billed")
        self.assertEqual(sorted(seq for _name, seq in billed), list(range(6)), "each chunk once")
        with self.env_cr() as env:
            run = env["property.billing.run"].browse(run_id)
            self.assertEqual(run.state, "done", run.error_ids.mapped("reason"))
            self.assertEqual(set(run.chunk_ids.mapped("state")), {"done"})
            self._check_billed_once(env, run, unit_ids, 250.0)
            self.assertEqual(run.invoice_count, 12)
            self.assertGapless(run.move_ids)
            counter = env["property.billing.sequence"].search(
                [("company_id", "=", self.company_id)]
            )
            self.assertEqual(counter.last, 12, "no number reserved beyond the last bill")

    def test_rolled_back_chunk_gives_its_numbers_back(self):
        """A chunk that fails after creating its bills is rolled back; its numbers go to the
        next chunk (no gap); a second run bills the payers it left out, numbered on."""
        run_id, _project_id, unit_ids, _owner_ids = self._queue_run()
        Run = self.registry["property.billing.run"]
        original = Run._bill_chunk

        def bill_chunk(run, chunk, *args):
            original(run, chunk, *args)
            if chunk.sequence == 1:
                raise RuntimeError("数据库连接中断")

        with (
            patch.object(property_billing_run, "PAYERS_PER_CHUNK", 2),
            patch.object(Run, "_bill_chunk", bill_chunk),
            mute_logger(RUN_LOGGER),
        ):
            self.run_cron(CRON + "billing_process")
        with self.env_cr() as env:
            run = env["property.billing.run"].browse(run_id)
            self.assertEqual(run.state, "done_errors")
            failed = run.chunk_ids.filtered(lambda c: c.state == "failed")
            self.assertEqual(failed.mapped("sequence"), [1])
            self.assertEqual(run.error_ids.mapped("reason"), ["数据库连接中断"])
            self.assertEqual(len(run.move_ids), 10, "the failed chunk's two bills are gone")
            self.assertGapless(run.move_ids)
            left_out = set(unit_ids) - set(run.move_ids.invoice_line_ids.property_unit_id.ids)
            self.assertEqual(len(left_out), 2)
            second = env["property.billing.run"].create(
                {
                    "company_id": self.company_id,
                    "period_start": run.period_start,
                    "state": "queued",
                }
            )
            second_id = second.id
        self.run_cron(CRON + "billing_process")
        with self.env_cr() as env:
            second = env["property.billing.run"].browse(second_id)
            self.assertEqual(second.state, "done", second.error_ids.mapped("reason"))
            self.assertEqual(set(second.move_ids.invoice_line_ids.property_unit_id.ids), left_out)
            run = env["property.billing.run"].browse(run_id)
            self.assertGapless(run.move_ids | second.move_ids)

    def test_number_reservation_retried_after_a_concurrent_update(self):
        """Another worker's reservation is being committed while this one starts: PostgreSQL
        refuses the second update (REPEATABLE READ); the reservation is run again."""
        with self.env_cr() as env:
            journal = env["account.move"]._property_get_journal(
                env["res.company"].browse(self.company_id)
            )
            key = f"{journal.id}:TEST/{self.tag}/"
            self.assertEqual(env["property.billing.sequence"]._reserve(journal, key, 0, 5), 1)
            journal_id = journal.id
        Sequence = self.registry["property.billing.sequence"]
        original, attempts, results = Sequence._reserve_in, [], []

        def reserve_in(model, cr, *args):
            attempts.append(args)
            return original(model, cr, *args)

        def reserve():
            with self.env_cr() as env:
                journal = env["account.journal"].browse(journal_id)
                results.append(env["property.billing.sequence"]._reserve(journal, key, 0, 3))

        with self.registry.cursor() as other, patch.object(Sequence, "_reserve_in", reserve_in):
            # the other worker's reservation of 6…7, not committed yet
            other.execute(
                "UPDATE property_billing_sequence SET last = last + 2 WHERE key = %s", [key]
            )
            thread = threading.Thread(target=reserve)
            thread.start()
            for _wait in range(200):  # until this reservation waits for the other's row
                other.execute(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
                if other.fetchone()[0]:
                    break
                time.sleep(0.05)
            other.commit()
            thread.join(30)
        self.assertEqual(results, [8], "after 1…5 and the other worker's 6…7")
        self.assertEqual(len(attempts), 2, "refused once, then run again")


@tagged("post_install", "-at_install")
class TestCollectionCrons(CommittedEstateCase):
    UNITS = 5

    def test_late_fee_cron_bills_last_month_once(self):
        today = fields.Date.today()
        month_start, month_end = billing.month_bounds(fields.Date.subtract(today, months=1))
        due = month_start + timedelta(days=9)  # the 10th of last month
        with self.env_cr() as env:
            _project, units, owners, fee = self.estate(env, units=3)
            bills = [
                self.bill(env, units[0], owners[0], fee, due, 1000.0),
                self.bill(env, units[1], owners[1], fee, due, 500.0),
                self.bill(env, units[2], owners[2], fee, due, 800.0),
            ]
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=bills[2].ids
            ).create({"payment_date": due})._create_payments()
            owner_ids = owners.ids
        self.run_cron(CRON + "late_fees")
        # late on each day after the due date up to the month's end, 0.1 % a day
        days = (month_end - due).days
        with self.env_cr() as env:
            run = env["property.billing.run"].search(
                [("company_id", "=", self.company_id), ("mode", "=", "late_fee")]
            )
            self.assertEqual(run.state, "done")
            self.assertEqual(run.period_start, month_start)
            fees = {move.partner_id.id: move.amount_total for move in run.move_ids}
            self.assertEqual(
                fees,
                {owner_ids[0]: round(1000 * 0.001 * days, 2), owner_ids[1]: 0.5 * days},
                "paid on its due date: no late fee",
            )
            self.assertTrue(all(run.move_ids.mapped("property_is_late_fee")))
        self.run_cron(CRON + "late_fees")
        with self.env_cr() as env:
            runs = env["property.billing.run"].search(
                [("company_id", "=", self.company_id), ("mode", "=", "late_fee")]
            )
            self.assertEqual(len(runs), 1, "a month's late fees are billed once")
            self.assertEqual(len(runs.move_ids), 2)

    def test_notice_cron_sends_in_committed_batches(self):
        with self.env_cr() as env:
            _project, _units, owners, _fee = self.estate(env)
            owners[3:].email = False
            run = env["property.billing.run"].create(
                {"company_id": self.company_id, "period_start": fields.Date.today()}
            )
            run._process()
            self.assertEqual(len(run.move_ids), 5)
            run.action_send_notices()
            move_ids = run.move_ids.ids
        Move = self.registry["account.move"]
        with patch.object(
            Move,
            "_cron_property_send_notices",
            partialmethod(Move._cron_property_send_notices, batch=2),
        ):
            self.run_cron(CRON + "send_notices")
        self.assertEqual(self.cron_progress(CRON + "send_notices"), (5, 0), "three batches")
        with self.env_cr() as env:
            moves = env["account.move"].browse(move_ids)
            self.assertEqual(
                [m.property_notice_state for m in moves.sorted(lambda m: m.partner_id.name)],
                ["sent", "sent", "sent", "no_email", "no_email"],
            )
            mails = env["mail.mail"].search(
                [("model", "=", "account.move"), ("res_id", "in", move_ids)]
            )
            sent = moves.filtered(lambda m: m.property_notice_state == "sent")
            self.assertEqual(sorted(mails.mapped("res_id")), sorted(sent.ids), "one mail each")

    def test_dunning_cron_commits_per_chunk_and_runs_once_a_day(self):
        today = fields.Date.today()
        with self.env_cr() as env:
            _project, units, owners, fee = self.estate(env)
            for unit, owner in zip(units, owners, strict=True):
                self.bill(env, unit, owner, fee, today - timedelta(days=1), 300.0)
            paid = self.bill(env, units[0], owners[0], fee, today - timedelta(days=40), 10.0)
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=paid.ids
            ).create({"payment_date": today})._create_payments()
            env["res.company"].browse(self.company_id).property_dunning_enabled = True
            owner_ids = owners.ids
        with patch.object(property_dunning_state, "CHUNK", 2):
            self.run_cron(CRON + "dunning")
        self.assertEqual(self.cron_progress(CRON + "dunning"), (5, 0), "three chunks of 2")
        with self.env_cr() as env:
            executions = env["ir.cron.progress"].search_count(
                [("cron_id", "=", env.ref(CRON + "dunning").id)]
            )
            self.assertEqual(executions, 1, "nothing left: the scheduler does not rerun it")
        with self.env_cr() as env:
            states = env["property.dunning.state"].search([("company_id", "=", self.company_id)])
            self.assertEqual(sorted(states.partner_id.ids), sorted(owner_ids))
            self.assertEqual(set(states.mapped("overdue_amount")), {300.0})
            actions = env["property.dunning.action"].search([("company_id", "=", self.company_id)])
            self.assertEqual(sorted(actions.partner_id.ids), sorted(owner_ids))
            self.assertEqual(set(actions.mapped("date")), {today})
        with patch.object(property_dunning_state, "CHUNK", 2):
            self.run_cron(CRON + "dunning")
        with self.env_cr() as env:
            again = env["property.dunning.action"].search_count(
                [("company_id", "=", self.company_id)]
            )
            self.assertEqual(again, len(owner_ids), "a second run the same day adds nothing")

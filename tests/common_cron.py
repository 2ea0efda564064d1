"""Tests that commit, as Odoo's scheduler does.

A ``TransactionCase`` never commits: its cursor is rolled back at the end and every cursor the
registry opens in between is the same test transaction. The crons of this addon commit after
each chunk (``ir.cron._commit_progress``), bill numbers are reserved in a transaction of their
own, and two cron workers bill one run in parallel, each in its own transaction. These tests
run that code as the scheduler does — ``ir.cron.method_direct_trigger()`` on a real cursor of
their own, with real commits — in a company of their own, and delete every row they created
when they end, even when they fail: a snapshot of the id sequences is taken before, and the
rows with a greater id are deleted after (referencing rows first; many2many rows go with
them), so the other tests see the database as it was.
"""

import logging
import threading
import uuid
from contextlib import contextmanager
from datetime import date

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import SQL, mute_logger

from .common import load_chart

_logger = logging.getLogger(__name__)

# every table with a serial id, and the last value of that id
SEQUENCES = """
    SELECT tbl.relname, COALESCE(seq.last_value, 0)
      FROM pg_class s
      JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a' AND d.refobjsubid > 0
      JOIN pg_class tbl ON tbl.oid = d.refobjid
      JOIN pg_attribute a ON a.attrelid = tbl.oid AND a.attnum = d.refobjsubid
      JOIN pg_namespace n ON n.oid = tbl.relnamespace
      JOIN pg_sequences seq ON seq.schemaname = n.nspname AND seq.sequencename = s.relname
     WHERE s.relkind = 'S' AND a.attname = 'id' AND n.nspname = 'public'
"""
# what the scheduler changes on existing crons
CRON_COLUMNS = ("nextcall", "lastcall", "failure_count", "first_failure_date", "active")


class CommittedCase(BaseCase):
    """Real cursors and commits; everything created is deleted at the end of each test
    (``setUpClass`` data: at the end of the class)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.tag = uuid.uuid4().hex[:6]  # unique names: another run may have failed midway
        snapshot = cls._snapshot()
        cls.addClassCleanup(cls._restore, snapshot)

    def setUp(self):
        super().setUp()
        snapshot = self._snapshot()
        self.addCleanup(self._restore, snapshot)

    # === Snapshot and clean-up ===
    @classmethod
    def _snapshot(cls):
        with cls.registry.cursor() as cr:
            cr.execute(SEQUENCES)
            sequences = dict(cr.fetchall())
            cr.execute(SQL("SELECT id, %s FROM ir_cron", SQL(", ").join(map(SQL, CRON_COLUMNS))))
            crons = cr.fetchall()
        return sequences, crons

    @classmethod
    def _restore(cls, snapshot):
        """Delete the rows created since ``snapshot`` and put the crons back as they were."""
        sequences, crons = snapshot
        with cls.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            cr.execute(SEQUENCES)
            todo = {
                table: sequences.get(table, 0)
                for table, last in cr.fetchall()
                if last > sequences.get(table, 0)
            }
            for _attempt in range(50):
                if not todo:
                    break
                for table, last in list(todo.items()):
                    try:
                        with cr.savepoint():
                            cr.execute(
                                SQL("DELETE FROM %s WHERE id > %s", SQL.identifier(table), last)
                            )
                        del todo[table]
                    except psycopg2.errors.ForeignKeyViolation:
                        continue  # referenced by rows of a table not cleaned yet
            for row in crons:
                cr.execute(
                    SQL(
                        "UPDATE ir_cron SET %s WHERE id = %s",
                        SQL(", ").join(
                            SQL("%s = %s", SQL.identifier(column), value)
                            for column, value in zip(CRON_COLUMNS, row[1:], strict=True)
                        ),
                        row[0],
                    )
                )
        cls.registry.clear_all_caches()
        if todo:
            raise AssertionError(f"rows left behind by a committed test in {sorted(todo)}")

    # === Environments on real cursors ===
    @contextmanager
    def env_cr(self, uid=SUPERUSER_ID, context=None):
        """An environment on a new cursor of its own, committed at the end of the block."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, uid, dict(context or {}, tracking_disable=True))

    def run_cron(self, xmlid):
        """Run a cron as the scheduler does: ``method_direct_trigger`` (the job in a
        transaction of its own, committing as it goes)."""
        with self.env_cr() as env:
            env.ref(xmlid).method_direct_trigger()

    def cron_progress(self, xmlid):
        """``(done, remaining)`` of the cron's last execution."""
        with self.env_cr() as env:
            progress = env["ir.cron.progress"].search(
                [("cron_id", "=", env.ref(xmlid).id)], order="id desc", limit=1
            )
            return progress.done, progress.remaining

    def in_threads(self, *targets, timeout=120):
        """Run each target in a thread of its own; re-raise the first exception."""
        errors = []

        def wrap(target):
            def run():
                try:
                    target()
                except Exception as exc:  # noqa: BLE001 - re-raised in the test's thread
                    _logger.exception("worker thread failed")
                    errors.append(exc)

            return run

        threads = [
            threading.Thread(target=wrap(target), name=f"pfc-worker-{index}")
            for index, target in enumerate(targets)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        self.assertFalse([t.name for t in threads if t.is_alive()], "a worker hangs")
        if errors:
            raise errors[0]


class CommittedEstateCase(CommittedCase):
    """A committed company of its own (CN, CNY, a chart of accounts), with a project whose
    units each have one owner, and the fee type 物业服务费 at 2.50/m² a month."""

    UNITS = 6

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            cls.company_id = cls._create_company(env, f"定时任务物业 {cls.tag}").id

    @classmethod
    def _create_company(cls, env, name):
        cny = env.ref("base.CNY")
        cny.active = True
        company = env["res.company"].create(
            {"name": name, "country_id": env.ref("base.cn").id, "currency_id": cny.id}
        )
        load_chart(env, company)
        company.write({"property_auto_billing": False, "property_dunning_enabled": False})
        return company

    def estate(self, env, units=None, area=100.0, email=True):
        """A project of the test's company, ``units`` occupied units (one owner each) and
        the fee type; returns ``(project, units, owners, fee_type)``."""
        env = env(context=dict(env.context, allowed_company_ids=[self.company_id]))
        company = env["res.company"].browse(self.company_id)
        code = f"C{uuid.uuid4().hex[:6].upper()}"
        project = env["property.project"].create(
            {"name": f"定时小区 {code}", "code": code, "company_id": company.id}
        )
        building = env["property.building"].create(
            {"name": "1号楼", "code": "1", "project_id": project.id}
        )
        product = env["product.product"].create(
            {
                "name": "物业服务费",
                "type": "service",
                "company_id": company.id,
                "taxes_id": [Command.clear()],
            }
        )
        fee = env["property.fee.type"].create(
            {
                "name": "物业服务费",
                "code": f"W{code}",
                "company_id": company.id,
                "product_id": product.id,
                "pricing_method": "per_area",
                "unit_price": 2.5,
                "due_days": 15,
                "late_fee_enabled": True,
                "late_fee_rate": 0.1,
                "late_fee_grace_days": 0,
                "late_fee_cap_percent": 10.0,
            }
        )
        count = units or self.UNITS
        owners = env["res.partner"].create(
            [
                {
                    "name": f"业主{index:03d}",
                    "phone": f"1390000{index:04d}",
                    "email": f"owner{index}.{code.lower()}@example.cn" if email else False,
                    "company_id": company.id,
                }
                for index in range(count)
            ]
        )
        unit_recs = env["property.unit"].create(
            [
                {
                    "name": f"1-{index + 1:03d}",
                    "building_id": building.id,
                    "area": area,
                    "state": "occupied",
                }
                for index in range(count)
            ]
        )
        env["property.unit.occupancy"].create(
            [
                {
                    "unit_id": unit.id,
                    "partner_id": owner.id,
                    "role": "owner",
                    "date_from": date(2020, 1, 1),
                }
                for unit, owner in zip(unit_recs, owners, strict=True)
            ]
        )
        env["property.fee.assignment"].create(
            {"fee_type_id": fee.id, "project_id": project.id, "date_from": date(2020, 1, 1)}
        )
        return project, unit_recs, owners, fee

    def bill(self, env, unit, partner, fee, due, amount):
        """A posted property bill of ``amount`` due on ``due`` (as a billing run makes)."""
        start = due.replace(day=1)
        move = (
            env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": self.company_id,
                    "partner_id": partner.id,
                    "invoice_date": start,
                    "invoice_date_due": due,
                    "property_project_id": unit.project_id.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": fee.product_id.id,
                                "name": f"物业服务费 {unit.name}",
                                "quantity": 1,
                                "price_unit": amount,
                                "property_unit_id": unit.id,
                                "property_fee_type_id": fee.id,
                                "property_period_start": start,
                                "property_period_end": start.replace(day=28),
                                "property_billing_line": True,
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

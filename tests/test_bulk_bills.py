"""Late-fee bills copied below the ORM are the bills Odoo would post, column by column."""

import contextlib
from datetime import date
from unittest import mock

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from ..models.property_billing_sequence import BillNumbers
from .common_dunning import DunningCommon

JAN = (date(2027, 1, 1), date(2027, 1, 31))

# differ between two postings of the same bill: record ids and the moment of writing
IGNORED = {"id", "move_id", "create_date", "write_date", "move_line_id"}


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestBulkBills(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        project2 = cls._create_project("丽景二期", "LJ2")
        building2 = cls._create_building(project2, "2号楼", "2")
        cls.payers = cls.env["res.partner"].create(
            [{"name": f"业主{i}", "lang": "zh_CN" if i % 2 else "en_US"} for i in range(5)]
        )
        # a payer with a contact of its own (delivery address): posted by Odoo, not copied
        cls.env["res.partner"].create(
            {"name": "收件人", "parent_id": cls.payers[3].id, "type": "delivery"}
        )
        amounts = [1000.0, 223.75, 512.3, 800.0, 99.99]
        for i, (payer, amount) in enumerate(zip(cls.payers, amounts, strict=True)):
            building = building2 if i == 2 else cls.building
            unit = cls._create_unit(building, f"B-{i}", area=80.0, state="occupied")
            cls._add_stay(unit, payer)
            cls._bill(date(2027, 1, 10), amount, partner=payer, unit=unit)
            if i == 4:  # two overdue units: a bill of another shape
                unit2 = cls._create_unit(building, f"B-{i}-2", area=60.0, state="occupied")
                cls._add_stay(unit2, payer)
                cls._bill(date(2027, 1, 12), 300.0, partner=payer, unit=unit2)

    def _vals_list(self):
        """The late-fee bills of January as the billing run prepares them, numbered."""
        run = self.env["property.billing.run"].create({"period_start": JAN[0], "mode": "late_fee"})
        groups, _errors = run._compute_charges()
        journal = self.env["account.move"]._property_get_journal(self.env.company)
        numbers = BillNumbers(self.env, journal, run.invoice_date)
        vals_list = []
        for index, ((project_id, partner_id), charges) in enumerate(sorted(groups.items())):
            vals = run._prepare_bill(
                self.env["property.project"].browse(project_id),
                self.env["res.partner"].browse(partner_id),
                charges,
                {},
            )
            # numbers 10 apart: each bill has the same "gap before it" in both postings
            vals_list.append(run._bill_vals(vals, journal, numbers.name(100 + 10 * index)))
        return vals_list

    @contextlib.contextmanager
    def _copies(self):
        """The numbers of the bills written as copies while in the block."""
        Move = type(self.env["account.move"])
        original = Move._property_insert_copies
        copied = []

        def spy(model, copies, ranks):
            copied.extend(vals["name"] for _proto, vals, _number in copies)
            return original(model, copies, ranks)

        with mock.patch.object(Move, "_property_insert_copies", spy):
            yield copied

    def _snapshot(self, moves):
        """Every stored column of the bills, their journal items and ledger items, their
        tax links, followers and messages, by bill number."""
        self.env.flush_all()
        snap = {}
        for move in moves:
            snap[move.name] = {
                table: self._rows(table, column, move.id)
                for table, column in (
                    ("account_move", "id"),
                    ("account_move_line", "move_id"),
                    ("property_receivable", "move_id"),
                )
            }
            snap[move.name]["links"] = self.env.execute_query(
                SQL(
                    """SELECT (SELECT COUNT(*) FROM account_move_line_account_tax_rel r
                                 JOIN account_move_line l ON l.id = r.account_move_line_id
                                WHERE l.move_id = %(id)s),
                              (SELECT COUNT(*) FROM account_account_tag_account_move_line_rel r
                                 JOIN account_move_line l ON l.id = r.account_move_line_id
                                WHERE l.move_id = %(id)s),
                              (SELECT COUNT(*) FROM mail_followers
                                WHERE res_model = 'account.move' AND res_id = %(id)s),
                              (SELECT COUNT(*) FROM mail_message
                                WHERE model = 'account.move' AND res_id = %(id)s),
                              (SELECT COUNT(*) FROM account_analytic_line a
                                 JOIN account_move_line l ON l.id = a.move_line_id
                                WHERE l.move_id = %(id)s)""",
                    id=move.id,
                )
            )
        ranks = dict(
            self.env.execute_query(
                SQL("SELECT id, customer_rank FROM res_partner WHERE id = ANY(%s)", self.payers.ids)
            )
        )
        return snap, ranks

    def _rows(self, table, column, move_id):
        self.env.cr.execute(
            SQL(
                "SELECT * FROM %s WHERE %s = %s ORDER BY id",
                SQL.identifier(table),
                SQL.identifier(column),
                move_id,
            )
        )
        names = [d.name for d in self.env.cr.description]
        return [
            {k: v for k, v in zip(names, row, strict=True) if k not in IGNORED}
            for row in self.env.cr.fetchall()
        ]

    def test_copies_equal_what_odoo_posts(self):
        Move = self.env["account.move"]
        vals_list = self._vals_list()
        self.assertEqual(len(vals_list), 5)
        shapes = Move._property_bulk_shapes(vals_list)
        # payers 0-2: one late-fee item each (one shape); payer 3 has a contact of its own
        # (posted by Odoo); payer 4 has two items (another shape)
        self.assertEqual(len(set(shapes)), 3)
        self.assertEqual(shapes.count(None), 1)
        try:
            with self.env.cr.savepoint():
                by_odoo = self._snapshot(Move._property_create_bills(vals_list))
                raise _Rollback
        except _Rollback:
            self.env.invalidate_all()
        prototypes = {}
        with self._copies() as copied:
            bulk_moves = Move._property_create_bills(vals_list, prototypes)
        payer_of = {vals["name"]: vals["partner_id"] for vals in vals_list}
        self.assertEqual(
            sorted(payer_of[name] for name in copied), self.payers[1:3].ids, "two copies"
        )
        self.assertEqual(len(bulk_moves), 5)
        self.assertEqual(len(prototypes), 2, "two shapes, two prototypes")
        by_copy = self._snapshot(bulk_moves)
        self.assertEqual(by_copy[1], by_odoo[1], "customer ranks")
        self.assertEqual(sorted(by_copy[0]), sorted(by_odoo[0]))
        diffs = []
        for name, expected in by_odoo[0].items():
            for part, rows in expected.items():
                got = by_copy[0][name][part]
                if part == "links":
                    self.assertEqual(got, rows, f"{name}: taxes, tags, followers, messages")
                    continue
                self.assertEqual(len(got), len(rows), f"{name} {part}")
                for row_got, row_expected in zip(got, rows, strict=True):
                    diff = {
                        key: (row_got.get(key), value)
                        for key, value in row_expected.items()
                        if row_got.get(key) != value
                    }
                    if diff:
                        diffs.append((name, part, diff))
        self.assertEqual(diffs, [], "copy vs Odoo: (bill, table, {column: (copy, Odoo)})")
        # the money of a copy, by hand: 223.75 × 0.1 % × 21 days (11…31 January) = 4.70
        second = bulk_moves.filtered(lambda m: m.partner_id == self.payers[1])
        self.assertEqual(second.amount_total, 4.70)
        self.assertEqual(second.amount_residual, 4.70)
        self.assertEqual(second.payment_state, "not_paid")
        self.assertEqual(second.line_ids.filtered("property_late_fee_line").price_subtotal, 4.70)
        self.assertEqual(second.property_receivable_ids.residual, 4.70)

    def test_copies_can_be_paid_reversed_and_checked(self):
        """A copied bill behaves like any bill: paid, credited, ledger invariant holds."""
        Move = self.env["account.move"]
        moves = Move._property_create_bills(self._vals_list(), {})
        copy = moves.filtered(lambda m: m.partner_id == self.payers[2])
        self._pay(copy, 5.0, date(2027, 2, 20))
        self.assertEqual(copy.payment_state, "partial")
        self.assertEqual(copy.property_receivable_ids.residual, copy.amount_residual)
        other = moves.filtered(lambda m: m.partner_id == self.payers[1])
        reversal = other._reverse_moves(cancel=True)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(other.payment_state, "reversed")
        self.assertEqual(other.property_receivable_ids.residual, 0.0)
        self.assertEqual(self.env["property.receivable"]._check_ledger(), [])

    def test_prototypes_serve_later_batches_until_touched(self):
        """A run's workers keep their prototypes from chunk to chunk; a prototype paid (or
        changed) since it was posted is replaced by a new one."""
        Move = self.env["account.move"]
        # payers 0-2: one late-fee item each, no contacts of their own
        vals_list = [
            vals for vals in self._vals_list() if vals["partner_id"] in self.payers[:3].ids
        ]
        self.assertEqual(len(vals_list), 3)
        prototypes = {}
        Move._property_create_bills(vals_list[:1], prototypes)
        (proto_id,) = prototypes.values()
        with self._copies() as copied:
            second = Move._property_create_bills(vals_list[1:2], prototypes)
        self.assertEqual(copied, [second.name], "a copy of the first batch's prototype")
        self.assertEqual(list(prototypes.values()), [proto_id], "copied from the prototype")
        self.assertEqual(second.state, "posted")
        self.assertEqual(second.amount_residual, second.amount_total)
        # the prototype is paid: the next bill cannot be a copy of it
        self._pay(Move.browse(proto_id), 1.0, date(2027, 2, 20))
        with self._copies() as copied:
            Move._property_create_bills(vals_list[2:3], prototypes)
        self.assertEqual(copied, [], "posted by Odoo: the new prototype")
        self.assertNotIn(proto_id, prototypes.values())
        self.assertEqual(self.env["property.receivable"]._check_ledger(), [])

    def test_other_posting_modules_or_taxes_turn_copying_off(self):
        Move = self.env["account.move"]
        vals_list = self._vals_list()
        with mock.patch.object(type(Move), "_property_bulk_allowed", return_value=False):
            self.assertEqual(Move._property_bulk_shapes(vals_list), [None] * 5)
        tax = self.env["account.tax"].create({"name": "VAT 6%", "amount": 6.0})
        taxed = [
            dict(
                vals,
                line_ids=[
                    Command.create(dict(cmd[2], tax_ids=[Command.set(tax.ids)]))
                    if cmd[2].get("display_type") == "product"
                    else cmd
                    for cmd in vals["line_ids"]
                ],
            )
            for vals in vals_list
        ]
        self.assertEqual(Move._property_bulk_shapes(taxed), [None] * 5)
        self.assertTrue(Move._property_bulk_allowed(), "accounting alone posts invoices here")

    def test_late_fee_plan_lists_payers_workers_compute_fees(self):
        """Planning a late-fee run lists who may owe late fees (and makes the late-fee
        product, so that two workers never create it at once); each chunk's fees are
        computed when it is billed."""
        self.env.company.property_late_fee_product_id = False
        run = self.env["property.billing.run"].create({"period_start": JAN[0], "mode": "late_fee"})
        groups, errors = run._plan()
        self.assertTrue(self.env.company.property_late_fee_product_id)
        self.assertEqual(errors, [])
        self.assertEqual(len(groups), 5)
        self.assertEqual(sum(run.chunk_ids.mapped("payer_count")), 5)
        self.assertFalse(any(p["charges"] for c in run.chunk_ids for p in c.payers))
        run._mark_running()
        run._work()
        self.assertEqual(run.state, "done", run.error_ids.mapped("reason"))
        self.assertEqual(len(run.move_ids), 5)
        second = run.move_ids.filtered(lambda m: m.partner_id == self.payers[1])
        self.assertEqual(second.amount_total, 4.70)  # 223.75 × 0.1 % × 21 days

from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import installment as inst
from odoo.addons.property_fee_collection.tools import ledger
from odoo.addons.property_fee_collection.tools import rating as rt

D = date


@tagged("post_install", "-at_install")
class TestInstallmentTools(BaseCase):
    def test_split_adds_up_to_the_fen(self):
        cases = [
            # total, count, first instalment, amounts
            (100000, 3, None, [33333, 33333, 33334]),
            (90000, 3, None, [30000, 30000, 30000]),
            (100, 3, None, [33, 33, 34]),
            (3, 3, None, [1, 1, 1]),
            (120001, 12, None, [10000] * 11 + [10001]),
            (100000, 4, 40000, [40000, 20000, 20000, 20000]),
            (100001, 4, 1, [1, 33333, 33333, 33334]),
            (100, 3, 98, [98, 1, 1]),
        ]
        for total, count, first, expected in cases:
            with self.subTest(total=total, count=count, first=first):
                self.assertEqual(inst.split(total, count, first), expected)
        for total in (3, 99, 1000, 123457, 9999999):
            for count in range(3, 13):
                if total >= count:
                    self.assertEqual(sum(inst.split(total, count)), total)

    def test_split_refuses_impossible_plans(self):
        for total, count, first in [
            (1000, 2, None),  # fewer than 3 instalments
            (1000, 13, None),  # more than 12
            (2, 3, None),  # less than a fen each
            (100, 3, 99),  # the first leaves less than a fen for the others
            (100, 3, 0),
        ]:
            with self.subTest(total=total, count=count, first=first), self.assertRaises(ValueError):
                inst.split(total, count, first)

    def test_due_dates_clamp_to_month_end(self):
        self.assertEqual(
            inst.due_dates(D(2026, 1, 31), 4),
            [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)],
        )
        self.assertEqual(
            inst.due_dates(D(2027, 12, 29), 3, 2)[1:], [D(2028, 2, 29), D(2028, 4, 29)]
        )

    def test_instalment_states(self):
        lines = [(D(2026, 4, 10), 30000), (D(2026, 5, 10), 30000), (D(2026, 6, 10), 40000)]
        p, late, k, m = inst.PENDING, inst.LATE, inst.KEPT, inst.MISSED
        cases = [
            # paid, credited, today, grace, states
            (0, 0, D(2026, 4, 10), 10, [p, p, p]),  # due today: not late yet
            (0, 0, D(2026, 4, 11), 10, [late, p, p]),
            (29999, 0, D(2026, 4, 20), 10, [late, p, p]),  # 10 days late: still within grace
            (29999, 0, D(2026, 4, 21), 10, [m, p, p]),  # 11 days: missed
            (0, 0, D(2026, 4, 11), 0, [m, p, p]),  # no grace
            (30000, 0, D(2026, 5, 25), 10, [k, m, p]),
            (100000, 0, D(2026, 4, 1), 10, [k, k, k]),  # paid in advance
            # credits shorten the plan from its end, not the next instalment
            (30000, 10000, D(2026, 5, 25), 10, [k, m, p]),
            (60000, 40000, D(2026, 7, 1), 10, [k, k, k]),
            (59999, 40000, D(2026, 7, 1), 10, [k, m, m]),
        ]
        for paid, credited, today, grace, expected in cases:
            with self.subTest(paid=paid, credited=credited, today=today):
                self.assertEqual(
                    inst.instalment_states(lines, paid, credited, today, grace), expected
                )
        self.assertEqual(inst.plan_outcome([k, k, k]), "done")
        self.assertEqual(inst.plan_outcome([k, m, p]), "broken")
        self.assertEqual(inst.plan_outcome([k, late, p]), "active")

    def test_share(self):
        cases = [
            ([1000, 2000], 50, [500, 1000]),
            ([333, 333, 334], 50, [167, 166, 167]),  # 500 spread by largest remainder
            ([101], 50, [51]),  # 50.5 → 51 (half-up)
            ([100, 200], 0, [0, 0]),
            ([100, 200], 100, [100, 200]),
            ([], 50, []),
        ]
        for amounts, percent, expected in cases:
            with self.subTest(amounts=amounts, percent=percent):
                parts = inst.share(amounts, percent)
                self.assertEqual(parts, expected)
                self.assertTrue(all(p <= a for p, a in zip(parts, amounts, strict=True)))


@tagged("post_install", "-at_install")
class TestLedgerLimits(BaseCase):
    def test_credit_note_settles_exact_amounts_of_chosen_items(self):
        order = ledger.item_order
        jan = ledger.Item(1, 10000, order("oldest", D(2026, 1, 1), 10, 1))
        feb = ledger.Item(2, 20000, order("oldest", D(2026, 2, 1), 10, 2), (99,), {99: 8000})
        park = ledger.Item(3, 5000, order("oldest", D(2026, 1, 1), 5, 3), (99,), {99: 5000})
        waiver = ledger.Receipt("w", 13000, D(2026, 3, 1), "waiver", 99)
        result = ledger.allocate([jan, feb, park], [waiver])
        self.assertEqual(
            sorted((a.item, a.cents) for a in result), [(2, 8000), (3, 5000)], "not the oldest"
        )
        # without limits the chosen items absorb the credit in their order
        free = [jan, feb._replace(limits=None), park._replace(limits=None)]
        self.assertEqual(
            [(a.item, a.cents) for a in ledger.allocate(free, [waiver])], [(3, 5000), (2, 8000)]
        )
        # a limit holds over several reconciliations of the same credit note
        parts = [ledger.Receipt(f"p{i}", 6500, D(2026, 3, 1), "waiver", 99) for i in range(2)]
        result = ledger.allocate([jan, feb, park], parts)
        self.assertEqual(
            {item: sum(a.cents for a in result if a.item == item) for item in (1, 2, 3)},
            {1: 0, 2: 8000, 3: 5000},
        )
        # more credit than the limits: the rest follows the allocation order
        big = ledger.Receipt("b", 15000, D(2026, 3, 1), "waiver", 99)
        result = ledger.allocate([jan, feb, park], [big])
        self.assertEqual(sum(a.cents for a in result if a.item == 1), 2000)


@tagged("post_install", "-at_install")
class TestRatingTools(BaseCase):
    def test_penalty_boundaries(self):
        cases = [
            (1, rt.LATE_PENALTIES, 2),
            (30, rt.LATE_PENALTIES, 2),
            (31, rt.LATE_PENALTIES, 5),
            (90, rt.LATE_PENALTIES, 5),
            (91, rt.LATE_PENALTIES, 10),
            (30, rt.OVERDUE_PENALTIES, 5),
            (31, rt.OVERDUE_PENALTIES, 15),
            (90, rt.OVERDUE_PENALTIES, 15),
            (91, rt.OVERDUE_PENALTIES, 30),
            (900, rt.OVERDUE_PENALTIES, 30),
        ]
        for days, table, points in cases:
            with self.subTest(days=days):
                self.assertEqual(rt.penalty(days, table), points)

    def test_grade_boundaries(self):
        H = rt.History
        cases = [
            # history, score, letter
            (H(paid_on_time=12), 100, "A"),
            (H(late_days=(31, 31)), 90, "A"),
            (H(late_days=(31, 31, 1)), 88, "B"),
            (H(overdue_days=(60, 5, 5)), 75, "B"),
            (H(overdue_days=(60, 5, 5), late_days=(1,)), 73, "C"),
            (H(overdue_days=(91, 5, 5)), 60, "C"),
            (H(overdue_days=(91, 5, 5), late_days=(1,)), 58, "D"),
            (H(promises_broken=1), 90, "A"),
            (H(promises_broken=2), 80, "B"),
            (H(promises_broken=1, late_days=(1,)), 88, "B"),
            (H(promises_kept=3, late_days=(1,)), 100, "A"),  # never above 100
            (H(overdue_days=(200,) * 5), 0, "D"),  # never below 0
            (H(legal_closed=1), 70, "C"),
            (H(paid_on_time=24, legal_open=True), 100, "D"),  # an open case rates D
        ]
        for history, score, letter in cases:
            with self.subTest(history=history):
                self.assertEqual(rt.rate(history), (letter, score))

    def test_no_history_no_rating(self):
        self.assertEqual(rt.rate(rt.History()), (None, None))

from datetime import date
from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import late_fee as lf

D = date


@tagged("post_install", "-at_install")
class TestLateFeeTools(BaseCase):
    def test_chargeable_days(self):
        due = D(2026, 1, 15)
        cases = [
            # grace, period start, period end, days
            (0, D(2026, 1, 1), D(2026, 1, 31), 16),  # 16 … 31 January
            (5, D(2026, 1, 1), D(2026, 1, 31), 11),  # 21 … 31 January
            (0, D(2026, 1, 1), D(2026, 1, 15), 0),  # nothing before or on the due date
            (0, D(2026, 2, 1), D(2026, 2, 28), 28),
            (30, D(2026, 2, 1), D(2026, 2, 28), 14),  # grace ends 14 February
            (60, D(2026, 2, 1), D(2026, 2, 28), 0),
        ]
        for grace, start, end, days in cases:
            with self.subTest(grace=grace, start=start):
                self.assertEqual(lf.chargeable_days(due, grace, start, end), days)

    def test_late_fee_arithmetic(self):
        cases = [
            # principal, rate %/day, days, fee
            (1000, 0.03, 30, "9.00"),
            (223.75, 0.03, 17, "1.14"),  # 1.141125 → 1.14
            (237.18, 0.05, 31, "3.68"),  # 3.67629 → 3.68 (half-up)
            (1000, 0.03, 0, "0.00"),
            (0.01, 0.03, 365, "0.00"),
        ]
        for principal, rate, days, expected in cases:
            with self.subTest(principal=principal, days=days):
                self.assertEqual(lf.late_fee(principal, rate, days), Decimal(expected))

    def test_accrue_daily(self):
        """Day by day on what is unpaid each day (hand-computed figures)."""
        due, dec = D(2026, 11, 30), (D(2026, 12, 1), D(2026, 12, 31))
        cases = [
            # label, principal, settled, grace, rate %/day, room, paused, fee
            ("unpaid all month", 320, [], 0, 0.1, 100, [], "9.92"),  # 320 × 0.1 % × 31
            ("paid on the 31st: 30 days", 320, [(D(2026, 12, 31), 320)], 0, 0.1, 100, [], "9.60"),
            ("paid before the month", 320, [(D(2026, 11, 30), 320)], 0, 0.1, 100, [], "0.00"),
            # half paid on the 16th: 15 days on 320, 16 days on 160
            ("half paid mid-month", 320, [(D(2026, 12, 16), 160)], 0, 0.1, 100, [], "7.36"),
            # two partial payments: 10 days × 1000, 10 days × 600, 11 days × 100
            (
                "two partial payments",
                1000,
                [(D(2026, 12, 11), 400), (D(2026, 12, 21), 500)],
                0,
                0.05,
                100,
                [],
                "8.55",
            ),
            # grace 5 days after 30 November: charged from 6 December (26 days)
            ("grace boundary", 1000, [], 5, 0.03, 100, [], "7.80"),
            ("grace ends after the month", 1000, [], 40, 0.03, 100, [], "0.00"),
            ("cap reached mid-month", 1000, [], 0, 0.1, "12.34", [], "12.34"),
            ("cap already reached", 1000, [], 0, 0.1, 0, [], "0.00"),
            # hardship pause 10–19 December: 21 days charged
            (
                "pause days excluded",
                1000,
                [],
                0,
                0.1,
                100,
                [(D(2026, 12, 10), D(2026, 12, 19))],
                "21.00",
            ),
            ("pause still open", 1000, [], 0, 0.1, 100, [(D(2026, 12, 20), None)], "19.00"),
            # rounding once: 223.75 × 0.03 % × 31 = 2.080875 → 2.08 (31 × 0.07 = 2.17 if per day)
            ("rounded once", "223.75", [], 0, 0.03, 100, [], "2.08"),
            ("overpaid never negative", 100, [(D(2026, 12, 1), 150)], 0, 0.1, 100, [], "0.00"),
        ]
        for label, principal, settled, grace, rate, room, paused, expected in cases:
            with self.subTest(label):
                self.assertEqual(
                    lf.accrue_daily(principal, settled, due, grace, *dec, rate, room, paused),
                    Decimal(expected),
                )

    def test_accrue_daily_before_due_and_cap(self):
        due = D(2026, 12, 15)
        # due in the middle of the month: 16 … 31 December
        self.assertEqual(
            lf.accrue_daily(1000, [], due, 0, D(2026, 12, 1), D(2026, 12, 31), 0.1, 100),
            Decimal("16.00"),
        )
        self.assertEqual(lf.cap(1000, 10), Decimal("100.00"))
        self.assertEqual(lf.cap("223.75", 10), Decimal("22.38"))

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

    def test_accrue_caps_and_never_compounds(self):
        due = D(2026, 1, 15)
        # month after month on 1000 at 0.1 %/day, cap 10 %: 16, 28, 31, 30 days → capped at 100
        charged = Decimal(0)
        months = [
            (D(2026, 1, 1), D(2026, 1, 31), "16.00"),
            (D(2026, 2, 1), D(2026, 2, 28), "28.00"),
            (D(2026, 3, 1), D(2026, 3, 31), "31.00"),
            (D(2026, 4, 1), D(2026, 4, 30), "25.00"),  # 30.00 capped: 100 - 75
            (D(2026, 5, 1), D(2026, 5, 31), "0.00"),
        ]
        for start, end, expected in months:
            with self.subTest(month=start):
                fee = lf.accrue(1000, 1000, due, start, end, 0.1, 0, 10, charged)
                self.assertEqual(fee, Decimal(expected))
                charged += fee
        self.assertEqual(charged, Decimal("100.00"))
        # a partial payment lowers the base: interest only on what is still unpaid
        self.assertEqual(
            lf.accrue(400, 1000, due, D(2026, 2, 1), D(2026, 2, 28), 0.1, 0, 10, 16),
            Decimal("11.20"),
        )
        # the base is the principal only: earlier late fees are not part of it
        self.assertEqual(
            lf.accrue(1000, 1000, due, D(2026, 2, 1), D(2026, 2, 28), 0.1, 0, 50, 16),
            lf.late_fee(1000, 0.1, 28),
        )

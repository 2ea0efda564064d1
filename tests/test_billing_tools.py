from datetime import date
from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import billing

D = date


@tagged("post_install", "-at_install")
class TestBillingTools(BaseCase):
    def test_is_cycle_start(self):
        cases = [
            ("monthly", D(2026, 5, 1), True),
            ("quarterly", D(2026, 4, 1), True),
            ("quarterly", D(2026, 5, 1), False),
            ("half_year", D(2026, 7, 1), True),
            ("year", D(2026, 1, 1), True),
            ("year", D(2026, 2, 1), False),
        ]
        for cycle, day, expected in cases:
            with self.subTest(cycle=cycle, day=day):
                self.assertEqual(billing.is_cycle_start(cycle, day), expected)

    def test_add_months(self):
        cases = [
            (D(2026, 1, 31), 1, D(2026, 2, 28)),
            (D(2026, 11, 1), 3, D(2027, 2, 1)),
            (D(2026, 3, 31), -1, D(2026, 2, 28)),
            (D(2026, 1, 1), 12, D(2027, 1, 1)),
        ]
        for day, months, expected in cases:
            with self.subTest(day=day, months=months):
                self.assertEqual(billing.add_months(day, months), expected)

    def test_cycle_amount_and_prorate(self):
        cases = [
            # method, rate, months, area, vacancy %, expected full amount
            ("per_area", 2.5, 1, 89.5, 0, "223.75"),
            ("per_area", 2.5, 3, 89.5, 0, "671.25"),
            ("per_area", 2.5, 1, 89.5, 30, "156.625"),
            ("fixed", 150, 1, 0, 0, "150"),
            ("fixed", 150, 12, 0, 50, "900"),
        ]
        for method, rate, months, area, vacancy, expected in cases:
            with self.subTest(method=method, months=months, vacancy=vacancy):
                self.assertEqual(
                    billing.cycle_amount(method, rate, months, area, vacancy), Decimal(expected)
                )
        june = (D(2026, 6, 1), D(2026, 6, 30))
        prorate_cases = [
            (300, D(2026, 6, 1), D(2026, 6, 30), "300.00"),
            (300, D(2026, 6, 1), D(2026, 6, 14), "140.00"),
            (300, D(2026, 6, 15), D(2026, 6, 30), "160.00"),
            (223.75, D(2026, 6, 1), D(2026, 6, 10), "74.58"),  # 74.5833
            (223.75, D(2026, 6, 11), D(2026, 6, 30), "149.17"),  # 149.1666
            (156.625, *june, "156.63"),  # half-up to the fen
        ]
        for amount, date_from, date_to, expected in prorate_cases:
            with self.subTest(amount=amount, date_from=date_from):
                self.assertEqual(
                    billing.prorate(amount, date_from, date_to, *june), Decimal(expected)
                )
        with self.assertRaises(ValueError):
            billing.cycle_amount("metered", 1, 1)

    def test_apportion(self):
        cases = [
            (100, [1, 1, 1], ["33.34", "33.33", "33.33"]),
            (1000, [89.5, 120.3, 76.2], ["312.94", "420.63", "266.43"]),
            (0.05, [1, 1, 1, 1, 1, 1], ["0.01"] * 5 + ["0.00"]),
            (999.99, [50], ["999.99"]),
            (10, [1, 2, 3, 4], ["1.00", "2.00", "3.00", "4.00"]),
        ]
        for total, weights, expected in cases:
            with self.subTest(total=total, weights=weights):
                parts = billing.apportion(total, weights)
                self.assertEqual(parts, [Decimal(e) for e in expected])
                self.assertEqual(sum(parts), billing.round_fen(total))
        for weights in ([], [0, 0]):
            with self.subTest(weights=weights), self.assertRaises(ValueError):
                billing.apportion(10, weights)

    def test_split_pieces(self):
        payers = [("A", D(2026, 6, 1), D(2026, 6, 14)), ("B", D(2026, 6, 15), D(2026, 6, 30))]
        prices = [(D(2026, 6, 1), D(2026, 6, 9), 2.0), (D(2026, 6, 10), D(2026, 6, 30), 2.5)]
        self.assertEqual(
            billing.split_pieces(payers, prices),
            [
                billing.Piece("A", D(2026, 6, 1), D(2026, 6, 9), 2.0),
                billing.Piece("A", D(2026, 6, 10), D(2026, 6, 14), 2.5),
                billing.Piece("B", D(2026, 6, 15), D(2026, 6, 30), 2.5),
            ],
        )
        # no payer: those days are not billed
        self.assertEqual(billing.split_pieces([(None, D(2026, 6, 1), D(2026, 6, 30))], prices), [])

    def test_rounding_and_discount(self):
        cases = [("0.005", "0.01"), ("2.675", "2.68"), ("-1.005", "-1.01"), ("13.425", "13.43")]
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(billing.round_fen(Decimal(value)), Decimal(expected))
        self.assertEqual(billing.discount(Decimal("2685.00"), 10), Decimal("268.50"))
        self.assertEqual(billing.discount(Decimal("1074.00"), 8.5), Decimal("91.29"))

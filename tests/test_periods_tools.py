from datetime import date
from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import charges, periods
from odoo.addons.property_fee_collection.tools.charges import Charge

D = date


@tagged("post_install", "-at_install")
class TestPeriodsTools(BaseCase):
    def test_segments(self):
        rates = {D(2026, 1, 1): 2.0, D(2026, 1, 11): 2.5, D(2026, 1, 21): 2.5}
        value = lambda day: max((v for d, v in rates.items() if d <= day), default=None)  # noqa: E731
        cases = [
            # from, to, cuts, expected pieces
            (D(2026, 1, 1), D(2026, 1, 31), set(), [(D(2026, 1, 1), D(2026, 1, 31), 2.0)]),
            (
                D(2026, 1, 1),
                D(2026, 1, 31),
                set(rates),
                [(D(2026, 1, 1), D(2026, 1, 10), 2.0), (D(2026, 1, 11), D(2026, 1, 31), 2.5)],
            ),
            (
                D(2025, 12, 30),
                D(2026, 1, 2),
                set(rates),
                [(D(2025, 12, 30), D(2025, 12, 31), None), (D(2026, 1, 1), D(2026, 1, 2), 2.0)],
            ),
            # cuts outside the period are ignored; a one-day period
            (D(2026, 1, 15), D(2026, 1, 15), set(rates), [(D(2026, 1, 15), D(2026, 1, 15), 2.5)]),
        ]
        for date_from, date_to, cuts, expected in cases:
            with self.subTest(date_from=date_from, date_to=date_to):
                self.assertEqual(periods.segments(date_from, date_to, cuts, value), expected)
        with self.assertRaises(ValueError):
            periods.segments(D(2026, 2, 1), D(2026, 1, 1), set(), value)

    def test_boundaries_intersect_overlap(self):
        self.assertEqual(
            periods.boundaries([(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 3, 1), None)]),
            {D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)},
        )
        cases = [
            # range 1, range 2, intersection, overlap
            ((D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 1, 31), None), (D(2026, 1, 31),) * 2, True),
            ((D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), None), None, False),
            (
                (D(2026, 1, 1), None),
                (D(2025, 1, 1), D(2026, 1, 5)),
                (D(2026, 1, 1), D(2026, 1, 5)),
                True,
            ),
        ]
        for first, second, intersection, overlap in cases:
            with self.subTest(first=first, second=second):
                self.assertEqual(
                    periods.intersect(first[0], first[1] or date.max, *second), intersection
                )
                self.assertEqual(periods.overlap(*first, *second), overlap)


@tagged("post_install", "-at_install")
class TestChargesTools(BaseCase):
    def test_json_round_trip(self):
        charge = Charge(
            fee_type_id=3,
            product_id=7,
            price_unit=Decimal("223.75"),
            quantity=18.5,
            unit_id=11,
            date_from=D(2026, 11, 1),
            date_to=D(2026, 11, 30),
            due=D(2026, 11, 16),
            reading_id=5,
        )
        self.assertEqual(Charge.from_json(charge.to_json()), charge)
        self.assertEqual(charge.amount, Decimal("4139.375"))
        discount = Charge(
            fee_type_id=3, product_id=7, price_unit=Decimal("-10"), billing_line=False
        )
        self.assertEqual(Charge.from_json(discount.to_json()), discount)
        self.assertEqual(charges.total([charge, discount]), Decimal("4129.375"))

    def test_early_bird_bases(self):
        def charge(fee, amount, annual=True, billing_line=True):
            return Charge(
                fee_type_id=fee,
                product_id=1,
                price_unit=Decimal(amount),
                annual=annual,
                billing_line=billing_line,
            )

        bills = [
            charge(1, "2685"),
            charge(1, "1200"),
            charge(2, "1800"),
            charge(3, "100", annual=False),  # a monthly charge: never discounted
            charge(1, "-50", billing_line=False),  # an existing discount line
        ]
        cases = [
            # campaigns (name, covered fee types), best first -> (name, fee, base)
            ([("all", {1, 2, 3})], [("all", 1, Decimal(3885)), ("all", 2, Decimal(1800))]),
            (
                [("service", {1}), ("all", {1, 2})],
                [("service", 1, Decimal(3885)), ("all", 2, Decimal(1800))],
            ),
            ([("parking", {4})], []),
        ]
        for campaigns, expected in cases:
            with self.subTest(campaigns=campaigns):
                self.assertEqual(
                    charges.early_bird_bases(
                        bills, [(name, lambda fee, f=fees: fee in f) for name, fees in campaigns]
                    ),
                    expected,
                )

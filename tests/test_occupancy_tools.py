from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import occupancy as occ

D = date
Stay = occ.Stay


@tagged("post_install", "-at_install")
class TestOccupancyTools(BaseCase):
    STAYS = [
        Stay("owner", "A", D(2020, 1, 1), D(2024, 6, 14), True),
        Stay("owner", "B", D(2024, 6, 15), None, True),
        Stay("tenant", "T", D(2024, 9, 1), D(2025, 8, 31), True),
        Stay("occupant", "O", D(2025, 9, 1), None, False),
    ]

    def test_owner_and_payer_at(self):
        cases = [
            # day, owner, payer
            (D(2019, 12, 31), None, None),
            (D(2020, 1, 1), "A", "A"),
            (D(2024, 6, 14), "A", "A"),
            (D(2024, 6, 15), "B", "B"),
            (D(2024, 9, 1), "B", "T"),
            (D(2025, 8, 31), "B", "T"),
            (D(2025, 9, 1), "B", "B"),  # occupant not flagged: owner pays
        ]
        for day, owner, payer in cases:
            with self.subTest(day=day):
                self.assertEqual(occ.owner_at(self.STAYS, day), owner)
                self.assertEqual(occ.payer_at(self.STAYS, day), payer)

    def test_payer_priority_and_fallback(self):
        cases = [
            ([], "DEV", "DEV"),
            ([Stay("owner", "A", D(2020, 1, 1))], "DEV", "A"),
            (
                [
                    Stay("owner", "A", D(2020, 1, 1)),
                    Stay("occupant", "O", D(2020, 1, 1), None, True),
                ],
                None,
                "O",
            ),
            (
                [
                    Stay("owner", "A", D(2020, 1, 1)),
                    Stay("occupant", "O", D(2020, 1, 1), None, True),
                    Stay("tenant", "T", D(2020, 1, 1), None, True),
                ],
                None,
                "T",
            ),
            ([Stay("tenant", "T", D(2020, 1, 1), None, False)], None, None),
        ]
        for stays, fallback, payer in cases:
            with self.subTest(stays=stays):
                self.assertEqual(occ.payer_at(stays, D(2021, 1, 1), fallback), payer)

    def test_find_overlap(self):
        cases = [
            (
                [
                    Stay("owner", "A", D(2020, 1, 1), D(2020, 12, 31)),
                    Stay("owner", "B", D(2021, 1, 1)),
                ],
                False,
            ),
            (
                [
                    Stay("owner", "A", D(2020, 1, 1), D(2021, 1, 1)),
                    Stay("owner", "B", D(2021, 1, 1)),
                ],
                True,
            ),
            ([Stay("owner", "A", D(2020, 1, 1)), Stay("owner", "B", D(2025, 1, 1))], True),
            ([Stay("owner", "A", D(2020, 1, 1)), Stay("tenant", "B", D(2020, 1, 1))], False),
            (
                [
                    Stay("tenant", "B", D(2022, 1, 1), D(2022, 3, 1)),
                    Stay("tenant", "C", D(2021, 1, 1), D(2022, 1, 1)),
                ],
                True,
            ),
        ]
        for stays, overlap in cases:
            with self.subTest(stays=stays):
                self.assertEqual(bool(occ.find_overlap(stays)), overlap)

    def test_payer_segments(self):
        segs = occ.payer_segments(self.STAYS, D(2024, 6, 1), D(2024, 9, 30))
        self.assertEqual(
            segs,
            [
                occ.Segment("A", D(2024, 6, 1), D(2024, 6, 14)),
                occ.Segment("B", D(2024, 6, 15), D(2024, 8, 31)),
                occ.Segment("T", D(2024, 9, 1), D(2024, 9, 30)),
            ],
        )
        # one payer all along: one segment
        self.assertEqual(
            occ.payer_segments(self.STAYS, D(2023, 1, 1), D(2023, 1, 31)),
            [occ.Segment("A", D(2023, 1, 1), D(2023, 1, 31))],
        )
        # nobody pays before the first stay
        self.assertEqual(
            occ.payer_segments(self.STAYS, D(2019, 12, 30), D(2020, 1, 2)),
            [
                occ.Segment(None, D(2019, 12, 30), D(2019, 12, 31)),
                occ.Segment("A", D(2020, 1, 1), D(2020, 1, 2)),
            ],
        )
        with self.assertRaises(ValueError):
            occ.payer_segments(self.STAYS, D(2024, 2, 1), D(2024, 1, 1))

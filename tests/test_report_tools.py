from datetime import date

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import reports

D = date


@tagged("post_install", "-at_install")
class TestReportTools(BaseCase):
    def test_aging_buckets(self):
        cases = [
            # days overdue, bucket
            (-5, "not_due"),
            (0, "not_due"),  # due today
            (1, "d0_30"),
            (30, "d0_30"),
            (31, "d31_90"),
            (90, "d31_90"),
            (91, "d91_180"),
            (180, "d91_180"),
            (181, "d181_365"),
            (365, "d181_365"),
            (366, "over_365"),
            (4000, "over_365"),
        ]
        for days, bucket in cases:
            with self.subTest(days=days):
                self.assertEqual(reports.aging_bucket(days), bucket)

    def test_rates(self):
        cases = [
            # collected, billed, credited/waived, rate
            (730.0, 900.0, 20.0, 82.95),  # a credit note lowers the receivable
            (0.0, 500.0, 0.0, 0.0),
            (450.0, 500.0, 50.0, 100.0),  # a waiver is not a collection
            (10.0, 0.0, 0.0, None),  # nothing receivable: no rate
            (10.0, 50.0, 50.0, None),
        ]
        for collected, billed, reduced, expected in cases:
            with self.subTest(collected=collected, billed=billed):
                self.assertEqual(reports.collection_rate(collected, billed, reduced), expected)
        self.assertEqual(reports.recovery_rate(100.0, 500.0, 50.0), 22.22)
        self.assertEqual(reports.kept_rate(1, 3), 25.0)
        self.assertIsNone(reports.kept_rate(0, 0), "pending promises only: no rate")

    def test_months_owed(self):
        cases = [
            ([], ""),
            ([D(2026, 3, 1)], "2026-03"),
            ([D(2026, 1, 1), D(2026, 2, 15), D(2026, 3, 1)], "2026-01~2026-03"),
            ([D(2025, 12, 1), D(2026, 1, 1), D(2026, 3, 1)], "2025-12~2026-01, 2026-03"),
            ([D(2026, 3, 1), D(2026, 1, 1), D(2026, 1, 20)], "2026-01, 2026-03"),  # unsorted
        ]
        for months, text in cases:
            with self.subTest(months=months):
                self.assertEqual(reports.format_months(months), text)

    def test_month_arithmetic(self):
        self.assertEqual(reports.add_months(D(2026, 12, 31), 1), D(2027, 1, 1))
        self.assertEqual(reports.add_months(D(2026, 1, 15), -13), D(2024, 12, 1))
        self.assertEqual(reports.month_start(D(2026, 2, 28)), D(2026, 2, 1))

import base64
import csv
import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_frontdesk import FrontDeskCommon


@tagged("post_install", "-at_install")
class TestAutoDebit(FrontDeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit2 = cls._create_unit(cls.building, "1-1-102", area=80.0, state="occupied")
        cls._add_stay(cls.unit2, cls.owner2, date_from=date(2020, 1, 1))
        Mandate = cls.env["property.debit.mandate"]
        cls.mandate1 = Mandate.create(
            {
                "partner_id": cls.owner.id,
                "reference": "DK-0001",
                "bank_name": "中国工商银行",
                "account_holder": "张伟",
                "account_number": "6222020200001111",
                "date_signed": date(2026, 1, 5),
            }
        )
        Mandate.create(
            {
                "partner_id": cls.owner2.id,
                "reference": "DK-0002",
                "bank_name": "中国建设银行",
                "account_holder": "李娜",
                "account_number": "6217000000002222",
                "date_signed": date(2026, 2, 1),
            }
        )

    def _result_csv(self, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["batch", "line", "account_number", "amount", "status", "message"])
        writer.writerows(rows)
        return base64.b64encode(buffer.getvalue().encode("utf-8"))

    def test_round_trip(self):
        paid_bills = self._bill(date(2027, 2, 15), 300.0, period=date(2027, 2, 1)) | self._bill(
            date(2027, 3, 15), 120.5, period=date(2027, 3, 1)
        )
        later = self._bill(date(2027, 5, 15), 90.0, period=date(2027, 5, 1))
        failed_bill = self._bill(
            date(2027, 3, 15), 200.0, partner=self.owner2, unit=self.unit2, period=date(2027, 3, 1)
        )
        Batch = self.env["property.debit.batch"].with_user(self.cashier)
        with freeze_time(date(2027, 3, 20)):
            batch = Batch.create({"date": date(2027, 3, 20)})
            batch.action_export()
            self.assertEqual(batch.state, "exported")
            rows = list(
                csv.DictReader(io.StringIO(base64.b64decode(batch.export_file).decode("utf-8-sig")))
            )
            self.assertEqual(len(rows), 2)
            by_payer = {row["payer"]: row for row in rows}
            self.assertEqual(by_payer["张伟"]["amount"], "420.50", "the bill due in May waits")
            self.assertEqual(by_payer["张伟"]["account_number"], "6222020200001111")
            self.assertEqual(by_payer["李娜"]["amount"], "200.00")
            self.assertIn(failed_bill.name, by_payer["李娜"]["bills"])
            # a second batch does not ask for the same items again
            with self.assertRaisesRegex(UserError, "No payer"):
                Batch.create({"date": date(2027, 3, 20)}).action_export()
            batch.result_file = self._result_csv(
                [
                    [
                        batch.name,
                        by_payer["张伟"]["line"],
                        "6222020200001111",
                        "420.50",
                        "成功",
                        "",
                    ],
                    [
                        batch.name,
                        by_payer["李娜"]["line"],
                        "6217000000002222",
                        "200.00",
                        "失败",
                        "余额不足",
                    ],
                ]
            )
            batch.collection_date = date(2027, 3, 21)
            batch.action_import_result()
        self.assertEqual(batch.state, "done")
        paid_line = batch.line_ids.filtered(lambda line: line.partner_id == self.owner)
        self.assertEqual(paid_line.state, "paid")
        self.assertEqual(paid_line.receipt_id.channel, "auto_debit")
        self.assertEqual(paid_line.receipt_id.date, date(2027, 3, 21))
        self.assertEqual(set(self._items(paid_bills).mapped("state")), {"paid"})
        self.assertEqual(self._items(later).state, "open")
        failed = batch.line_ids - paid_line
        self.assertEqual((failed.state, failed.message), ("failed", "余额不足"))
        self.assertEqual(failed_bill.amount_residual, 200.0)
        self.assertEqual(batch.amount_paid, 420.5)
        self._assert_exact()
        # the failed payer stays in dunning
        self._dun(date(2027, 3, 25))
        self.assertEqual(self._state(self.owner2).overdue_amount, 200.0)
        self.assertFalse(self._state(self.owner).overdue_amount)

    def test_bad_result_file_is_refused(self):
        self._bill(date(2027, 2, 15), 300.0, period=date(2027, 2, 1))
        batch = (
            self.env["property.debit.batch"]
            .with_user(self.cashier)
            .create({"date": date(2027, 3, 20)})
        )
        batch.action_export()
        batch.result_file = self._result_csv([["DD/OTHER", batch.line_ids.id, "", "1", "成功", ""]])
        with self.assertRaisesRegex(UserError, "belongs to batch"):
            batch.action_import_result()
        with self.assertRaises(AccessError):
            batch.write({"state": "done"})

    def test_agreements_are_finance_only(self):
        self.assertTrue(self.mandate1.with_user(self.cashier).account_number)
        with self.assertRaises(AccessError):
            self.mandate1.with_user(self.collector).read(["account_number"])
        self.assertFalse(
            "property_debit_mandate_ids"
            in self.owner.with_user(self.collector).fields_get(["property_debit_mandate_ids"])
        )

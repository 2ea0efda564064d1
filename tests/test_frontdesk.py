from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_frontdesk import FrontDeskCommon

DAY = date(2027, 3, 20)


@tagged("post_install", "-at_install")
class TestFrontDesk(FrontDeskCommon):
    def _three_bills(self):
        first = self._bill_items(
            date(2027, 2, 15),
            [(self.fee, 300.0, date(2027, 2, 1)), (self.fee_parking, 150.0, date(2027, 2, 1))],
        )
        second = self._bill_items(
            date(2027, 3, 15),
            [(self.fee, 300.0, date(2027, 3, 1)), (self.fee_parking, 150.0, date(2027, 3, 1))],
        )
        third = self._bill(date(2027, 1, 15), 100.0, period=date(2027, 1, 1))
        return first, second, third

    @freeze_time(DAY)
    def test_collect_partial_selection_reconciles_exactly_those_items(self):
        first, second, third = self._three_bills()
        items = self._items(first | second | third)
        parking = items.filtered(lambda i: i.fee_type_id == self.fee_parking)
        chosen = parking | self._items(third)
        receipt = self._collect(chosen, channel="wechat", prepaid=50.0)
        payment = receipt.payment_id
        self.assertEqual(len(self.Payment.search([("property_receipt_id", "=", receipt.id)])), 1)
        self.assertEqual(payment.amount, 450.0, "150 + 150 + 100 of items, 50 prepaid")
        self.assertEqual(payment.journal_id.property_channel, "wechat")
        self.assertEqual(set(chosen.mapped("state")), {"paid"})
        service = items - chosen
        self.assertEqual(service.mapped("residual"), [300.0, 300.0])
        self.assertEqual(first.amount_residual, 300.0)
        self.assertEqual(second.amount_residual, 300.0)
        self.assertEqual(third.amount_residual, 0.0)
        # the prepayment stays open on the payment as the payer's credit
        credit = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(credit.amount_residual, -50.0)
        # the receipt: own number, items as paid, amount in words
        self.assertTrue(receipt.name.startswith("SJ2027"))
        self.assertEqual(receipt.amount, 450.0)
        self.assertEqual(receipt.amount_prepaid, 50.0)
        self.assertEqual(sorted(receipt.line_ids.mapped("amount")), [100.0, 150.0, 150.0])
        self.assertEqual(receipt.amount_words, "肆佰伍拾元整")
        self.assertEqual(receipt.cashier_id, self.cashier)
        self._assert_exact()
        # a second payment of the same items is refused
        with self.assertRaisesRegex(UserError, "paid or changed"):
            self._collect(parking)

    @freeze_time(DAY)
    def test_desk_ticks_by_fee_and_month_and_prints(self):
        first, second, _third = self._three_bills()
        desk = Form(self.env["property.cashier.desk"].with_user(self.cashier))
        desk.unit_id = self.unit
        self.assertEqual(desk.partner_id, self.owner)
        self.assertEqual(len(desk.line_ids), 5)
        self.assertEqual(desk.amount_open, 1000.0)
        desk.fee_type_id = self.fee_parking
        desk.channel = "cash"
        desk.amount_tendered = 500.0
        desk = desk.save()
        desk.action_select_fee()
        self.assertEqual(desk.amount_selected, 300.0)
        desk.month = date(2027, 2, 1)
        desk.action_select_month()  # adds February's service fee and January's bill
        self.assertEqual(desk.amount_selected, 700.0)
        desk.action_select_none()
        desk.action_select_fee()
        self.assertEqual(desk.amount_change, 200.0)
        action = desk.action_confirm()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "property_fee_collection.report_property_receipt")
        self.assertEqual(desk.last_receipt_id.amount, 300.0)
        self.assertEqual(len(desk.line_ids), 3, "the paid items left the desk")
        self.assertEqual(first.amount_residual + second.amount_residual, 600.0)
        self._assert_exact()

    def test_unit_found_by_owner_phone(self):
        units = self.env["property.unit"].name_search("13800000001")
        self.assertIn(self.unit.id, [unit_id for unit_id, _name in units])

    def test_receipt_pdf_chinese_and_capitals(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.owner.lang = "zh_CN"
        cases = [
            (10005.07, "壹万零伍元零柒分"),
            (1010.00, "壹仟零壹拾元整"),
            (20.05, "贰拾元零伍分"),
        ]
        for month, (amount, words) in enumerate(cases, start=1):
            with self.subTest(amount=amount), freeze_time(date(2027, month, 20)):
                bill = self._bill(date(2027, month, 15), amount, period=date(2027, month, 1))
                receipt = self._collect(self._items(bill))
                report = self.env.ref("property_fee_collection.property_receipt_report")
                pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                    report.report_name, receipt.ids
                )
                self.assertEqual(kind, "pdf")
                self.assertPdfText(pdf, words, receipt.name, "收据", "张伟", bill.name)

    def test_void_same_day_and_refund_later(self):
        first, second, _third = self._three_bills()
        chosen = self._items(first)
        with freeze_time(DAY):
            receipt = self._collect(chosen)
            self.assertEqual(first.amount_residual, 0.0)
            with self.assertRaisesRegex(UserError, "reason"):
                receipt.with_user(self.cashier)._reverse("")
            receipt.with_user(self.cashier)._reverse("收错户")
            self.assertEqual(receipt.state, "void")
            self.assertEqual(receipt.payment_id.state, "canceled")
            self.assertTrue(receipt.reversal_move_id)
            self.assertEqual(receipt.payment_id.move_id.state, "posted", "reversed, not deleted")
            self.assertEqual(first.amount_residual, 450.0)
            self.assertEqual(set(chosen.mapped("state")), {"open"})
            self._assert_exact()
            again = self._collect(self._items(second))
        with freeze_time(date(2027, 3, 22)):
            refund = again.with_user(self.cashier)._reverse("业主多缴")
            self.assertEqual(refund.amount, -450.0)
            self.assertEqual(refund.refunded_receipt_id, again)
            self.assertEqual(refund.date, date(2027, 3, 22))
            self.assertEqual(again.state, "valid", "the earlier day's receipt is left as it was")
            self.assertEqual(again.refund_receipt_ids, refund)
            self.assertEqual(second.amount_residual, 450.0)
            with self.assertRaises(UserError):
                again.with_user(self.cashier)._reverse("twice")
            self._assert_exact()

    def test_collector_cannot_take_payments(self):
        bill = self._bill(date(2027, 1, 15), 100.0, period=date(2027, 1, 1))
        with self.assertRaises(AccessError):
            self._collect(self._items(bill), user=self.collector)


@tagged("post_install", "-at_install")
class TestDailyTakings(FrontDeskCommon):
    def test_closing_a_day_locks_its_receipts(self):
        bill = self._bill(date(2027, 3, 15), 300.0, period=date(2027, 3, 1))
        other = self._bill(date(2027, 4, 15), 200.0, period=date(2027, 4, 1))
        with freeze_time(DAY):
            receipt = self._collect(self._items(bill), channel="wechat")
            self._collect(self.Ledger.browse(), channel="cash", prepaid=80.0)
            journal = receipt.journal_id
            self.env["account.bank.statement.line"].create(
                {"journal_id": journal.id, "date": DAY, "amount": 299.0, "payment_ref": "微信"}
            )
            Day = self.env["property.cash.day"]
            day = Day.with_user(self.cashier).create({"date": DAY})
            wechat = day.channel_line_ids.filtered(lambda line: line.channel == "wechat")
            self.assertEqual(wechat.receipt_amount, 300.0)
            self.assertEqual(wechat.statement_amount, 299.0)
            self.assertEqual(wechat.difference, -1.0)
            cash = day.line_ids.filtered(lambda line: line.channel == "cash")
            self.assertEqual((cash.cashier_id, cash.receipt_amount), (self.cashier, 80.0))
            self.assertEqual(day.difference_count, 2, "WeChat short by 1, cash not counted")
            # only the finance lead closes, through the button
            with self.assertRaises(AccessError):
                day.with_user(self.cashier).action_close()
            with self.assertRaises(AccessError):
                day.with_user(self.cashier).write({"state": "closed"})
            with self.assertRaisesRegex(UserError, "explain the differences"):
                day.with_user(self.lead).action_close()
            day.with_user(self.cashier).note = "微信手续费 1 元；现金已存银行"
            day.with_user(self.lead).action_close()
            self.assertEqual(day.state, "closed")
            self.assertEqual(day.closed_by_id, self.lead)
            # the day's receipts and payments no longer change (as over RPC)
            payment = receipt.payment_id.with_user(self.cashier)
            with self.assertRaisesRegex(UserError, "closed"):
                payment.write({"amount": 1.0})
            with self.assertRaisesRegex(UserError, "closed"):
                payment.action_cancel()
            with self.assertRaisesRegex(UserError, "closed"):
                receipt.with_user(self.cashier)._reverse("错收")
            with self.assertRaisesRegex(UserError, "closed"):
                self._collect(self._items(other))
            with self.assertRaises(UserError):
                day.with_user(self.lead).note = "changed"
            with self.assertRaises(UserError):
                day.with_user(self.lead).unlink()
            self.assertEqual(receipt.payment_id.amount, 300.0)
        with freeze_time(date(2027, 3, 21)):
            # the next day is open: a refund there corrects the closed day
            refund = receipt.with_user(self.cashier)._reverse("错收")
            self.assertEqual(refund.amount, -300.0)
            self._collect(self._items(other))
        self._assert_exact()

from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import Form, tagged

from .common_dunning import DunningCommon

JAN = (date(2027, 1, 1), date(2027, 1, 31))
DEC = (date(2026, 12, 1), date(2026, 12, 31))


class LedgerCommon(DunningCommon):
    """Bills with several items, the ledger and its invariant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parking_product = cls.env["product.product"].create(
            {"name": "停车管理费", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.fee_parking = cls.env["property.fee.type"].create(
            {
                "name": "停车管理费",
                "code": "TCF",
                "product_id": cls.parking_product.id,
                "pricing_method": "fixed",
                "collection_priority": 5,
            }
        )
        cls.fee.collection_priority = 10
        cls.Ledger = cls.env["property.receivable"]

    @classmethod
    def _bill_items(cls, due, items, partner=None, discounts=()):
        """A posted property bill: ``items`` = [(fee type, amount, period start)]."""
        partner = partner or cls.owner
        lines = [
            Command.create(
                {
                    "product_id": fee.product_id.id,
                    "name": f"{fee.name} {start}",
                    "quantity": 1,
                    "price_unit": amount,
                    "tax_ids": [Command.clear()],
                    "property_unit_id": cls.unit.id,
                    "property_fee_type_id": fee.id,
                    "property_period_start": start,
                    "property_period_end": start.replace(day=28),
                    "property_billing_line": True,
                }
            )
            for fee, amount, start in items
        ]
        lines += [
            Command.create(
                {
                    "product_id": fee.product_id.id,
                    "name": "早鸟优惠",
                    "quantity": 1,
                    "price_unit": -amount,
                    "tax_ids": [Command.clear()],
                    "property_fee_type_id": fee.id,
                }
            )
            for fee, amount in discounts
        ]
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": items[0][2],
                "invoice_date_due": due,
                "property_project_id": cls.project.id,
                "invoice_line_ids": lines,
            }
        )
        move.action_post()
        return move

    def _items(self, moves):
        return self.Ledger.search([("move_id", "in", moves.ids)], order="id")

    def _assert_exact(self):
        self.env.flush_all()
        self.assertEqual(self.Ledger._check_ledger(), [])

    def _payment(self, amount, day, partner=None, items=None):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": (partner or self.owner).id,
                "amount": amount,
                "date": day,
                "property_receivable_ids": [Command.set(items.ids)] if items else [],
            }
        )
        payment.action_post()
        return payment

    def _reconcile(self, payment, bills):
        entry = payment.move_id if payment._name == "account.payment" else payment
        lines = (entry.line_ids | bills.line_ids).filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        if len(lines.move_id) > 1:
            lines.reconcile()


@tagged("post_install", "-at_install")
class TestReceivableLedger(LedgerCommon):
    def test_items_follow_posting_and_discounts(self):
        bill = self._bill_items(
            date(2027, 1, 15),
            [(self.fee, 2685.0, date(2027, 1, 1)), (self.fee_parking, 1800.0, date(2027, 1, 1))],
            discounts=[(self.fee, 268.5)],
        )
        items = self._items(bill)
        self.assertEqual(len(items), 2, "the discount is no item of its own")
        service = items.filtered(lambda i: i.fee_type_id == self.fee)
        self.assertEqual(service.amount, 2416.5, "the early-bird discount lowers its fee")
        self.assertEqual(items.mapped("residual"), [2416.5, 1800.0])
        self.assertEqual(sum(items.mapped("amount")), bill.amount_total)
        self.assertEqual(service.project_id, self.project)
        self.assertEqual(service.building_id, self.building)
        self.assertEqual(service.partner_id, self.owner)
        self.assertEqual(service.due_date, date(2027, 1, 15))
        self._assert_exact()
        bill.button_draft()
        self.assertFalse(self._items(bill), "a draft bill owes nothing")
        bill.action_post()
        self.assertEqual(len(self._items(bill)), 2)
        self._assert_exact()

    def test_partial_payment_follows_the_allocation_rule(self):
        bill = self._bill_items(
            date(2027, 2, 15),
            [
                (self.fee, 300.0, date(2027, 2, 1)),
                (self.fee_parking, 150.0, date(2027, 2, 1)),
                (self.fee, 80.0, date(2027, 1, 1)),  # an older period on the same bill
            ],
        )
        self._pay(bill, 200.0, date(2027, 2, 20))
        january, parking, february = (
            self._items(bill).filtered(
                lambda i, s=s, f=f: i.period_start == s and i.fee_type_id == f
            )
            for s, f in (
                (date(2027, 1, 1), self.fee),
                (date(2027, 2, 1), self.fee_parking),
                (date(2027, 2, 1), self.fee),
            )
        )
        # oldest period first (80), then fee priority: parking (5) before service (10)
        self.assertEqual((january.residual, parking.residual, february.residual), (0, 30, 300))
        self.assertEqual(january.state, "paid")
        self.assertEqual(january.last_payment_date, date(2027, 2, 20))
        self.assertEqual(parking.allocation_ids.amount, 120.0)
        self.assertEqual(parking.allocation_ids.kind, "payment")
        self._assert_exact()
        # the other rule: fee priority first
        self.env.company.property_allocation_rule = "priority"
        self._pay(bill, 1.0, date(2027, 2, 21))  # any reconciliation re-allocates the bill
        # parking 150 first, then January 50 + 1: 29 left of January, February untouched
        self.assertEqual((january.residual, parking.residual, february.residual), (29, 0, 300))
        self._assert_exact()

    def test_cashier_chooses_the_items(self):
        bill = self._bill_items(
            date(2027, 2, 15),
            [(self.fee, 300.0, date(2027, 2, 1)), (self.fee_parking, 150.0, date(2027, 2, 1))],
        )
        service = self._items(bill).filtered(lambda i: i.fee_type_id == self.fee)
        payment = self._payment(300.0, date(2027, 2, 20), items=service)
        self._reconcile(payment, bill)
        self.assertEqual(service.residual, 0.0, "the chosen item is settled first")
        self.assertEqual(
            self._items(bill).filtered(lambda i: i.fee_type_id == self.fee_parking).residual, 150
        )
        self._assert_exact()

    def test_register_payment_with_chosen_items(self):
        first = self._bill_items(
            date(2027, 2, 15),
            [(self.fee, 300.0, date(2027, 2, 1)), (self.fee_parking, 150.0, date(2027, 2, 1))],
        )
        second = self._bill_items(
            date(2027, 3, 15),
            [(self.fee, 300.0, date(2027, 3, 1)), (self.fee_parking, 150.0, date(2027, 3, 1))],
        )
        parking = self._items(first | second).filtered(lambda i: i.fee_type_id == self.fee_parking)
        wizard = Form(
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=(first | second).ids
            )
        )
        for item in parking:
            wizard.property_receivable_ids.add(item)
        self.assertEqual(wizard.amount, 300.0)
        payments = wizard.save()._create_payments()
        self.assertEqual(len(payments), 2, "one payment per bill, exactly its chosen items")
        self.assertEqual(set(parking.mapped("state")), {"paid"})
        self.assertEqual(sum(self._items(first | second).mapped("residual")), 600.0)
        self.assertEqual(set(payments.mapped("amount")), {150.0})
        self._assert_exact()

    def test_overpayment_and_several_bills_at_once(self):
        bills = self._bill(date(2026, 11, 1), 100.0) | self._bill(date(2026, 12, 1), 200.0)
        payment = self._payment(500.0, date(2026, 12, 5))
        self._reconcile(payment, bills)
        self.assertEqual(set(self._items(bills).mapped("state")), {"paid"})
        self.assertEqual(sum(self._items(bills).mapped("amount_paid")), 300.0)
        self._assert_exact()
        # the 200 left is a credit, applied to the next bill when it is posted by a run
        january = self._bill(date(2027, 1, 1), 300.0)
        january._property_apply_prepayments()
        item = self._items(january)
        self.assertEqual(item.residual, 100.0)
        self.assertEqual(item.allocation_ids.date, date(2027, 1, 1), "reached the bill on its date")
        self._assert_exact()

    def test_unreconcile_credit_note_reversal_and_waiver(self):
        bill = self._bill(date(2026, 12, 1), 300.0)
        payments = self._pay(bill, 300.0, date(2026, 12, 3))
        item = self._items(bill)
        self.assertEqual(item.state, "paid")
        payments.move_id.line_ids.remove_move_reconcile()
        self.assertEqual((item.state, item.residual, item.amount_paid), ("open", 300.0, 0.0))
        self.assertFalse(item.allocation_ids)
        self._assert_exact()
        payments.action_draft()
        payments.action_cancel()  # entered by mistake: no credit is left to apply later
        # a credit note for part of the bill
        credit = bill._reverse_moves([{"invoice_date": date(2026, 12, 10)}])
        credit.invoice_line_ids.price_unit = 50.0
        credit.action_post()
        self._reconcile(credit, bill)
        self.assertEqual((item.residual, item.amount_credited), (250.0, 50.0))
        self.assertEqual(item.allocation_ids.kind, "credit_note")
        self._assert_exact()
        # a full reversal of another bill
        other = self._bill(date(2026, 12, 1), 120.0, period=date(2026, 12, 2))
        other._reverse_moves(cancel=True)
        self.assertEqual(self._items(other).state, "reversed")
        self._assert_exact()
        # a waiver (减免) of a late fee
        late = self.env["property.receivable"]._accrue_late_fees(self.env.company, JAN)
        wizard = (
            self.env["property.late.fee.waive"]
            .with_user(self.manager)
            .create({"move_id": late.id, "amount": late.amount_total, "reason": "低保户"})
        )
        wizard.action_confirm()
        self.assertEqual(self._items(late).state, "waived")
        self.assertEqual(self._items(late).allocation_ids.kind, "waiver")
        self._assert_exact()

    def test_rebuild_gives_the_same_ledger(self):
        bills = self._bill(date(2026, 11, 1), 100.0) | self._bill(date(2026, 12, 1), 200.0)
        self._pay(bills[0], 60.0, date(2026, 11, 5))
        before = self._items(bills).read(["move_line_id", "amount", "residual", "state"])
        self.Ledger.search([]).unlink()
        self.assertTrue(self.Ledger._check_ledger(), "the check sees missing items")
        self.Ledger._rebuild()
        after = self._items(bills).read(["move_line_id", "amount", "residual", "state"])
        strip = [{k: v for k, v in row.items() if k != "id"} for row in before]
        self.assertEqual([{k: v for k, v in row.items() if k != "id"} for row in after], strip)
        self._assert_exact()

    def test_many_payments_update_the_ledger_without_a_query_per_bill(self):
        def queries_for(count, day):
            bills = self.env["account.move"]
            for i in range(count):
                bills |= self._bill(day, 100.0 + i, period=date(day.year, day.month, 1 + i))
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=bills.ids
            ).create({"payment_date": day, "group_payment": False})._create_payments()
            self.assertEqual(set(self._items(bills).mapped("state")), {"paid"})
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.Ledger._refresh_allocations(bills.ids)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries_for(2, date(2026, 9, 1)), queries_for(20, date(2026, 10, 1)))
        self._assert_exact()

    def test_arrears_on_partner_from_the_ledger(self):
        self._bill(date(2026, 11, 1), 100.0)
        self._bill(date(2027, 3, 1), 200.0)
        with freeze_time("2026-12-01"):
            self.owner.invalidate_recordset()
            self.assertEqual(self.owner.property_arrears_amount, 300.0)
            self.assertEqual(self.owner.property_overdue_amount, 100.0)
            self.assertEqual(self.owner.property_oldest_due_date, date(2026, 11, 1))


@tagged("post_install", "-at_install")
class TestLateFeeFromLedger(LedgerCommon):
    """Day by day, from the ledger (rate 0.1 %/day, cap 10 %, no grace)."""

    def _accrue(self, period):
        return self.env["property.receivable"]._accrue_late_fees(self.env.company, period)

    def test_paid_on_the_last_day_of_the_month(self):
        bill = self._bill(date(2026, 11, 30), 320.0)
        self._pay(bill, 320.0, date(2026, 12, 31))
        self.assertEqual(self._accrue(DEC).amount_total, 9.6)  # 30 days × 0.32

    def test_paid_mid_month_and_two_partial_payments(self):
        bill = self._bill(date(2026, 11, 30), 320.0)
        self._pay(bill, 160.0, date(2026, 12, 16))
        self.assertEqual(self._accrue(DEC).amount_total, 7.36)  # 15 × 0.32 + 16 × 0.16
        other = self._bill(date(2026, 11, 30), 1000.0, period=date(2026, 11, 2))
        self._pay(other, 400.0, date(2027, 1, 11))
        self._pay(other, 500.0, date(2027, 1, 21))
        fees = self._accrue(JAN)
        # first bill: 160 × 31 days = 4.96; second: 10 × 1.0 + 10 × 0.6 + 11 × 0.1 = 17.10
        self.assertEqual(sorted(fees.invoice_line_ids.mapped("price_subtotal")), [4.96, 17.1])

    def test_discount_lowers_the_principal(self):
        self._bill_items(
            date(2026, 11, 30),
            [(self.fee, 1000.0, date(2026, 11, 1))],
            discounts=[(self.fee, 100.0)],
        )
        self.assertEqual(self._accrue(DEC).amount_total, 27.9)  # 900 × 0.1 % × 31

    def test_grace_cap_and_rounding(self):
        self.fee.write({"late_fee_grace_days": 5, "late_fee_cap_percent": 1.0})
        self._bill(date(2026, 11, 30), 1000.0)
        # 6 … 31 December = 26 days × 1.00 = 26.00, capped at 1 % = 10.00
        self.assertEqual(self._accrue(DEC).amount_total, 10.0)
        self.assertFalse(self._accrue(JAN), "the cap is reached: nothing more")
        self.fee.write(
            {"late_fee_grace_days": 0, "late_fee_cap_percent": 10.0, "late_fee_rate": 0.03}
        )
        self._bill(date(2026, 11, 30), 223.75, period=date(2026, 11, 2))
        # 223.75 × 0.03 % × 31 = 2.080875 → 2.08, rounded once (2.17 if rounded per day)
        self.assertEqual(self._accrue(DEC).amount_total, 2.08)
        self.assertFalse(self._accrue(DEC), "a month is accrued once")

    def test_pause_days_accrue_nothing(self):
        self._bill(date(2026, 11, 30), 1000.0)
        with freeze_time("2026-12-10"):
            self.owner.property_hardship = True
        with freeze_time("2026-12-20"):
            self.owner.property_hardship = False
        # paused 10 … 19 December: 21 days charged
        self.assertEqual(self._accrue(DEC).amount_total, 21.0)
        self.project.dunning_policy_id.late_fees_during_pause = True
        self._bill(date(2026, 11, 30), 1000.0, period=date(2026, 11, 2))
        fees = self._accrue(DEC)
        self.assertEqual(fees.amount_total, 31.0, "the policy may charge paused days")

    def test_dispute_pause_accrues_nothing(self):
        self._bill(date(2026, 11, 30), 1000.0)
        self._dun(date(2026, 12, 1))
        with freeze_time("2026-12-11"):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "电梯经常停运，拒缴物业费",
                    "description": "<p>3号电梯一周停了三次</p>",
                    "partner_id": self.owner.id,
                    "unit_id": self.unit.id,
                    "payment_dispute": True,
                }
            )
        self.assertEqual(self._state().pause_reason, "dispute")
        with freeze_time("2026-12-21"):
            ticket.payment_dispute = False  # settled: the pause ends on the 20th
        # paused 11 … 20 December: 21 days charged
        self.assertEqual(self._accrue(DEC).amount_total, 21.0)


@tagged("post_install", "-at_install")
class TestLedgerReaders(LedgerCommon):
    def test_promise_ignores_other_company_and_other_debts(self):
        bill = self._bill(date(2026, 10, 1), 300.0)
        self._dun(date(2026, 12, 1))
        with freeze_time("2026-12-02"):
            log = self.env["property.collection.activity"].create(
                {
                    "partner_id": self.owner.id,
                    "project_id": self.project.id,
                    "outcome": "a_promise",
                    "promise_date": date(2026, 12, 10),
                    "promise_amount": 200.0,
                }
            )
        # a non-property debt of the same payer, paid in the promise window
        other_debt = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.owner.id,
                "invoice_date": date(2026, 12, 1),
                "invoice_line_ids": [
                    Command.create({"name": "租车位押金", "quantity": 1, "price_unit": 500.0})
                ],
            }
        )
        other_debt.action_post()
        self._pay(other_debt, 500.0, date(2026, 12, 5))
        # a payment of the same partner in another company (a contact shared by companies)
        self.owner.company_id = False
        other_company = self.env["res.company"].create({"name": "另一家物业公司"})
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other_company, install_demo=False
        )
        foreign = (
            self.env["account.payment"]
            .with_company(other_company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.owner.id,
                    "amount": 800.0,
                    "date": date(2026, 12, 6),
                    "company_id": other_company.id,
                }
            )
        )
        foreign.action_post()
        with freeze_time("2026-12-11"):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual(log.promise_id.state, "broken")
        self.assertEqual(log.promise_id.paid_amount, 0.0)
        # the property bill paid in time keeps the next promise
        self._pay(bill, 200.0, date(2026, 12, 15))
        with freeze_time("2026-12-12"):
            log2 = self.env["property.collection.activity"].create(
                {
                    "partner_id": self.owner.id,
                    "project_id": self.project.id,
                    "outcome": "a_promise",
                    "promise_date": date(2026, 12, 16),
                    "promise_amount": 200.0,
                }
            )
        with freeze_time("2026-12-17"):
            self.env["property.payment.promise"]._cron_evaluate()
        self.assertEqual(log2.promise_id.state, "kept")

    def test_late_fee_only_balance_gets_a_reminder_at_most(self):
        bill = self._bill(date(2026, 10, 1), 1000.0)
        late = self.env["property.receivable"]._accrue_late_fees(
            self.env.company, (date(2026, 10, 1), date(2026, 10, 31))
        )
        self.assertEqual(late.amount_total, 30.0)
        self._pay(bill, 1000.0, date(2026, 11, 1))
        actions = self.env["property.dunning.action"]
        for offset in range(10):
            actions |= self._dun(date(2026, 12, 1 + offset))
        self.assertEqual(actions.level_id, self.levels[0], "late fees alone: a reminder only")
        self.assertEqual(self._state().overdue_amount, 30.0)

    def test_small_principal_does_not_escalate(self):
        self._bill(date(2026, 12, 10), 9.99)
        self.assertFalse(self._dun(date(2026, 12, 1)), "below the company minimum of 10")
        self.env.company.property_dunning_min_amount = 5.0
        self.assertEqual(self._dun(date(2026, 12, 2)).level_id, self.levels[0])
        self.levels[1].min_amount = 50.0
        self.assertFalse(self._dun(date(2026, 12, 10)), "below the level's minimum")

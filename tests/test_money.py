"""Money cases with hand-computed figures: late fees on taxed, multi-line and discounted
bills; fiscal positions and payment terms on generated bills; prepayments of several payers;
a payer with bills in two companies."""

from datetime import date
from decimal import Decimal

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from ..tools.charges import Charge
from .common import load_chart
from .common_billing import BillingCommon
from .test_receivable import LedgerCommon

NOV = date(2026, 11, 1)
NOV_PERIOD = (NOV, date(2026, 11, 30))


@tagged("post_install", "-at_install")
class TestBillMoney(BillingCommon):
    """Bills made by billing runs: 1-1-101 (89.5 m²) and 1-1-102 (120.3 m²) at 2.50/m², 6 %
    VAT: 223.75 + 13.43 = 237.18 and 300.75 + 18.05 = 318.80, due on the 16th."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fee_service.write(
            {
                "late_fee_enabled": True,
                "late_fee_rate": 0.1,
                "late_fee_grace_days": 0,
                "late_fee_cap_percent": 10.0,
            }
        )

    def _late_fees(self, period):
        moves = self.env["property.receivable"]._accrue_late_fees(self.env.company, period)
        return {move.partner_id: move for move in moves}

    def test_untaxed_items_are_what_the_tax_engine_gives(self):
        """Items without taxes skip Odoo's tax engine (late-fee runs prepare tens of
        thousands): same amounts and tags as the engine's, half-fen cases and discounts
        included, whatever the company's tax rounding."""
        Move = self.env["account.move"]
        account = self.env["account.account"].search(
            [("account_type", "=", "income"), ("company_ids", "in", self.env.company.id)],
            limit=1,
        )
        no_tax = self.env["account.tax"]
        table = [
            (4.705, 1.0),
            (4.715, 1.0),
            (0.005, 1.0),
            (12.3456, 2.0),
            (223.75, 1.0),
            (1.015, 3.0),
            (2.5, 89.5),
            (-37.125, 1.0),  # early-bird discount line
            (-0.005, 1.0),
            (1e-3, 7.0),
            (99999.995, 1.0),
        ]
        for method in ("round_per_line", "round_globally"):
            self.env.company.tax_calculation_rounding_method = method
            for price, quantity in table:
                charge = Charge(
                    fee_type_id=self.fee_service.id,
                    product_id=self.fee_service.product_id.id,
                    price_unit=Decimal(str(price)),
                    quantity=quantity,
                )
                engine, tax_lines = Move._property_tax_engine_amounts(
                    self.owner, self.env.company, [charge], [(account, no_tax)]
                )
                self.assertEqual(tax_lines, [])
                self.assertEqual(
                    Move._property_untaxed_amounts(charge, self.env.company.currency_id),
                    engine[0],
                    f"{method}: {price} × {quantity}",
                )

    def test_late_fee_on_taxed_bills_is_on_the_total_with_tax(self):
        run = self._run(NOV)
        bill1, bill2 = self._bill_of(run, self.owner), self._bill_of(run, self.owner2)
        self.assertEqual((bill1.amount_untaxed, bill1.amount_tax), (223.75, 13.43))
        self.assertEqual((bill2.amount_untaxed, bill2.amount_tax), (300.75, 18.05))
        self.assertEqual(bill1.invoice_date_due, date(2026, 11, 16))
        late = self._late_fees(NOV_PERIOD)
        # 17…30 November = 14 days × 0.1 % of the amount with tax
        self.assertEqual(late[self.owner].amount_total, 3.32)  # 237.18 × 0.014 = 3.3205
        self.assertEqual(late[self.owner2].amount_total, 4.46)  # 318.80 × 0.014 = 4.4632
        self.assertEqual(late[self.owner].amount_tax, 0.0, "late fees carry no VAT")
        line = late[self.owner].invoice_line_ids
        self.assertEqual(line.property_late_fee_source_id, self._lines(bill1, self.unit1))
        # 100 paid on 23 November: December charges 31 days on the 137.18 left
        self._pay_bill(bill1, 100.0, date(2026, 11, 23))
        december = self._late_fees((date(2026, 12, 1), date(2026, 12, 31)))
        self.assertEqual(december[self.owner].amount_total, 4.25)  # 137.18 × 0.031 = 4.2526

    def test_late_fees_of_a_multi_line_bill_per_line(self):
        self.fee_parking.write(
            {
                "late_fee_enabled": True,
                "late_fee_rate": 0.05,
                "late_fee_grace_days": 5,
                "late_fee_cap_percent": 10.0,
            }
        )
        self._assign(self.fee_parking, date(2020, 1, 1), unit_id=self.unit1)
        bill = self._bill_of(self._run(NOV), self.owner)
        self.assertEqual(len(bill.invoice_line_ids), 2)
        self.assertEqual(bill.amount_total, 387.18)  # 237.18 + 150.00 without VAT
        late = self._late_fees(NOV_PERIOD)[self.owner]
        by_source = {
            line.property_late_fee_source_id.property_fee_type_id: line.price_total
            for line in late.invoice_line_ids
        }
        self.assertEqual(
            by_source,
            {
                self.fee_service: 3.32,  # 237.18 × 0.1 % × 14 days
                self.fee_parking: 0.68,  # 150 × 0.05 % × 9 days (22…30 Nov.) = 0.675
            },
        )
        self.assertEqual(late.amount_total, 4.0)
        # the cap is over the line's life: at 1 % of 150, 1.50 in all
        self.fee_parking.late_fee_cap_percent = 1.0
        december = self._late_fees((date(2026, 12, 1), date(2026, 12, 31)))[self.owner]
        parking = december.invoice_line_ids.filtered(
            lambda line: line.property_late_fee_source_id.property_fee_type_id == self.fee_parking
        )
        self.assertEqual(parking.price_total, 0.82, "1 % of 150 = 1.50, 0.68 charged already")

    @freeze_time("2027-01-05")
    def test_late_fee_of_a_discounted_annual_bill(self):
        run = self._early_bird_annual_run()
        bill = self._bill_of(run, self.owner)
        # 223.75 × 12 = 2685.00, discount −268.50: 2416.50 + 6 % = 144.99
        self.assertEqual((bill.amount_untaxed, bill.amount_tax), (2416.5, 144.99))
        self.assertEqual(bill.amount_total, 2561.49)
        items = self.env["property.receivable"].search([("move_id", "=", bill.id)])
        self.assertEqual(items.mapped("amount"), [2561.49], "the discount is in the item")
        late = self._late_fees((date(2027, 1, 1), date(2027, 1, 31)))
        # 16…31 January = 16 days × 0.1 % of the discounted amount: 40.98384
        self.assertEqual(late[self.owner].amount_total, 40.98)

    def test_fiscal_position_maps_the_taxes_of_generated_bills(self):
        tax3 = self.env["account.tax"].create(
            {"name": "简易计税 3%", "amount": 3.0, "type_tax_use": "sale"}
        )
        position = self.env["account.fiscal.position"].create({"name": "小规模纳税人"})
        tax3.fiscal_position_ids = position
        tax3.original_tax_ids = self.tax
        self.owner.property_account_position_id = position
        run = self._run(NOV)
        bill = self._bill_of(run, self.owner)
        self.assertEqual(self._lines(bill, self.unit1).tax_ids, tax3)
        self.assertEqual(bill.fiscal_position_id, position)
        self.assertEqual((bill.amount_tax, bill.amount_total), (6.71, 230.46))  # 223.75 × 3 %
        other = self._bill_of(run, self.owner2)
        self.assertEqual(self._lines(other, self.unit2).tax_ids, self.tax)
        self.assertEqual(other.amount_total, 318.80)
        self.assertEqual(run.amount_total, 230.46 + 318.80)

    def test_payment_terms_of_the_payer_do_not_move_the_due_date(self):
        """The fee type sets when a property bill is due (one instalment), whatever payment
        terms the payer has for other invoices."""
        term = self.env["account.payment.term"].create(
            {
                "name": "30% 现付, 余款60天",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    Command.create({"value": "percent", "value_amount": 70.0, "nb_days": 60}),
                ],
            }
        )
        self.owner2.property_payment_term_id = term
        bill = self._bill_of(self._run(NOV), self.owner2)
        receivable = bill.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(len(receivable), 1)
        self.assertEqual(receivable.date_maturity, date(2026, 11, 16))
        self.assertEqual(receivable.balance, 318.80)
        self.assertEqual(bill.invoice_date_due, date(2026, 11, 16))
        item = self.env["property.receivable"].search([("move_id", "=", bill.id)])
        self.assertEqual((item.due_date, item.amount), (date(2026, 11, 16), 318.80))

    def test_prepayments_of_several_payers(self):
        tenant_unit = self._create_unit(self.building, "1-1-103", area=50.0, state="occupied")
        self._add_stay(tenant_unit, self.tenant)
        self._advance(self.owner, 500.0)
        self._advance(self.owner2, 100.0)
        run = self._run(NOV)
        bill1, bill2 = self._bill_of(run, self.owner), self._bill_of(run, self.owner2)
        bill3 = self._bill_of(run, self.tenant)
        self.assertEqual(bill3.amount_total, 132.5)  # 50 × 2.50 = 125.00 + 7.50
        self.assertEqual(bill1.amount_residual, 0.0, "500 covers 237.18")
        self.assertEqual(bill2.amount_residual, 218.8, "318.80 − 100")
        self.assertEqual(bill3.amount_residual, 132.5, "no advance, nothing applied")
        self.assertEqual(self._credit_left(self.owner), 262.82)  # 500 − 237.18
        self.assertEqual(self._credit_left(self.owner2), 0.0)
        items = self.env["property.receivable"].search([("move_id", "in", run.move_ids.ids)])
        self.assertEqual(
            sorted(items.mapped("residual")), [0.0, 132.5, 218.8], "the ledger follows"
        )
        # December: the owner's remaining 262.82 covers the new 237.18 again
        december = self._bill_of(self._run(date(2026, 12, 1)), self.owner)
        self.assertEqual(december.amount_residual, 0.0)
        self.assertEqual(self._credit_left(self.owner), 25.64)

    def _advance(self, partner, amount):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": date(2026, 10, 25),
            }
        )
        payment.action_post()
        return payment

    def _credit_left(self, partner):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", partner.id),
                ("account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ]
        )
        return round(-sum(lines.mapped("amount_residual")), 2)

    def _pay_bill(self, bill, amount, day):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"payment_date": day, "amount": amount})
            ._create_payments()
        )


@tagged("post_install", "-at_install")
class TestPayerInTwoCompanies(LedgerCommon):
    """张伟 owns 1-1-101 here and B-201 in a second company: each company's ledger, dunning
    and late fees see only their own bills, and an advance paid in one company pays nothing
    in the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "苏州第二物业", "currency_id": cls.env.company.currency_id.id}
        )
        load_chart(cls.env, cls.company_b)
        cls.env.user.company_ids |= cls.company_b
        cls.env_b = cls.env(
            context=dict(
                cls.env.context, allowed_company_ids=[cls.company_b.id, cls.env.company.id]
            )
        )
        cls.project_b = cls._create_project("姑苏花园", "GSHY", company=cls.company_b)
        cls.unit_b = cls._create_unit(cls._create_building(cls.project_b, "B座"), "B-201")
        # a contact shared by both companies (a new stay gives a contact without company the
        # company of its unit)
        cls.owner.company_id = False
        cls._add_stay(cls.unit_b, cls.owner)
        cls.owner.company_id = False
        cls.fee_b = cls.env_b["property.fee.type"].create(
            {
                "name": "物业服务费",
                "code": "WYF",
                "company_id": cls.company_b.id,
                "product_id": cls.product.id,
                "late_fee_enabled": True,
                "late_fee_rate": 0.05,
                "late_fee_grace_days": 0,
                "late_fee_cap_percent": 10.0,
            }
        )

    def _bill_b(self, due, amount):
        move = self.env_b["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": self.company_b.id,
                "partner_id": self.owner.id,
                "invoice_date": due.replace(day=1),
                "invoice_date_due": due,
                "property_project_id": self.project_b.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "name": "物业服务费 B-201",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "property_unit_id": self.unit_b.id,
                            "property_fee_type_id": self.fee_b.id,
                            "property_period_start": due.replace(day=1),
                            "property_period_end": due.replace(day=28),
                            "property_billing_line": True,
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def test_ledger_dunning_and_late_fees_by_company(self):
        bill_a = self._bill(date(2026, 10, 10), 300.0)
        bill_b = self._bill_b(date(2026, 10, 10), 800.0)
        self.assertEqual(bill_b.company_id, self.company_b)
        items = self.Ledger.search([("partner_id", "=", self.owner.id)])
        self.assertEqual(
            {(item.company_id, item.amount) for item in items},
            {(self.env.company, 300.0), (self.company_b, 800.0)},
        )
        self._assert_exact()
        # an advance paid to the second company is no credit here
        advance = (
            self.env_b["account.payment"]
            .with_company(self.company_b)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.owner.id,
                    "amount": 1000.0,
                    "date": date(2026, 10, 20),
                    "company_id": self.company_b.id,
                }
            )
        )
        advance.action_post()
        november_a = self._bill(date(2026, 11, 10), 300.0)
        november_a._property_apply_prepayments()
        self.assertEqual(november_a.amount_residual, 300.0, "the other company's money")
        # late fees: October 11…31 = 21 days; company A 0.1 % of 300, company B 0.05 % of 800
        late_a = self.Ledger._accrue_late_fees(
            self.env.company, (date(2026, 10, 1), date(2026, 10, 31))
        )
        self.assertEqual(late_a.mapped("amount_total"), [6.3])
        self.assertEqual(late_a.company_id, self.env.company)
        late_b = self.Ledger.with_company(self.company_b)._accrue_late_fees(
            self.company_b, (date(2026, 10, 1), date(2026, 10, 31))
        )
        self.assertEqual(late_b.mapped("amount_total"), [8.4])
        self.assertEqual(late_b.company_id, self.company_b)
        # posting company B's late fees applied company B's advance to company B's bills only
        self.assertEqual((bill_b.amount_residual, late_b.amount_residual), (0.0, 0.0))
        self.assertEqual(
            (bill_a.amount_residual, november_a.amount_residual, late_a.amount_residual),
            (300.0, 300.0, 6.3),
        )
        self.assertEqual(advance.move_id.line_ids.filtered("credit").amount_residual, -191.6)
        self._assert_exact()
        # dunning of company A: its own project and amounts only
        self._dun(date(2026, 11, 1))
        states = self.env["property.dunning.state"].search([("partner_id", "=", self.owner.id)])
        self.assertEqual(states.project_id, self.project)
        self.assertEqual(states.overdue_amount, 300.0, "October's bill (its late fee is not due)")
        # company B's: nothing open there
        self.env["property.dunning.state"].with_company(self.company_b)._run_dunning(
            self.company_b, date(2026, 11, 1)
        )
        state_b = (
            self.env["property.dunning.state"]
            .sudo()
            .search([("partner_id", "=", self.owner.id), ("company_id", "=", self.company_b.id)])
        )
        self.assertFalse(state_b.filtered("open_amount"))

from datetime import date

from odoo import fields
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common_portal import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalPayment(HttpCase, PortalCommon):
    """Online payment with Odoo's demo provider, end to end over HTTP as the payment form
    does it: the transaction route, the provider's feedback (simulated exactly as the demo
    provider's own page does), then the payment status page's post-processing. The payment is
    reconciled with the bills at once; the ledger and the dunning state drop to zero."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._enable_demo_provider()
        cls.method = cls.env.ref("payment_demo.payment_method_demo")
        cls.today = fields.Date.today()
        # the owner is in the dunning ladder before paying
        cls._dun(cls, cls.today)

    def _pay_online(self, route, amount, state="done"):
        processing = self.make_jsonrpc_request(
            route,
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.method.id,
                "token_id": None,
                "amount": amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": "/my/anything",
                "is_validation": False,
                "access_token": None,
            },
        )
        # the demo provider's page posts the "provider feedback", then shows /payment/status
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": processing["reference"],
                "payment_details": "4242",
                "simulated_state": state,
            },
        )
        status = self.make_jsonrpc_request("/payment/status/poll")
        tx = self.env["payment.transaction"].search([("reference", "=", processing["reference"])])
        return tx, status

    def test_pay_all_open_bills_of_a_unit(self):
        state = self._state()
        self.assertTrue(state.level_id)
        self.assertEqual(state.open_amount, 600.0)
        self.authenticate("portal_owner", "portal_owner")
        page = self.url_open(f"/my/property/units/{self.unit.id}/pay")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_payment_form", page.text)

        tx, status = self._pay_online(f"/my/property/units/{self.unit.id}/transaction", 600.0)

        self.assertEqual(status["state"], "done")
        self.assertEqual(status["landing_route"], f"/my/property/units/{self.unit.id}")
        self.assertEqual(tx.invoice_ids, self.bill_o1 | self.bill_o2)
        self.assertEqual(tx.amount, 600.0)
        payment = tx.payment_id
        self.assertIn(payment.state, ("in_process", "paid"))
        self.assertEqual(payment.partner_id, self.owner)
        self.assertEqual(payment.amount, 600.0)
        for bill in self.bill_o1 | self.bill_o2:
            self.assertIn(bill.payment_state, ("paid", "in_payment"))
            self.assertEqual(bill.amount_residual, 0.0)
        items = (self.bill_o1 | self.bill_o2).property_receivable_ids
        self.assertEqual(items.mapped("state"), ["paid", "paid"])
        self.assertEqual(sum(items.mapped("residual")), 0.0)
        self.assertEqual(items.mapped("last_payment_date"), [self.today, self.today])
        self.assertEqual(sum(items.allocation_ids.mapped("amount")), 600.0)
        # the payer's arrears and dunning state are zero the same day, before any dunning run
        self.owner.invalidate_recordset()
        self.assertEqual(self.owner.property_arrears_amount, 0.0)
        state.invalidate_recordset()
        self.assertEqual(
            (state.open_amount, state.overdue_amount, state.level_id, state.oldest_due_date),
            (0.0, 0.0, self.env["property.dunning.level"], False),
        )
        self.assertEqual(self.env["property.receivable"]._check_ledger(), [])
        # the other payers are untouched
        self.assertEqual(self.bill_n.amount_residual, 250.0)
        # the receipt is the owner's, in Chinese
        self.authenticate("portal_owner", "portal_owner")
        receipt = self.url_open(f"/my/property/payments/{payment.id}/receipt")
        self.assertEqual(receipt.status_code, 200)
        self.assertIn("收据", receipt.text)
        self.assertIn("陆佰元整", receipt.text)
        self.assertIn(payment.name, self.url_open("/my/property/payments").text)
        self.authenticate("portal_tenant", "portal_tenant")
        self.assertEqual(
            self.url_open(f"/my/property/payments/{payment.id}/receipt").status_code, 403
        )

    def test_late_fees_itemised_and_paid_with_the_unit(self):
        october = (date(2026, 10, 1), date(2026, 10, 31))
        late = self.env["property.receivable"]._accrue_late_fees(self.env.company, october)
        late = late.filtered(lambda m: m.partner_id == self.owner)
        # 300 × 0.1 % × 31 days on September's bill, × 16 days on October's (due the 15th)
        items = late.property_receivable_ids
        self.assertEqual(sorted(items.mapped("amount")), [4.8, 9.3])
        self.assertTrue(all(items.mapped("is_late_fee")))
        self.assertEqual(items.unit_id, self.unit)
        self.authenticate("portal_owner", "portal_owner")
        page = self.url_open("/my/property/arrears").text
        for item in items:
            self.assertIn(f'data-item-id="{item.id}"', page)
        self.assertIn("9.30", page)
        self.assertIn("4.80", page)
        self.assertIn(self.bill_o1.invoice_line_ids.name, page)  # what the fee is charged on
        tx, _status = self._pay_online(f"/my/property/units/{self.unit.id}/transaction", 614.1)
        self.assertEqual(tx.invoice_ids, self.bill_o1 | self.bill_o2 | late)
        self.assertEqual(set(items.mapped("state")), {"paid"})
        self.assertEqual(self._state().open_amount, 0.0)

    def test_pay_one_bill(self):
        self.authenticate("portal_owner", "portal_owner")
        tx, status = self._pay_online(f"/my/property/bills/{self.bill_o1.id}/transaction", 300.0)
        self.assertEqual(status["state"], "done")
        self.assertEqual(tx.invoice_ids, self.bill_o1)
        self.assertEqual(self.bill_o1.amount_residual, 0.0)
        self.assertEqual(self.bill_o2.amount_residual, 300.0)
        state = self._state()
        self.assertEqual((state.open_amount, state.oldest_due_date), (300.0, date(2026, 10, 15)))
        self.assertTrue(state.level_id, "still owes: the level stays for the daily run")
        page = self.url_open(f"/my/property/bills/{self.bill_o1.id}").text
        self.assertIn("o_property_bill_paid", page)
        self.assertNotIn("o_property_pay_bill", page)

    def test_paying_tenant(self):
        self.authenticate("portal_tenant", "portal_tenant")
        tx, _status = self._pay_online(f"/my/property/units/{self.unit_t.id}/transaction", 180.0)
        self.assertEqual(tx.invoice_ids, self.bill_t)
        self.assertEqual(self.bill_t.amount_residual, 0.0)
        self.assertEqual(self.bill_l.amount_residual, 150.0, "the landlord's bill is his")

    def test_failed_or_cancelled_payment_changes_nothing(self):
        self.authenticate("portal_owner", "portal_owner")
        tx, _status = self._pay_online(
            f"/my/property/bills/{self.bill_o1.id}/transaction", 300.0, state="cancel"
        )
        self.assertEqual(tx.state, "cancel")
        self.assertFalse(tx.payment_id)
        self.assertEqual(self.bill_o1.amount_residual, 300.0)
        self.assertEqual(self._state().open_amount, 600.0)

    def test_amount_is_the_servers(self):
        self.authenticate("portal_owner", "portal_owner")
        with self.assertRaises(JsonRpcException):
            self._pay_online(f"/my/property/bills/{self.bill_o1.id}/transaction", 1.0)
        self.assertFalse(self.bill_o1.transaction_ids)

    def test_no_second_payment_while_one_is_pending(self):
        self.authenticate("portal_owner", "portal_owner")
        tx, _status = self._pay_online(
            f"/my/property/bills/{self.bill_o1.id}/transaction", 300.0, state="pending"
        )
        self.assertEqual(tx.state, "pending")
        with self.assertRaises(JsonRpcException):
            self._pay_online(f"/my/property/bills/{self.bill_o1.id}/transaction", 300.0)
        page = self.url_open(f"/my/property/bills/{self.bill_o1.id}/pay").text
        self.assertIn("o_property_pay_error", page)

    def test_provider_of_another_company_refused(self):
        company2 = self.env["res.company"].create({"name": "二公司物业"})
        other = self.provider.copy({"company_id": company2.id, "state": "test"})
        self.authenticate("portal_owner", "portal_owner")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                f"/my/property/bills/{self.bill_o1.id}/transaction",
                {
                    "provider_id": other.id,
                    "payment_method_id": self.method.id,
                    "token_id": None,
                    "amount": 300.0,
                    "flow": "direct",
                    "tokenization_requested": False,
                    "landing_route": "/my",
                    "is_validation": False,
                    "access_token": None,
                },
            )
        self.assertFalse(self.bill_o1.transaction_ids)

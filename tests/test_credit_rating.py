from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common_collection import CollectionCommon

TODAY = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestCreditRating(CollectionCommon):
    def test_nightly_rating_from_payment_history(self):
        # owner: twelve months paid on time, one bill 31 days late → 95 (A)
        on_time = [self._bill(date(2025, m, 1), 100.0) for m in range(1, 13)]
        for bill in on_time:
            self._pay(bill, 100.0, bill.invoice_date_due)
        late = self._bill(date(2026, 1, 1), 100.0)
        self._pay(late, 100.0, date(2026, 2, 1))
        # owner2: one bill 100 days overdue, one 31 → 55 (D)
        self._bill(date(2026, 2, 21), 200.0, partner=self.owner2, unit=self.unit2)
        self._bill(date(2026, 5, 1), 200.0, partner=self.owner2, unit=self.unit2)
        # tenant: nothing billed and due → no rating
        ratings = self.env["res.partner"]._property_rate_payers(TODAY)
        self.assertEqual(ratings[self.owner.id], "A")
        self.assertEqual(
            (self.owner.property_credit_rating, self.owner.property_credit_score), ("A", 95)
        )
        self.assertEqual(self.owner.property_credit_date, TODAY)
        self.assertEqual(
            (self.owner2.property_credit_rating, self.owner2.property_credit_score), ("D", 55)
        )
        self.assertFalse(self.tenant.property_credit_rating)
        # a lawsuit over new arrears rates D whatever the history
        self._bill(date(2026, 3, 1), 100.0)
        self._dun(TODAY)
        self.Case._open_case(self._state()).sudo().write({"state": "filed"})
        self.env["res.partner"]._property_rate_payers(TODAY)
        self.assertEqual(self.owner.property_credit_rating, "D")

    def test_broken_promises_lower_the_rating(self):
        bill = self._bill(date(2026, 5, 1), 100.0)
        self._pay(bill, 100.0, date(2026, 5, 1))
        self._dun(date(2026, 5, 2))
        Promise = self.env["property.payment.promise"]
        for day in (date(2026, 5, 3), date(2026, 5, 10)):
            promise = Promise.create(
                {
                    "partner_id": self.owner.id,
                    "project_id": self.project.id,
                    "state_id": self._state().id,
                    "date": day,
                    "promise_date": day,
                    "amount": 50.0,
                }
            )
            promise._evaluate()
        self.assertEqual(set(Promise.search([]).mapped("state")), {"broken"})
        self.env["res.partner"]._property_rate_payers(TODAY)
        self.assertEqual(
            (self.owner.property_credit_rating, self.owner.property_credit_score), ("B", 80)
        )

    def test_rating_and_tags_written_only_by_their_methods(self):
        contacts = self.env.ref("base.group_partner_manager")
        self.manager.group_ids = [Command.link(contacts.id)]
        with self.assertRaises(AccessError):
            self.owner.with_user(self.manager).write({"property_credit_rating": "A"})
        hardcore = self.env.ref("property_fee_collection.property_payer_tag_hardcore")
        with self.assertRaises(AccessError):
            self.owner.with_user(self.manager).write(
                {"property_tag_ids": [Command.set(hardcore.ids)]}
            )
        # staff set tags with the wizard, on the payers they may see
        wizard = (
            self.env["property.payer.tag.assign"]
            .with_user(self.collector)
            .with_context(default_partner_id=self.owner.id)
            .create({"tag_ids": [Command.set(hardcore.ids)]})
        )
        wizard.action_confirm()
        self.assertEqual(self.owner.property_tag_ids, hardcore)
        outsider = self._create_user("collector_out_r", "collector")
        wizard = (
            self.env["property.payer.tag.assign"]
            .with_user(outsider)
            .create({"partner_id": self.owner.id, "tag_ids": [Command.clear()]})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(self.owner.property_tag_ids, hardcore)

    def test_collectors_see_rating_and_tags_portal_does_not(self):
        self._bill(date(2026, 2, 1), 300.0)
        self._dun(TODAY)
        self.env["res.partner"]._property_rate_payers(TODAY)
        hardcore = self.env.ref("property_fee_collection.property_payer_tag_hardcore")
        self.owner.sudo().property_tag_ids = hardcore
        state = self._state().with_user(self.collector)
        self.assertEqual(state.credit_rating, self.owner.property_credit_rating)
        self.assertEqual(state.payer_tag_ids, hardcore)
        listed = (
            self.env["property.dunning.state"]
            .with_user(self.collector)
            .search_read([("id", "=", state.id)], ["credit_rating", "payer_tag_ids"])
        )
        self.assertEqual(listed[0]["payer_tag_ids"], hardcore.ids)
        portal = self._create_user(
            "owner_portal_r", groups="base.group_portal", partner_id=self.owner.id
        )
        with self.assertRaises(AccessError):
            self.owner.with_user(portal).read(["property_credit_rating"])
        with self.assertRaises(AccessError):
            self.owner.with_user(portal).read(["property_tag_ids"])

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_portal import PortalCommon

# what the owner portal must never show a portal user of another party
INTERNAL_UNIT_FIELDS = ("owner_id", "owner_phone", "tenant_id", "payer_id", "occupancy_ids")


@tagged("post_install", "-at_install")
class TestPortalIsolationRpc(PortalCommon):
    """Owner, former owner, tenant payer and tenant non-payer over RPC (with_user): each reads
    their own units, periods, bills, ledger items and payments — nothing of anyone else."""

    def _users(self):
        return {
            user.login: user
            for user in (
                self.portal_owner,
                self.portal_nonpayer,
                self.portal_former,
                self.portal_new,
                self.portal_tenant,
            )
        }

    def test_bills_are_the_users_own(self):
        for login, user in self._users().items():
            with self.subTest(user=login):
                own = self.own_bills[login]
                Move = self.env["account.move"].with_user(user)
                self.assertEqual(Move.search([("id", "in", self.all_bills.ids)]), own)
                for bill in self.all_bills - own:
                    with self.assertRaises(AccessError):
                        bill.with_user(user).read(["amount_total"])
                    with self.assertRaises(AccessError):
                        bill.line_ids.with_user(user).read(["name"])

    def test_ledger_items_and_allocations_are_the_users_own(self):
        self._pay(self.bill_f, day=self.bill_f.invoice_date_due)
        self._pay(self.bill_n, day=self.bill_n.invoice_date_due)
        for login, user in self._users().items():
            with self.subTest(user=login):
                items = self.env["property.receivable"].with_user(user).search([])
                self.assertEqual(items.move_id, self.own_bills[login])
                allocations = self.env["property.receivable.allocation"].with_user(user)
                self.assertEqual(
                    allocations.search([]).receivable_id.move_id,
                    self.own_bills[login] & (self.bill_f | self.bill_n),
                )

    def test_units_and_periods(self):
        for login, user in self._users().items():
            with self.subTest(user=login):
                unit = self.own_units[login]
                units = self.env["property.unit"].with_user(user).search([])
                self.assertEqual(units, unit)
                self.assertEqual(unit.with_user(user).read(["name"])[0]["name"], unit.name)
                for fname in INTERNAL_UNIT_FIELDS:
                    with self.assertRaises(AccessError):
                        unit.with_user(user).read([fname])
                periods = self.env["property.unit.occupancy"].with_user(user).search([])
                self.assertEqual(periods.partner_id, user.partner_id)

    def test_former_owner_sees_nothing_of_the_new_owner(self):
        former = self.portal_former
        self.assertFalse(
            self.env["res.partner"].with_user(former).search([("id", "=", self.new_owner.id)])
        )
        with self.assertRaises(AccessError):
            self.new_owner.with_user(former).read(["name", "phone"])
        with self.assertRaises(AccessError):
            self.bill_n.with_user(former).read(["partner_id"])
        # and the new owner nothing of the former owner's bill
        with self.assertRaises(AccessError):
            self.bill_f.with_user(self.portal_new).read(["amount_total"])

    def test_tenants(self):
        # the paying tenant sees her bill, not the landlord's bill from before the lease
        self.assertEqual(
            self.env["account.move"].with_user(self.portal_tenant).search([]), self.bill_t
        )
        with self.assertRaises(AccessError):
            self.landlord.with_user(self.portal_tenant).read(["phone"])
        # the tenant who does not pay sees the unit, no bill, no ledger item
        nonpayer = self.portal_nonpayer
        self.assertFalse(self.env["account.move"].with_user(nonpayer).search([]))
        self.assertFalse(self.env["property.receivable"].with_user(nonpayer).search([]))
        with self.assertRaises(AccessError):
            self.owner.with_user(nonpayer).read(["phone"])

    def test_no_access_to_internal_models(self):
        for login, user in self._users().items():
            for model in (
                "property.payment.promise",
                "property.dunning.state",
                "property.collection.activity",
                "account.payment",
            ):
                with self.subTest(user=login, model=model), self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])

    def test_portal_users_cannot_write(self):
        user = self.portal_owner
        with self.assertRaises(AccessError):
            self.bill_o1.with_user(user).write({"invoice_date_due": "2027-01-01"})
        item = self.bill_o1.property_receivable_ids[:1]
        with self.assertRaises(AccessError):
            item.with_user(user).write({"residual": 0})
        with self.assertRaises(AccessError):
            self.unit.with_user(user).write({"area": 1.0})

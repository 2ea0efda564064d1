from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestPersonalData(TrustCommon):
    """Finding 4: owners' and tenants' phone, e-mail, address and hardship data, read over
    RPC as each role would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner.write({"street": "丽景路1号", "property_hardship": True})
        cls.hardship = cls.env["property.hardship"].create(
            {"partner_id": cls.owner.id, "category": "subsistence", "reason": "低保证明"}
        )
        proof = cls.env["ir.attachment"].create({"name": "低保证.pdf", "raw": b"%PDF-1.4"})
        cls.hardship.attachment_ids = [Command.link(proof.id)]
        cls.proof = proof

    def _read_contact(self, user, partner):
        return partner.with_user(user).read(["name", "phone", "email", "street"])[0]

    def _search_contacts(self, user, domain):
        return self.env["res.partner"].with_user(user).search(domain)

    def test_property_parties_belong_to_their_company(self):
        self.assertEqual(self.owner.company_id, self.env.company)
        self.assertEqual(self.owner_b.company_id, self.env.company)

    def test_team_members_read_their_parties(self):
        for user in (self.collector, self.service):
            with self.subTest(user=user.login):
                self.assertEqual(self._read_contact(user, self.owner)["phone"], "13800000001")
                self.assertTrue(self.owner.with_user(user).property_hardship)
                self.assertIn(self.owner, self._search_contacts(user, [("phone", "!=", False)]))

    def test_outsiders_read_nothing(self):
        for user in (self.collector_out, self.manager_c2, self.finance_c2):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self._read_contact(user, self.owner)
                found = self._search_contacts(
                    user, ["|", ("phone", "!=", False), ("property_hardship", "=", True)]
                )
                self.assertNotIn(self.owner, found)
        # collector_out does see the parties of their own project
        self.assertEqual(
            self._read_contact(self.collector_out, self.owner_b)["phone"], "13900000009"
        )

    def test_finance_and_managers_read_all_and_the_hardship_file(self):
        for user in (self.finance, self.manager):
            with self.subTest(user=user.login):
                self.assertTrue(self._read_contact(user, self.owner_b)["phone"])
                record = self.hardship.with_user(user)
                self.assertEqual(record.reason, "低保证明")
                self.assertEqual(self.proof.with_user(user).read(["name"])[0]["name"], "低保证.pdf")
                self.assertEqual(self.owner.with_user(user).property_hardship_ids, self.hardship)

    def test_hardship_reason_and_proof_hidden_from_the_team(self):
        for user in (self.collector, self.service):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.hardship.with_user(user).read(["reason"])
                with self.assertRaises(AccessError):
                    self.proof.with_user(user).read(["datas"])
                with self.assertRaises(AccessError):
                    self.owner.with_user(user).read(["property_hardship_ids"])

    def test_portal_former_owner_and_tenant(self):
        """A former owner sees their own bills only; nobody on the portal sees the current
        occupants of a unit they left."""
        unit = self.unit
        unit.occupancy_ids.date_to = date(2026, 6, 30)
        new_owner = self.env["res.partner"].create({"name": "孙丽", "phone": "13700000007"})
        self._add_stay(unit, new_owner, date_from=date(2026, 7, 1))
        tenant = self.env["res.partner"].create({"name": "周杰", "phone": "13600000006"})
        self._add_stay(
            unit,
            tenant,
            role="tenant",
            date_from=date(2025, 1, 1),
            date_to=date(2025, 12, 31),
            is_payer=False,
        )
        unit.invalidate_recordset()
        self.env["property.unit"]._refresh_current_parties(unit)
        self.assertEqual(unit.owner_id, new_owner)
        later_bill = self._bill(date(2026, 8, 15), 200.0, partner=new_owner)
        former_owner = self._create_user(
            "former_owner", groups="base.group_portal", partner_id=self.owner.id
        )
        former_tenant = self._create_user(
            "former_tenant", groups="base.group_portal", partner_id=tenant.id
        )
        current = self._create_user(
            "current_owner", groups="base.group_portal", partner_id=new_owner.id
        )
        bills = self.env["account.move"].with_user(former_owner).search([])
        self.assertEqual(bills, self.bill)
        with self.assertRaises(AccessError):
            later_bill.with_user(former_owner).read(["amount_total"])
        self.assertEqual(self.env["account.move"].with_user(current).search([]), later_bill)
        for user in (former_owner, former_tenant):
            with self.subTest(user=user.login):
                portal_unit = unit.with_user(user)
                self.assertEqual(portal_unit.read(["name"])[0]["name"], unit.name)
                for fname in ("owner_id", "owner_phone", "tenant_id", "payer_id", "occupancy_ids"):
                    with self.assertRaises(AccessError):
                        portal_unit.read([fname])
                with self.assertRaises(AccessError):
                    new_owner.with_user(user).read(["phone"])
                occupancies = self.env["property.unit.occupancy"].with_user(user).search([])
                self.assertEqual(occupancies.partner_id, user.partner_id)

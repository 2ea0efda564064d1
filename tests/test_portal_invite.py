from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_dunning import DunningCommon


@tagged("post_install", "-at_install")
class TestPortalInvite(DunningCommon):
    """Finance invites the owners of a project in bulk (Odoo's portal wizard underneath):
    portal users, the invitation in Chinese, queued — never sent from the request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.finance = cls._create_user("finance_i", "finance")
        Partner = cls.env["res.partner"]
        cls.owner_b = Partner.create({"name": "陈静", "email": "chenjing@example.cn"})
        cls.owner_c = Partner.create({"name": "刘洋"})  # no e-mail
        cls.owner_d = Partner.create({"name": "黄磊", "email": "huanglei@example.cn"})
        cls.former = Partner.create({"name": "吴敏", "email": "wumin@example.cn"})
        cls.tenant.email = "wangfang@example.cn"
        for code, owner in (("1-1-102", cls.owner_b), ("1-1-103", cls.owner_c)):
            cls._add_stay(cls._create_unit(cls.building, code), owner)
        unit_d = cls._create_unit(cls.building, "1-1-104")
        cls._add_stay(unit_d, cls.former, date_to=date(2024, 12, 31))
        cls._add_stay(unit_d, cls.owner_d, date_from=date(2025, 1, 1))
        cls._add_stay(cls.unit, cls.tenant, role="tenant", date_from=date(2025, 1, 1))
        # 黄磊 has an account already
        cls._create_user("huanglei", groups="base.group_portal", partner_id=cls.owner_d.id)

    def _wizard(self, user=None, **vals):
        return (
            self.env["property.portal.invite"]
            .with_user(user or self.finance)
            .with_context(active_model="property.project", active_ids=self.project.ids)
            .create(vals)
        )

    def test_invite_current_owners(self):
        wizard = self._wizard()
        self.assertEqual(wizard.project_ids, self.project)
        self.assertEqual(wizard.lang, "zh_CN")
        self.assertEqual(wizard.partner_ids, self.owner | self.owner_b)
        self.assertEqual(wizard.no_email_partner_ids, self.owner_c)
        self.assertEqual(wizard.existing_partner_ids, self.owner_d)
        before = self.env["mail.mail"].search([])
        wizard.action_invite()
        self.assertEqual(wizard.state, "done")
        self.assertIn("2", wizard.result)
        for partner in self.owner | self.owner_b:
            user = partner.user_ids
            self.assertTrue(user._is_portal(), partner.name)
            self.assertEqual(user.company_id, self.project.company_id)
            self.assertEqual(partner.lang, "zh_CN")
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "queued, not sent")
        for mail in mails:
            self.assertIn("业主", mail.subject)
            self.assertIn("设置密码", str(mail.body_html))
            self.assertIn(self.company.name, mail.subject)
        self.assertFalse(self.former.user_ids, "former owners are not invited as owners")
        self.assertFalse(self.tenant.user_ids)

    def test_invite_payers_and_occupants(self):
        self.assertEqual(
            self._wizard(audience="payers").partner_ids, self.owner | self.owner_b | self.tenant
        )
        self.assertEqual(
            self._wizard(audience="occupants").partner_ids,
            self.owner | self.owner_b | self.tenant,
        )

    def test_one_failure_does_not_stop_the_others(self):
        # an internal user already logs in with 陈静's address
        self._create_user("chenjing@example.cn")
        wizard = self._wizard()
        wizard.action_invite()
        self.assertTrue(self.owner.user_ids._is_portal())
        self.assertFalse(self.owner_b.user_ids)
        self.assertIn(self.owner_b.name, wizard.result)

    def test_only_finance_invites(self):
        for user in (self.collector, self._create_user("service_i", "customer_service")):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user).action_invite()
        self.assertFalse(self.owner.user_ids)

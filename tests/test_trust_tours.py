from datetime import date

from odoo.tests import HttpCase, tagged

from .common_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestRoleTours(HttpCase, TrustCommon):
    """Finding 5: each role's everyday screens open in the browser without an error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._dun(cls, date(2026, 1, 16))
        cls.env["property.collection.activity"].create(
            {
                "partner_id": cls.owner.id,
                "project_id": cls.project.id,
                "outcome": "b_no_date",
                "collector_id": cls.collector.id,
            }
        )
        cls.portal_owner = cls._create_user(
            "portal_owner", groups="base.group_portal", partner_id=cls.owner.id, name="张伟"
        )

    def test_collector_tour(self):
        self.start_tour("/odoo", "property_collector_tour", login=self.collector.login)

    def test_customer_service_tour(self):
        self.start_tour("/odoo", "property_customer_service_tour", login=self.service.login)

    def test_finance_tour(self):
        self.start_tour("/odoo", "property_finance_tour", login=self.finance.login)

    def test_manager_tour(self):
        self.start_tour("/odoo", "property_manager_tour", login=self.manager.login)

    def test_portal_owner_tour(self):
        self.start_tour("/my/invoices", "property_portal_owner_tour", login="portal_owner")

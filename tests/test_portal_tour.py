from odoo.tests import HttpCase, tagged

from .common_portal import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase, PortalCommon):
    """In headless Chromium at phone size (390 × 844, touch): an owner logs in, opens a
    bill from the portal home, pays it with the demo provider and files a complaint."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_demo_provider()
        cls._pay(cls, cls.bill_o2, day=cls.bill_o2.invoice_date_due)

    def test_owner_pays_a_bill_on_a_phone(self):
        self.assertEqual(self.bill_o1.amount_residual, 300.0)
        self.start_tour("/my", "property_portal_pay_bill_tour", login="portal_owner")
        self.assertEqual(self.bill_o1.amount_residual, 0.0)
        self.assertEqual(self.bill_o1.transaction_ids.state, "done")
        self.assertEqual(self.owner.property_arrears_amount, 0.0)
        complaint = self.env["helpdesk.ticket"].search([("name", "=", "楼道灯不亮")])
        self.assertEqual(complaint.partner_id, self.owner)
        self.assertEqual(
            complaint.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        )

from odoo.tests import HttpCase, tagged

from .common_portal import PortalCommon

LIST_PAGES = (
    "/my",
    "/my/property/units",
    "/my/property/bills",
    "/my/property/bills?filterby=open",
    "/my/property/arrears",
    "/my/property/payments",
    "/my/property/promise",
)


@tagged("post_install", "-at_install")
class TestPortalIsolationUrl(HttpCase, PortalCommon):
    """Owner, former owner, tenant payer and tenant non-payer by URL: their own pages open,
    every id of someone else's bill, notice, unit, payment page or receipt gets 403, nothing
    is reachable without logging in, and no page shows another party's name, phone or bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._enable_demo_provider()
        # a payment of the landlord, to guess its receipt
        cls.landlord_payment = cls._pay(cls, cls.bill_l, day=cls.bill_l.invoice_date_due)

    def _get(self, url, **kw):
        return self.url_open(url, allow_redirects=False, **kw)

    def _foreign_urls(self, login):
        own_bills = self.own_bills[login]
        own_unit = self.own_units[login]
        urls = []
        for bill in self.all_bills - own_bills:
            urls += [
                f"/my/property/bills/{bill.id}",
                f"/my/property/bills/{bill.id}/notice",
                f"/my/property/bills/{bill.id}/pay",
            ]
        for unit in (self.unit | self.unit_b2 | self.unit_t) - own_unit:
            urls += [f"/my/property/units/{unit.id}", f"/my/property/units/{unit.id}/pay"]
        urls += [
            f"/my/property/payments/{self.landlord_payment.id}/receipt",
            "/my/property/bills/999999",
            "/my/property/units/999999",
        ]
        return urls

    def _foreign_texts(self, login):
        """Names, phones and bill numbers of the other parties."""
        mine = self.own_bills[login]
        texts = [bill.name for bill in self.all_bills - mine]
        partners = {
            "portal_owner": self.owner,
            "portal_nonpayer": self.nonpayer,
            "portal_former": self.owner2,
            "portal_new": self.new_owner,
            "portal_tenant": self.tenant,
        }
        for other_login, partner in partners.items():
            if other_login != login:
                texts += [partner.name, partner.phone]
        texts += [self.landlord.name, self.landlord.phone]
        return texts

    def test_own_pages_and_nothing_else(self):
        for login in self.own_bills:
            with self.subTest(user=login):
                self.authenticate(login, login)
                pages = [*LIST_PAGES, f"/my/property/units/{self.own_units[login].id}"]
                pages += [f"/my/property/bills/{bill.id}" for bill in self.own_bills[login]]
                pages += [f"/my/property/bills/{bill.id}/notice" for bill in self.own_bills[login]]
                for url in pages:
                    response = self._get(url)
                    self.assertEqual(response.status_code, 200, f"{login} {url}")
                    if url.endswith("/notice"):
                        continue
                    for text in self._foreign_texts(login):
                        self.assertNotIn(text, response.text, f"{login} sees {text!r} on {url}")
                bills_page = self._get("/my/property/bills").text
                for bill in self.own_bills[login]:
                    self.assertIn(bill.name, bills_page)
                for url in self._foreign_urls(login):
                    self.assertEqual(self._get(url).status_code, 403, f"{login} {url}")

    def test_tenant_who_does_not_pay(self):
        self.authenticate("portal_nonpayer", "portal_nonpayer")
        page = self._get(f"/my/property/units/{self.unit.id}").text
        self.assertIn("o_property_not_billed", page)
        self.assertIn(self.unit.name, page)
        self.assertNotIn("o_property_pay_unit", page)

    def test_former_owner_sees_her_period_only(self):
        self.authenticate("portal_former", "portal_former")
        page = self._get(f"/my/property/units/{self.unit_b2.id}").text
        self.assertIn(self.bill_f.name, page)
        self.assertNotIn(self.bill_n.name, page)
        self.assertNotIn(self.new_owner.name, page)

    def test_anonymous_is_sent_to_login(self):
        urls = [*LIST_PAGES, *self._foreign_urls("portal_nonpayer")]
        for url in urls:
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertIn("/web/login", response.url, url)
                for bill in self.all_bills:
                    self.assertNotIn(bill.name, response.text)

    def test_foreign_transaction_refused(self):
        """The payment form's transaction route of someone else's bill or unit is refused."""
        self.authenticate("portal_former", "portal_former")
        for route in (
            f"/my/property/bills/{self.bill_n.id}/transaction",
            f"/my/property/units/{self.unit.id}/transaction",
        ):
            with self.subTest(route=route):
                response = self.url_open(
                    route,
                    json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": {}},
                )
                self.assertIn("error", response.json())
        self.assertFalse(self.all_bills.transaction_ids)

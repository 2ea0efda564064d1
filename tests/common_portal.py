from datetime import date

from odoo.fields import Command

from .common_dunning import DunningCommon

PORTAL = "base.group_portal"


class PortalCommon(DunningCommon):
    """Four kinds of portal users and their bills (hand-made, as a billing run would):

    * ``portal_owner`` — 张伟, owner and payer of 1-1-101 since 2020: bills of September and
      October 2026 (300 each);
    * ``portal_nonpayer`` — 赵雷, tenant of 1-1-101 since 2026 who does not pay (张伟 does);
    * ``portal_former`` — 李娜, owner of 1-1-102 until 30 June 2026: her June bill (200);
      孙丽 (``portal_new``) owns it since 1 July: her August bill (250);
    * ``portal_tenant`` — 王芳, paying tenant of 1-1-201 since 2026: her October bill (180);
      the landlord 周强 has his December 2025 bill (150) from before the lease.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner in (cls.owner, cls.owner2, cls.tenant):
            partner.lang = "zh_CN"
        # 1-1-101: owner 张伟 (DunningCommon) and a tenant who does not pay
        cls.nonpayer = cls.env["res.partner"].create({"name": "赵雷", "phone": "13600000004"})
        cls._add_stay(
            cls.unit, cls.nonpayer, role="tenant", date_from=date(2026, 1, 1), is_payer=False
        )
        cls.bill_o1 = cls._bill(date(2026, 9, 15), 300.0)
        cls.bill_o2 = cls._bill(date(2026, 10, 15), 300.0)
        # 1-1-102: former owner 李娜, new owner 孙丽
        cls.unit_b2 = cls._create_unit(cls.building, "1-1-102", area=90.0, state="occupied")
        cls._add_stay(
            cls.unit_b2, cls.owner2, date_from=date(2020, 1, 1), date_to=date(2026, 6, 30)
        )
        cls.new_owner = cls.env["res.partner"].create(
            {"name": "孙丽", "phone": "13700000007", "email": "sunli@example.cn"}
        )
        cls._add_stay(cls.unit_b2, cls.new_owner, date_from=date(2026, 7, 1))
        cls.bill_f = cls._bill(date(2026, 6, 15), 200.0, partner=cls.owner2, unit=cls.unit_b2)
        cls.bill_n = cls._bill(date(2026, 8, 15), 250.0, partner=cls.new_owner, unit=cls.unit_b2)
        # 1-1-201: landlord 周强, paying tenant 王芳
        cls.unit_t = cls._create_unit(cls.building, "1-1-201", area=80.0, state="occupied")
        cls.landlord = cls.env["res.partner"].create({"name": "周强", "phone": "13500000005"})
        cls._add_stay(cls.unit_t, cls.landlord, date_from=date(2020, 1, 1))
        cls._add_stay(cls.unit_t, cls.tenant, role="tenant", date_from=date(2026, 1, 1))
        cls.bill_l = cls._bill(date(2025, 12, 15), 150.0, partner=cls.landlord, unit=cls.unit_t)
        cls.bill_t = cls._bill(date(2026, 10, 15), 180.0, partner=cls.tenant, unit=cls.unit_t)
        cls.env["property.unit"]._refresh_current_parties(cls.unit | cls.unit_b2 | cls.unit_t)
        cls.portal_owner = cls._portal_user("portal_owner", cls.owner)
        cls.portal_nonpayer = cls._portal_user("portal_nonpayer", cls.nonpayer)
        cls.portal_former = cls._portal_user("portal_former", cls.owner2)
        cls.portal_new = cls._portal_user("portal_new", cls.new_owner)
        cls.portal_tenant = cls._portal_user("portal_tenant", cls.tenant)
        cls.all_bills = (
            cls.bill_o1 | cls.bill_o2 | cls.bill_f | cls.bill_n | cls.bill_l | cls.bill_t
        )
        cls.own_bills = {
            "portal_owner": cls.bill_o1 | cls.bill_o2,
            "portal_nonpayer": cls.env["account.move"],
            "portal_former": cls.bill_f,
            "portal_new": cls.bill_n,
            "portal_tenant": cls.bill_t,
        }
        cls.own_units = {
            "portal_owner": cls.unit,
            "portal_nonpayer": cls.unit,
            "portal_former": cls.unit_b2,
            "portal_new": cls.unit_b2,
            "portal_tenant": cls.unit_t,
        }

    @classmethod
    def _portal_user(cls, login, partner):
        return cls._create_user(
            login, groups=PORTAL, partner_id=partner.id, name=partner.name, password=login
        )

    @classmethod
    def _enable_demo_provider(cls):
        """Odoo's demo provider in test mode for the company, paid into its bank journal."""
        provider = cls.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        journal = cls.env["account.journal"].search(
            [("company_id", "=", cls.env.company.id), ("type", "=", "bank")], limit=1
        )
        provider.write(
            {
                "state": "test",
                "is_published": True,
                "journal_id": journal.id,
                "available_currency_ids": [Command.clear()],
            }
        )
        return provider

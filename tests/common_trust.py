from datetime import date

from odoo.fields import Command

from .common_dunning import DunningCommon


class TrustCommon(DunningCommon):
    """Every role of the product, a second project and a second company, and one bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector_out = cls._create_user("collector_out", "collector")
        cls.service = cls._create_user("service_t", "customer_service")
        cls.finance = cls._create_user("finance_t", "finance")
        cls.project.write({"user_ids": [Command.link(cls.service.id)]})
        # as in a real database, internal users may create and edit contacts
        contacts = cls.env.ref("base.group_partner_manager")
        for user in (cls.collector, cls.collector_out, cls.service, cls.finance, cls.manager):
            user.group_ids = [Command.link(contacts.id)]
        # another project of the same company, worked by collector_out
        cls.project_b = cls._create_project("翠湖花园", "CHHY", user_ids=cls.collector_out.ids)
        cls.building_b = cls._create_building(cls.project_b, "A座")
        cls.unit_b = cls._create_unit(cls.building_b, "A-101", state="occupied")
        cls.owner_b = cls.env["res.partner"].create(
            {"name": "赵敏", "phone": "13900000009", "email": "zhaomin@example.cn"}
        )
        cls._add_stay(cls.unit_b, cls.owner_b, date_from=date(2020, 1, 1))
        # a second company with its own staff
        cls.company2 = cls.env["res.company"].create({"name": "二公司物业"})
        cls.manager_c2 = cls._create_user("manager_c2t", "manager", company=cls.company2)
        cls.finance_c2 = cls._create_user("finance_c2t", "finance", company=cls.company2)
        cls.bill = cls._bill(date(2026, 1, 15), 300.0)
        cls.fee_assignment = cls.env["property.fee.assignment"].create(
            {
                "fee_type_id": cls.fee.id,
                "project_id": cls.project.id,
                "price": 3.0,
                "date_from": date(2020, 1, 1),
            }
        )

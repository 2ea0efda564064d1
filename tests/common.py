from datetime import date

from odoo.tests import TransactionCase, new_test_user

GROUP = "property_fee_collection.property_fee_collection_group_"


class PropertyCommon(TransactionCase):
    """Factories for the property register; tests never rely on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.project = cls._create_project("丽景苑", "LJY")
        cls.building = cls._create_building(cls.project, "1号楼", "1")
        cls.owner = cls.env["res.partner"].create({"name": "张伟", "phone": "13800000001"})
        cls.owner2 = cls.env["res.partner"].create({"name": "李娜", "phone": "13800000002"})
        cls.tenant = cls.env["res.partner"].create({"name": "王芳", "phone": "13800000003"})

    @classmethod
    def _create_project(cls, name, code, company=None, **vals):
        return cls.env["property.project"].create(
            {"name": name, "code": code, "company_id": (company or cls.env.company).id, **vals}
        )

    @classmethod
    def _create_building(cls, project, name, code=None, **vals):
        return cls.env["property.building"].create(
            {"name": name, "code": code, "project_id": project.id, **vals}
        )

    @classmethod
    def _create_unit(cls, building, code, area=100.0, **vals):
        return cls.env["property.unit"].create(
            {"name": code, "building_id": building.id, "area": area, **vals}
        )

    @classmethod
    def _add_stay(cls, unit, partner, role="owner", date_from=date(2020, 1, 1), **vals):
        return cls.env["property.unit.occupancy"].create(
            {
                "unit_id": unit.id,
                "partner_id": partner.id,
                "role": role,
                "date_from": date_from,
                **vals,
            }
        )

    @classmethod
    def _create_user(cls, login, role=None, company=None, groups=None, **kw):
        groups = groups or (f"{GROUP}{role}" if role else "base.group_user")
        company = company or cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            **kw,
        )

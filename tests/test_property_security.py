from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PropertyCommon


@tagged("post_install", "-at_install")
class TestPropertySecurity(PropertyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.collector_a = cls._create_user("collector_a", "collector")
        cls.service_a = cls._create_user("service_a", "customer_service")
        cls.finance = cls._create_user("finance", "finance")
        cls.manager = cls._create_user("manager", "manager")
        cls.plain = cls._create_user("plain")
        cls.project.user_ids = cls.collector_a | cls.service_a
        cls.unit_a = cls._create_unit(cls.building, "A-1-101")
        cls.stay_a = cls._add_stay(cls.unit_a, cls.owner, date_from=date(2020, 1, 1))
        cls.project_b = cls._create_project("翠湖花园", "CHHY")
        cls.building_b = cls._create_building(cls.project_b, "A座")
        cls.unit_b = cls._create_unit(cls.building_b, "B-1-101")
        cls._add_stay(cls.unit_b, cls.owner2, date_from=date(2021, 1, 1))
        # second company with its own estate
        cls.company2 = cls.env["res.company"].create({"name": "二公司物业"})
        cls.project_c2 = cls._create_project("海棠湾", "HTW", company=cls.company2)
        cls.unit_c2 = cls._create_unit(cls._create_building(cls.project_c2, "1栋"), "C-101")
        cls.manager_c2 = cls._create_user("manager_c2", "manager", company=cls.company2)

    def _visible(self, user, model="property.unit"):
        return self.env[model].with_user(user).search([])

    def test_collector_sees_only_team_projects(self):
        self.assertEqual(self._visible(self.collector_a), self.unit_a)
        self.assertEqual(self._visible(self.collector_a, "property.project"), self.project)
        self.assertEqual(self._visible(self.collector_a, "property.building"), self.building)
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.collector_a).read(["name"])
        # the owner data of the other project stays hidden
        occupancies = self._visible(self.collector_a, "property.unit.occupancy")
        self.assertEqual(occupancies, self.stay_a)

    def test_customer_service_sees_only_team_projects(self):
        self.assertEqual(self._visible(self.service_a), self.unit_a)
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.service_a).read(["name"])

    def test_project_manager_sees_own_project(self):
        boss = self._create_user("boss_b", "collector")
        self.project_b.manager_id = boss
        self.assertEqual(self._visible(boss), self.unit_b)

    def test_plain_internal_user_sees_nothing(self):
        self.assertFalse(self._visible(self.plain))
        self.assertFalse(self._visible(self.plain, "property.project"))

    def test_collector_and_service_are_read_only(self):
        for user in (self.collector_a, self.service_a):
            with self.subTest(user=user.login):
                unit = self.unit_a.with_user(user)
                with self.assertRaises(AccessError):
                    unit.write({"area": 99.0})
                with self.assertRaises(AccessError):
                    self.env["property.unit"].with_user(user).create(
                        {"name": "NEW", "building_id": self.building.id, "area": 50.0}
                    )
                with self.assertRaises(AccessError):
                    self.stay_a.with_user(user).write({"is_payer": False})
                with self.assertRaises(AccessError):
                    self.project.with_user(user).write({"name": "x"})

    def test_finance_manages_register_of_all_projects(self):
        Unit = self.env["property.unit"].with_user(self.finance)
        self.assertEqual(Unit.search([]), self.unit_a | self.unit_b)
        unit = Unit.create({"name": "B-1-102", "building_id": self.building_b.id, "area": 66.0})
        unit.area = 67.0
        occupancy = (
            self.env["property.unit.occupancy"]
            .with_user(self.finance)
            .create(
                {"unit_id": unit.id, "partner_id": self.owner.id, "date_from": date(2024, 1, 1)}
            )
        )
        occupancy.unlink()
        with self.assertRaises(AccessError):
            unit.unlink()
        with self.assertRaises(AccessError):
            self.env["property.project"].with_user(self.finance).create(
                {"name": "新项目", "code": "NEW"}
            )

    def test_manager_has_full_control(self):
        Project = self.env["property.project"].with_user(self.manager)
        project = Project.create({"name": "新项目", "code": "NEW"})
        building = (
            self.env["property.building"]
            .with_user(self.manager)
            .create({"name": "1栋", "project_id": project.id})
        )
        unit = (
            self.env["property.unit"]
            .with_user(self.manager)
            .create({"name": "1-101", "building_id": building.id, "area": 50.0})
        )
        unit.unlink()
        building.unlink()
        project.unlink()

    def test_multi_company_isolation(self):
        self.assertEqual(self._visible(self.manager_c2), self.unit_c2)
        self.assertEqual(self._visible(self.manager_c2, "property.project"), self.project_c2)
        with self.assertRaises(AccessError):
            self.unit_a.with_user(self.manager_c2).read(["name"])
        self.assertNotIn(self.unit_c2, self._visible(self.manager))
        self.assertNotIn(self.unit_c2, self._visible(self.finance))

    def test_portal_sees_only_own_units(self):
        portal = self._create_user(
            "owner_portal", groups="base.group_portal", partner_id=self.owner.id
        )
        units = self.env["property.unit"].with_user(portal).search([])
        self.assertEqual(units, self.unit_a)
        self.assertEqual(self._visible(portal, "property.building"), self.building)
        self.assertEqual(self._visible(portal, "property.unit.occupancy"), self.stay_a)
        with self.assertRaises(AccessError):
            self.unit_b.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.unit_a.with_user(portal).write({"area": 1.0})

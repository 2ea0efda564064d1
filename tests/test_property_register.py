from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PropertyCommon


@tagged("post_install", "-at_install")
class TestPropertyRegister(PropertyCommon):
    def test_duplicate_unit_code_in_building(self):
        self._create_unit(self.building, "1-1-101")
        other = self._create_building(self.project, "2号楼", "2")
        self._create_unit(other, "1-1-101")  # same code in another building is fine
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as err:
            with self.env.cr.savepoint():
                self._create_unit(self.building, "1-1-101")
        message = self.env["property.unit"]._sql_error_to_message(err.exception)
        self.assertIn("A unit code must be unique within its building.", message)

    def test_area_must_be_positive(self):
        for area in (0.0, -12.5):
            with self.subTest(area=area), self.assertRaises(ValidationError) as err:
                self._create_unit(self.building, f"X-{area}", area=area)
            self.assertIn("greater than 0", str(err.exception))
        unit = self._create_unit(self.building, "1-1-102", area=88.5)
        with self.assertRaises(ValidationError):
            unit.area = 0

    def test_overlapping_owner_periods_rejected(self):
        unit = self._create_unit(self.building, "1-1-201")
        self._add_stay(unit, self.owner, date_from=date(2020, 1, 1))
        with self.assertRaises(ValidationError) as err:
            self._add_stay(unit, self.owner2, date_from=date(2023, 5, 1))
        self.assertIn("overlap", str(err.exception))
        # a tenant may overlap the owner's period; a second tenant may not overlap the first
        self._add_stay(unit, self.tenant, "tenant", date(2022, 1, 1), date_to=date(2022, 12, 31))
        with self.assertRaises(ValidationError):
            self._add_stay(unit, self.owner2, "tenant", date(2022, 12, 31))
        self._add_stay(unit, self.owner2, "tenant", date(2023, 1, 1))

    def test_end_before_start_rejected(self):
        unit = self._create_unit(self.building, "1-1-202")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._add_stay(
                    unit, self.owner, date_from=date(2024, 5, 1), date_to=date(2024, 4, 30)
                )

    def test_unit_in_building_of_other_company(self):
        company2 = self.env["res.company"].create({"name": "二公司物业"})
        with self.assertRaises(UserError) as err:
            self._create_unit(self.building, "1-1-301", company_id=company2.id)
        self.assertIn("compan", str(err.exception).lower())
        project2 = self._create_project("翠湖花园", "CHHY", company=company2)
        with self.assertRaises(UserError):
            self._create_building(project2, "A座", company_id=self.company.id)

    @freeze_time("2025-03-10")
    def test_current_owner_and_payer_tenancy(self):
        unit = self._create_unit(self.building, "1-1-401")
        self.assertFalse(unit.owner_id)
        self._add_stay(unit, self.owner, date_from=date(2019, 1, 1))
        self.assertEqual(unit.owner_id, self.owner)
        self.assertEqual(unit.payer_id, self.owner)
        lease = self._add_stay(
            unit, self.tenant, "tenant", date(2025, 1, 1), date_to=date(2025, 12, 31)
        )
        self.assertEqual(unit.owner_id, self.owner, "the owner stays the owner")
        self.assertEqual(unit.tenant_id, self.tenant)
        self.assertEqual(unit.payer_id, self.tenant, "tenant billed while the lease runs")
        lease.is_payer = False
        self.assertEqual(unit.payer_id, self.owner, "owner pays when the tenant is not billed")
        lease.is_payer = True
        lease.date_to = date(2025, 3, 1)
        self.assertEqual(unit.payer_id, self.owner, "lease over: back to the owner")
        self.assertFalse(unit.tenant_id)
        self.assertIn(unit, self.owner.property_unit_ids)
        self.assertEqual(self.owner.property_unit_count, 1)

    @freeze_time("2025-03-10")
    def test_unsold_unit_billed_to_developer(self):
        developer = self.env["res.partner"].create({"name": "丽景置业", "is_company": True})
        self.project.developer_id = developer
        unit = self._create_unit(self.building, "1-1-402", state="unsold")
        self.assertEqual(unit.payer_id, developer)
        unit.state = "vacant"
        self.assertFalse(unit.payer_id, "a sold unit without owner has no payer")

    def test_ownership_transfer(self):
        unit = self._create_unit(self.building, "1-1-501")
        first = self._add_stay(unit, self.owner, date_from=date(2018, 3, 1))
        with freeze_time("2025-06-20"):
            wizard = Form(self.env["property.unit.transfer"].with_context(default_unit_id=unit.id))
            self.assertEqual(wizard.old_owner_id, self.owner)
            wizard.new_owner_id = self.owner2
            wizard.date_transfer = date(2025, 6, 15)
            wizard.save().action_confirm()
            self.assertEqual(first.date_to, date(2025, 6, 14))
            self.assertEqual(unit.owner_id, self.owner2)
            self.assertEqual(unit.payer_id, self.owner2)
        # history: the old owner pays for the days before the transfer, the new one after
        segments = unit._get_payer_segments(date(2025, 6, 1), date(2025, 6, 30))
        self.assertEqual(
            [(s.partner, s.date_from, s.date_to) for s in segments],
            [
                (self.owner, date(2025, 6, 1), date(2025, 6, 14)),
                (self.owner2, date(2025, 6, 15), date(2025, 6, 30)),
            ],
        )
        # same owner again, or a date before the current period: refused
        with freeze_time("2025-06-20"):
            again = self.env["property.unit.transfer"].create(
                {
                    "unit_id": unit.id,
                    "new_owner_id": self.owner2.id,
                    "date_transfer": date(2025, 6, 20),
                }
            )
            with self.assertRaises(UserError):
                again.action_confirm()
            early = self.env["property.unit.transfer"].create(
                {
                    "unit_id": unit.id,
                    "new_owner_id": self.tenant.id,
                    "date_transfer": date(2025, 6, 1),
                }
            )
            with self.assertRaises(UserError):
                early.action_confirm()

    @freeze_time("2025-03-10")
    def test_cron_refreshes_current_parties(self):
        unit = self._create_unit(self.building, "1-1-601")
        self._add_stay(unit, self.owner, date_from=date(2019, 1, 1), date_to=date(2025, 3, 10))
        self._add_stay(unit, self.owner2, date_from=date(2025, 3, 11))
        self.assertEqual(unit.owner_id, self.owner)
        with freeze_time("2025-03-11"):
            self.env["property.unit"]._cron_refresh_current_parties()
            self.assertEqual(unit.owner_id, self.owner2)

    def test_delete_guards_and_counts(self):
        unit = self._create_unit(self.building, "1-1-701", area=120.0)
        self._create_unit(self.building, "1-1-702", area=80.5)
        self.assertEqual(self.project.unit_count, 2)
        self.assertEqual(self.project.building_count, 1)
        self.assertAlmostEqual(self.project.total_area, 200.5)
        self.assertEqual(self.building.unit_count, 2)
        self._add_stay(unit, self.owner)
        with self.assertRaises(UserError):
            unit.unlink()
        with self.assertRaises(UserError):
            self.project.unlink()

    def test_project_exit_needs_date(self):
        with self.assertRaises(ValidationError):
            self.project.state = "exited"
        self.project.write({"state": "exited", "date_exit": date(2025, 12, 31)})
        self.assertEqual(self.project.state, "exited")

    def test_building_found_by_project_and_name(self):
        other = self._create_project("翠湖花园", "CHHY")
        b2 = self._create_building(other, "1号楼")
        Building = self.env["property.building"]
        self.assertEqual(
            Building.name_search("翠湖花园 1号楼", operator="="), [(b2.id, b2.display_name)]
        )
        self.assertEqual(b2.display_name, "翠湖花园 1号楼")

    @freeze_time("2025-05-20")
    def test_partner_arrears_from_posted_bills(self):
        def bill(due, amount, project=self.project):
            move = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.owner.id,
                    "invoice_date": date(2025, 4, 1),
                    "invoice_date_due": due,
                    "property_project_id": project.id if project else False,
                    "invoice_line_ids": [
                        Command.create({"name": "物业服务费", "quantity": 1, "price_unit": amount})
                    ],
                }
            )
            move.action_post()
            return move

        bill(date(2025, 4, 15), 300.0)
        bill(date(2025, 5, 15), 200.0)
        bill(date(2025, 6, 15), 150.0)
        bill(date(2025, 3, 15), 999.0, project=None)  # not a property bill
        self.assertAlmostEqual(self.owner.property_arrears_amount, 650.0)
        self.assertAlmostEqual(self.owner.property_overdue_amount, 500.0)
        self.assertEqual(self.owner.property_oldest_due_date, date(2025, 4, 15))
        self.assertFalse(self.owner2.property_arrears_amount)

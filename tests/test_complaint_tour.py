from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestComplaintTour(HttpCase):
    def test_register_and_dispatch_tour(self):
        project = self.env["property.project"].create({"name": "Tour Garden", "code": "TOURC"})
        building = self.env["property.building"].create({"name": "T2", "project_id": project.id})
        unit = self.env["property.unit"].create(
            {"name": "T-2-201", "building_id": building.id, "area": 88.0, "state": "occupied"}
        )
        owner = self.env["res.partner"].create({"name": "Tour Owner"})
        self.env["property.unit.occupancy"].create(
            {"unit_id": unit.id, "partner_id": owner.id, "date_from": date(2020, 1, 1)}
        )
        engineer = new_test_user(
            self.env,
            login="tour_engineer",
            name="Tour Engineer",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
        )
        category = self.env["helpdesk.ticket.category"].create({"name": "Tour Lights"})
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Tour Engineering",
                "user_ids": [Command.set(engineer.ids)],
                "category_ids": [Command.set(category.ids)],
            }
        )
        self.start_tour("/odoo", "property_fee_collection_complaint_tour", login="admin")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Tour: street lamp out")])
        self.assertEqual(len(ticket), 1)
        self.assertRegex(ticket.number, r"^TS\d{4}-\d{5}$")
        self.assertEqual((ticket.unit_id, ticket.project_id), (unit, project))
        self.assertEqual((ticket.team_id, ticket.user_id), (team, engineer))
        self.assertEqual(ticket.property_stage, "assigned")
        self.assertTrue(ticket.acknowledged_date)
        self.assertIn(engineer, ticket.activity_ids.user_id)

    def test_portal_pages_in_chinese(self):
        project = self.env["property.project"].create({"name": "门户花园", "code": "PORTAL"})
        building = self.env["property.building"].create({"name": "P1", "project_id": project.id})
        unit = self.env["property.unit"].create(
            {"name": "P-1-101", "building_id": building.id, "area": 90.0, "state": "occupied"}
        )
        owner = new_test_user(
            self.env, login="portal_owner", groups="base.group_portal", lang="zh_CN"
        )
        self.env["property.unit.occupancy"].create(
            {"unit_id": unit.id, "partner_id": owner.partner_id.id, "date_from": date(2020, 1, 1)}
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "门禁损坏",
                "description": "<p>单元门禁坏了</p>",
                "partner_id": owner.partner_id.id,
            }
        )
        self.authenticate("portal_owner", "portal_owner")
        page = self.url_open("/new/ticket")
        self.assertEqual(page.status_code, 200)
        self.assertIn("提交新的投诉或报修", page.text)
        self.assertIn("P-1-101", page.text, "the owner picks the unit")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        self.assertIn("登记编号", page.text)
        self.assertIn("已登记", page.text, "the stage, in Chinese")

    def test_portal_cannot_close_someone_elses_complaint(self):
        victim = self.env["res.partner"].create({"name": "Other Owner"})
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "漏水", "description": "<p>漏水</p>", "partner_id": victim.id}
        )
        new_test_user(self.env, login="portal_intruder", groups="base.group_portal")
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.authenticate("portal_intruder", "portal_intruder")
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/ticket/close?ticket_id={ticket.id}&stage_id={cancelled.id}",
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(ticket.property_stage, "received")

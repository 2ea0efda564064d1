from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


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

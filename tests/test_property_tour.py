from datetime import date

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPropertyTour(HttpCase):
    def test_ownership_transfer_tour(self):
        project = self.env["property.project"].create({"name": "Tour Estate", "code": "TOUR"})
        building = self.env["property.building"].create({"name": "T1", "project_id": project.id})
        unit = self.env["property.unit"].create(
            {"name": "T-1-101", "building_id": building.id, "area": 90.0, "state": "occupied"}
        )
        old = self.env["res.partner"].create({"name": "Tour Old Owner"})
        new = self.env["res.partner"].create({"name": "Tour New Owner"})
        self.env["property.unit.occupancy"].create(
            {"unit_id": unit.id, "partner_id": old.id, "date_from": date(2020, 1, 1)}
        )
        self.start_tour("/odoo", "property_fee_collection_transfer_tour", login="admin")
        self.assertEqual(unit.owner_id, new)
        self.assertEqual(len(unit.occupancy_ids), 2)

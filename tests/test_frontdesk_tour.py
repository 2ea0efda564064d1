from datetime import date

from odoo.fields import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFrontDeskTour(HttpCase):
    def test_cashier_tour(self):
        project = self.env["property.project"].create({"name": "Tour Desk Estate", "code": "TD"})
        building = self.env["property.building"].create({"name": "D1", "project_id": project.id})
        unit = self.env["property.unit"].create(
            {"name": "TD-1-101", "building_id": building.id, "area": 90.0, "state": "occupied"}
        )
        owner = self.env["res.partner"].create({"name": "Tour Payer", "phone": "13900001111"})
        self.env["property.unit.occupancy"].create(
            {"unit_id": unit.id, "partner_id": owner.id, "date_from": date(2020, 1, 1)}
        )
        fees = {}
        for name, code in (("Tour Service", "TS"), ("Tour Parking", "TP")):
            product = self.env["product.product"].create(
                {"name": name, "type": "service", "taxes_id": [Command.clear()]}
            )
            fees[name] = self.env["property.fee.type"].create(
                {"name": name, "code": code, "product_id": product.id}
            )
        bill = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": owner.id,
                "invoice_date": date(2026, 11, 1),
                "invoice_date_due": date(2026, 11, 15),
                "property_project_id": project.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": fees[name].product_id.id,
                            "name": name,
                            "quantity": 1,
                            "price_unit": amount,
                            "property_unit_id": unit.id,
                            "property_fee_type_id": fees[name].id,
                            "property_period_start": date(2026, 11, 1),
                            "property_period_end": date(2026, 11, 30),
                            "property_billing_line": True,
                        }
                    )
                    for name, amount in (("Tour Service", 300.0), ("Tour Parking", 150.0))
                ],
            }
        )
        bill.action_post()
        self.start_tour("/odoo", "property_fee_collection_frontdesk_tour", login="admin")
        receipt = self.env["property.receipt"].search([("partner_id", "=", owner.id)])
        self.assertEqual(len(receipt), 1)
        self.assertEqual((receipt.amount, receipt.channel), (150.0, "wechat"))
        self.assertEqual(bill.amount_residual, 300.0)

from datetime import date, datetime, timedelta, timezone

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

GROUP = "property_fee_collection.property_fee_collection_group_"


@tagged("post_install", "-at_install")
class TestCollectorDayTour(HttpCase):
    def test_collector_day(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        # The browser counts days in UTC. The company and the collector get a time zone where
        # it is about noon now, on the same day: the call is logged inside the call windows
        # (no night warning) and "today" is the same day for the browser and the server.
        offset = 12 - datetime.now(timezone.utc).hour
        tz = "UTC" if not offset else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
        env.company.partner_id.tz = tz
        env.ref(
            "property_fee_collection.property_dunning_policy_default"
        ).call_window = "08:00-22:00"
        collector = new_test_user(
            env, login="collector_day", groups=f"{GROUP}collector", tz=tz, lang="en_US"
        )
        manager = new_test_user(env, login="manager_day", groups=f"{GROUP}manager", tz=tz)
        project = env["property.project"].create(
            {
                "name": "Tour Day Estate",
                "code": "TDAY",
                "manager_id": manager.id,
                "user_ids": [Command.set(collector.ids)],
            }
        )
        building = env["property.building"].create(
            {"name": "D1", "project_id": project.id, "collector_id": collector.id}
        )
        unit = env["property.unit"].create(
            {"name": "D-1-101", "building_id": building.id, "area": 90.0, "state": "occupied"}
        )
        payer = env["res.partner"].create({"name": "Tour Day Payer", "phone": "13900001111"})
        env["property.unit.occupancy"].create(
            {"unit_id": unit.id, "partner_id": payer.id, "date_from": date(2020, 1, 1)}
        )
        product = env["product.product"].create({"name": "物业服务费", "type": "service"})
        fee = env["property.fee.type"].create(
            {"name": "物业服务费", "code": "WYFD", "product_id": product.id}
        )
        today = fields.Date.context_today(env["res.users"].with_user(collector))
        due = today - timedelta(days=5)
        bill = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": payer.id,
                "invoice_date": due,
                "invoice_date_due": due,
                "property_project_id": project.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 300.0,
                            "tax_ids": [Command.clear()],
                            "property_unit_id": unit.id,
                            "property_fee_type_id": fee.id,
                            "property_period_start": due,
                            "property_period_end": due + timedelta(days=27),
                            "property_billing_line": True,
                        }
                    )
                ],
            }
        )
        bill.action_post()
        env["property.dunning.state"]._run_dunning(env.company, today)
        state = env["property.dunning.state"].search([("partner_id", "=", payer.id)])
        self.assertLessEqual(state.next_contact_date, today, "due for contact today")

        self.start_tour("/odoo", "property_collector_day_tour", login="collector_day")

        promise = state.promise_ids
        self.assertEqual(promise.promise_date, today + timedelta(days=2))
        self.assertEqual(promise.amount, 300.0)
        self.assertEqual(promise.collector_id, collector)
        reminder = state.activity_ids.filtered(lambda a: "Reminder" in (a.summary or ""))
        self.assertEqual(reminder.date_deadline, today + timedelta(days=1))
        self.assertEqual(reminder.user_id, collector)
        self.assertEqual(state.last_contact_date, today)
        self.assertFalse(state.next_contact_date, "a pending promise pauses the contact queue")

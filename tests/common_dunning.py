from datetime import date

from odoo.fields import Command

from .common import PropertyCommon


class DunningCommon(PropertyCommon):
    """Property bills created directly (as a billing run would) and the default ladder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, mail_create_nolog=True))
        cls.collector = cls._create_user("collector_d", "collector")
        cls.manager = cls._create_user("manager_d", "manager")
        cls.project.write(
            {"user_ids": [Command.set(cls.collector.ids)], "manager_id": cls.manager.id}
        )
        cls.building.collector_id = cls.collector
        cls.product = cls.env["product.product"].create(
            {"name": "物业服务费", "type": "service", "taxes_id": [Command.clear()]}
        )
        cls.fee = cls.env["property.fee.type"].create(
            {
                "name": "物业服务费",
                "code": "WYF",
                "product_id": cls.product.id,
                "late_fee_enabled": True,
                "late_fee_rate": 0.1,
                "late_fee_grace_days": 0,
                "late_fee_cap_percent": 10.0,
            }
        )
        cls.unit = cls._create_unit(cls.building, "1-1-101", area=100.0, state="occupied")
        cls._add_stay(cls.unit, cls.owner, date_from=date(2020, 1, 1))
        cls.owner.write({"email": "zhangwei@example.cn", "phone": "13800000001"})
        cls.policy = cls.env.ref("property_fee_collection.property_dunning_policy_default")
        cls.levels = {level.sequence: level for level in cls.policy.level_ids}

    @classmethod
    def _bill(cls, due, amount, partner=None, unit=None, period=None):
        partner = partner or cls.owner
        unit = unit or cls.unit
        start = period or date(due.year, due.month, 1)
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": start,
                "invoice_date_due": due,
                "property_project_id": unit.project_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "name": f"物业服务费 {unit.name}",
                            "quantity": 1,
                            "price_unit": amount,
                            "property_unit_id": unit.id,
                            "property_fee_type_id": cls.fee.id,
                            "property_period_start": start,
                            "property_period_end": date(start.year, start.month, 28),
                            "property_billing_line": True,
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _pay(self, moves, amount=None, day=None):
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(
                {
                    "payment_date": day or moves[0].invoice_date_due,
                    **({"amount": amount} if amount else {}),
                }
            )
        )
        return wizard._create_payments()

    def _dun(self, day):
        return self.env["property.dunning.state"]._run_dunning(self.env.company, day)

    def _state(self, partner=None):
        return self.env["property.dunning.state"].search(
            [("partner_id", "=", (partner or self.owner).id), ("project_id", "=", self.project.id)]
        )

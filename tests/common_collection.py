import base64

from odoo.fields import Command

from .test_receivable import LedgerCommon


class CollectionCommon(LedgerCommon):
    """Every role of the collection work: collector, customer service, finance, manager,
    general manager, and a second payer in the same project."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls._create_user("service_c", "customer_service")
        cls.finance = cls._create_user("finance_c", "finance")
        cls.manager2 = cls._create_user("manager2_c", "manager")
        cls.gm = cls._create_user("gm_c", "general_manager")
        cls.project.write({"user_ids": [Command.link(cls.service.id)]})
        cls.unit2 = cls._create_unit(cls.building, "1-1-102", area=80.0, state="occupied")
        cls._add_stay(cls.unit2, cls.owner2)
        cls.env.company.property_waiver_manager_limit = 1000.0
        cls.Plan = cls.env["property.installment.plan"]
        cls.Waiver = cls.env["property.waiver"]
        cls.Case = cls.env["property.legal.case"]

    SIGNED = base64.b64encode(b"%PDF-1.4\n% signed agreement\n%%EOF\n")

    def _plan(self, items, first_due, count=3, user=None, **vals):
        """A draft plan over ``items`` made by ``user`` (the collector by default)."""
        return self.Plan.with_user(user or self.collector).create(
            {
                "partner_id": items.partner_id.id,
                "project_id": items.project_id.id,
                "receivable_ids": [Command.set(items.ids)],
                "first_due_date": first_due,
                "installment_count": count,
                **vals,
            }
        )

    def _start(self, plan):
        """Ask, approve, sign and start a plan (collector, manager, collector)."""
        plan.action_submit()
        plan.with_user(self.manager).action_approve()
        plan.with_user(self.collector).write(
            {"signed_copy": self.SIGNED, "signed_copy_name": "signed.pdf"}
        )
        plan.with_user(self.collector).action_start()
        return plan

    def _waiver(self, lines, reason="vacancy", user=None, **vals):
        """A draft waiver: ``lines`` = [(ledger item, amount)]."""
        item = lines[0][0]
        return self.Waiver.with_user(user or self.collector).create(
            {
                "partner_id": item.partner_id.id,
                "project_id": item.project_id.id,
                "reason": reason,
                "description": "房屋空置，按合同减免",
                "line_ids": [
                    Command.create({"receivable_id": it.id, "amount": amount})
                    for it, amount in lines
                ],
                **vals,
            }
        )

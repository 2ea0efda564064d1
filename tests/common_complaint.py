from odoo.fields import Command
from odoo.tests import new_test_user

from .common_dunning import DunningCommon


class ComplaintCommon(DunningCommon):
    """Two projects with their own customer service, a department with its staff, a
    manager and finance; complaints registered through the roles' own rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cs_a = cls._create_user("cs_a", "customer_service")
        cls.cs_b = cls._create_user("cs_b", "customer_service")
        cls.finance = cls._create_user("finance_c", "finance")
        cls.project.user_ids = [Command.link(cls.cs_a.id)]
        cls.project_b = cls._create_project("翠湖花园", "CHHY", manager_id=cls.manager.id)
        cls.project_b.user_ids = [Command.set(cls.cs_b.ids)]
        cls.building_b = cls._create_building(cls.project_b, "A座", "A")
        cls.unit_b = cls._create_unit(cls.building_b, "A-1-101", state="occupied")
        cls._add_stay(cls.unit_b, cls.owner2)
        # a department (helpdesk team) and one of its staff, without any property role
        cls.engineer = new_test_user(
            cls.env,
            login="engineer_c",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "工程部", "user_ids": [Command.set(cls.engineer.ids)]}
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_engineering = Category._property_find("engineering", cls.env.company)
        cls.category_cleaning = Category._property_find("cleaning", cls.env.company)

    @classmethod
    def _vals(cls, **vals):
        """Values of a complaint; a value None leaves the field to its default/compute."""
        vals = {
            "name": "电梯经常停运",
            "description": "<p>3号电梯一周停了三次</p>",
            "partner_id": cls.owner.id,
            "unit_id": cls.unit.id,
            "category_id": cls.category_engineering.id,
            **vals,
        }
        return {key: value for key, value in vals.items() if value is not None}

    def _register(self, user=None, **vals):
        return self.env["helpdesk.ticket"].with_user(user or self.cs_a).create(self._vals(**vals))

    def _stage(self, step):
        return self.env["helpdesk.ticket.stage"].search([("property_stage", "=", step)], limit=1)

    def _flush_tracking(self):
        """End of a request: chatter tracking and stage mails are done at commit time."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _with_tracking(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))

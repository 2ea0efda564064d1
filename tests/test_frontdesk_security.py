from datetime import date

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common_dunning import DunningCommon


@tagged("post_install", "-at_install")
class TestCollectorReadsBills(DunningCommon):
    def test_collector_reads_own_projects_bills_only(self):
        own = self._bill(date(2027, 1, 15), 100.0)
        other_project = self._create_project("金桂园", "JGY")
        other_building = self._create_building(other_project, "2号楼", "2")
        other_unit = self._create_unit(other_building, "2-1-101", state="occupied")
        self._add_stay(other_unit, self.owner2)
        other = self._bill(date(2027, 1, 15), 80.0, partner=self.owner2, unit=other_unit)
        Move = self.env["account.move"].with_user(self.collector)
        values = Move.browse(own.id).read(
            ["name", "partner_id", "amount_residual", "payment_state", "invoice_line_ids"]
        )
        self.assertEqual(values[0]["amount_residual"], 100.0)
        lines = self.env["account.move.line"].with_user(self.collector).browse(own.line_ids.ids)
        lines.read(["name", "balance"])
        self.assertEqual(Move.search([("id", "in", (own | other).ids)]), own)
        with self.assertRaises(AccessError):
            Move.browse(other.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["account.move.line"].with_user(self.collector).browse(
                other.line_ids[:1].id
            ).read(["name"])
        with self.assertRaises(AccessError):
            Move.browse(own.id).write({"ref": "x"})
        # a journal entry that is not a property bill stays hidden
        misc = self.env["account.move"].create(
            {
                "move_type": "entry",
                "line_ids": [
                    Command.create({"account_id": own.line_ids[0].account_id.id, "debit": 1.0}),
                    Command.create({"account_id": own.line_ids[0].account_id.id, "credit": 1.0}),
                ],
            }
        )
        with self.assertRaises(AccessError):
            Move.browse(misc.id).read(["name"])
        # the dunning action listing the bills opens for the collector
        self._dun(date(2027, 1, 20))
        action = self._state().with_user(self.collector).last_action_id
        if action:
            action.read(["move_ids"])


@tagged("post_install", "-at_install")
class TestDisplayNames(DunningCommon):
    def test_every_model_has_a_display_name(self):
        """No model of the addon shows "model,id" in breadcrumbs: each one has a name field
        or computes its display name."""
        base = type(self.env["base"])._compute_display_name
        names = [
            name
            for name, model in self.env.registry.items()
            if model._original_module == "property_fee_collection" and not model._abstract
        ]
        self.assertGreater(len(names), 30)
        for name in names:
            Model = self.env[name]
            with self.subTest(model=name):
                rec_name = Model._rec_name
                overridden = type(Model)._compute_display_name is not base
                self.assertTrue(
                    overridden or (rec_name and rec_name in Model._fields),
                    f"{name} has no display name",
                )

    def test_dunning_state_breadcrumb(self):
        self._bill(date(2027, 1, 15), 100.0)
        self._dun(date(2027, 1, 20))
        self.assertEqual(self._state().display_name, "张伟 · 丽景苑")

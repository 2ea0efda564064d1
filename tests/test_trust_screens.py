from datetime import date

from lxml import etree

from odoo.tests import tagged

from .common_trust import TrustCommon


@tagged("post_install", "-at_install")
class TestEverydayScreens(TrustCommon):
    """Finding 5: each role's everyday forms load (as the web client reads them) without an
    access error; fields a role may not see are left out of its views."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls._dun(cls, date(2026, 1, 16))
        cls.dunning_state = cls.action.state_id
        cls.log = cls.env["property.collection.activity"].create(
            {
                "partner_id": cls.owner.id,
                "project_id": cls.project.id,
                "outcome": "b_no_date",
                "collector_id": cls.collector.id,
            }
        )

    def _spec(self, node, model, models):
        """Fields the web client reads for ``node``: the arch's own field nodes, and for
        x2many fields the fields of their inline list."""
        spec = {}
        for field_node in node.iter("field"):
            if field_node is node or self._nested(field_node, node):
                continue  # the node itself, or a field of an x2many sub-view
            fname = field_node.get("name")
            field = models[model]["fields"][fname]
            if field["type"] == "many2one":
                spec[fname] = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many") and len(field_node):
                spec[fname] = {"fields": self._spec(field_node, field["relation"], models)}
            else:
                spec[fname] = {}
        return spec

    @staticmethod
    def _nested(field_node, node):
        parent = field_node.getparent()
        while parent is not None and parent is not node:
            if parent.tag == "field":
                return True
            parent = parent.getparent()
        return False

    def _open(self, user, records, view_type="form"):
        """Load the view and read its records the way the web client does."""
        records = records.with_user(user)
        views = records.get_views([(False, view_type)])
        arch = etree.fromstring(views["views"][view_type]["arch"])
        spec = self._spec(arch, records._name, views["models"])
        if view_type == "form":
            return records.web_read(spec)
        return records.web_search_read([("id", "in", records.ids)], spec)["records"]

    def test_collector_screens(self):
        user = self.collector
        values = self._open(user, self.owner)[0]
        self.assertEqual(values["property_arrears_amount"], 300.0)
        self.assertNotIn("property_hardship_ids", values)
        self._open(user, self.env.company.partner_id)
        self._open(user, self.dunning_state)
        self._open(user, self.dunning_state, "list")
        action_values = self._open(user, self.action)[0]
        self.assertIn("move_ids", action_values, "collectors read their projects' bills")
        self.assertEqual(action_values["amount"], 300.0)
        self._open(user, self.log)
        self._open(user, self.unit)
        self._open(user, self.dunning_state.promise_ids, "list")

    def test_customer_service_screens(self):
        user = self.service
        self._open(user, self.owner)
        self._open(user, self.env.company.partner_id)
        self._open(user, self.unit)
        self._open(user, self.dunning_state)
        self.assertNotIn("move_ids", self._open(user, self.action)[0])

    def test_finance_screens(self):
        user = self.finance
        values = self._open(user, self.owner)[0]
        self.assertIn("property_hardship_ids", values)
        self.assertIn("move_ids", self._open(user, self.action)[0])
        self._open(user, self.bill)
        self._open(user, self.unit)
        self._open(user, self.dunning_state, "list")

    def test_manager_screens(self):
        user = self.manager
        self._open(user, self.owner)
        self._open(user, self.action)
        self._open(user, self.action, "list")
        self._open(user, self.dunning_state)

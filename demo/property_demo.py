import random
from datetime import timedelta

from odoo import api, fields, models

from ..tools import billing


class PropertyBillingRun(models.Model):
    """Demo history: a few months billed, most bills paid, dunning run today (demo only)."""

    _inherit = "property.billing.run"

    @api.model
    def _demo_history(self, company, months=4):
        """Bill the last ``months`` months, then replay the payments and the dunning day by
        day up to today (``property.dunning.state._demo_collection_history``)."""
        self = self.with_company(company)
        today = fields.Date.context_today(self)
        first = billing.add_months(billing.month_bounds(today)[0], -months + 1)
        rng = random.Random(20261122)
        self._demo_readings(first, months, rng)
        for offset in range(months):
            run = self.create(
                {"period_start": billing.add_months(first, offset), "company_id": company.id}
            )
            run._process()
        bills = self.env["account.move"].search(
            [("property_billing_run_id", "!=", False), ("state", "=", "posted")], order="id"
        )
        if bills:
            self.env["property.dunning.state"]._demo_collection_history(company, bills, today, rng)

    @api.model
    def _demo_readings(self, first, months, rng):
        water = self.env.ref(
            "property_fee_collection.property_project_chhy_demo", raise_if_not_found=False
        )
        if not water:
            return
        units = self.env["property.unit"].search(
            [("project_id", "=", water.id), ("unit_type", "=", "residential")]
        )
        vals = []
        for unit in units:
            reading = rng.randint(100, 900)
            vals.append(
                {
                    "unit_id": unit.id,
                    "date": first - timedelta(days=1),
                    "current_reading": reading,
                }
            )
            for offset in range(months):
                reading += rng.randint(5, 25)
                vals.append(
                    {
                        "unit_id": unit.id,
                        "date": billing.add_months(first, offset + 1) - timedelta(days=1),
                        "current_reading": reading,
                    }
                )
        self.env["property.meter.reading"].create(vals)


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _property_demo_translations(self):
        """Demo only: load this addon's translations before the demo records are created, so
        what they write once (chatter lines "收费项目 已创建", journal and product names) is in
        the installed languages; Odoo loads a module's translations after its demo data."""
        self.search([("name", "=", "property_fee_collection")])._update_translations()
        # the terms were written in SQL: read them again (model names of the chatter lines)
        self.env.invalidate_all()

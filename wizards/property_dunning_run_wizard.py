from odoo import fields, models
from odoo.exceptions import AccessError, UserError

FINANCE = "property_fee_collection.property_fee_collection_group_finance"


class PropertyDunningRunWizard(models.TransientModel):
    """Run the dunning now (the daily cron does the same)."""

    _name = "property.dunning.run.wizard"
    _description = "Run Dunning"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today)

    # === Display name (breadcrumbs, links) ===
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Run Dunning")

    def action_run(self):
        self.ensure_one()
        if self.date > fields.Date.context_today(self):
            raise UserError(self.env._("Dunning cannot be run for a day in the future."))
        if not self.env.user.has_group(FINANCE) or self.company_id not in self.env.companies:
            raise AccessError(self.env._("Only finance or a manager of the company runs dunning."))
        # the run writes levels, amounts and actions, which users cannot write directly
        actions = (
            self.env["property.dunning.state"].sudo()._run_dunning(self.company_id, self.date)
        ).sudo(False)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Dunning done: %(count)s payers escalated.", count=len(actions)
                ),
                "next": {
                    "type": "ir.actions.act_window",
                    "res_model": "property.dunning.action",
                    "views": [[False, "list"], [False, "form"]],
                    "domain": [("id", "in", actions.ids)],
                    "name": self.env._("Dunning Actions"),
                },
            },
        }

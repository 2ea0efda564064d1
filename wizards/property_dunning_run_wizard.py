from odoo import fields, models


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
        actions = self.env["property.dunning.state"]._run_dunning(self.company_id, self.date)
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

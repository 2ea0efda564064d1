from odoo import api, fields, models


class PropertyBillingRunError(models.Model):
    """A unit or payer a billing run could not bill, and why (the others are billed)."""

    _name = "property.billing.run.error"
    _description = "Billing Run Problem"
    _order = "run_id, id"

    run_id = fields.Many2one(
        "property.billing.run", string="Billing Run", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    project_id = fields.Many2one("property.project", string="Project")
    unit_id = fields.Many2one("property.unit", string="Unit")
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type")
    partner_id = fields.Many2one("res.partner", string="Payer")
    reason = fields.Text(required=True)

    # === Display name (breadcrumbs, links) ===
    @api.depends("run_id", "unit_id", "partner_id")
    def _compute_display_name(self):
        for error in self:
            error.display_name = " ".join(
                part
                for part in (error.run_id.name, error.unit_id.name or error.partner_id.name)
                if part
            )

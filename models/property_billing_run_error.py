from odoo import fields, models


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

from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    property_unit_id = fields.Many2one(
        "property.unit", string="Property Unit", index="btree_not_null", copy=False
    )
    property_fee_type_id = fields.Many2one(
        "property.fee.type", string="Fee Type", index="btree_not_null", copy=False
    )
    property_period_start = fields.Date(string="Service Period Start", copy=False)
    property_period_end = fields.Date(string="Service Period End", copy=False)

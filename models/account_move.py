from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    property_project_id = fields.Many2one(
        "property.project",
        string="Property Project",
        index="btree_not_null",
        copy=False,
        check_company=True,
        readonly=True,
        help="Set on property fee bills produced by a billing run.",
    )
    property_unit_ids = fields.Many2many(
        "property.unit",
        string="Property Units",
        compute="_compute_property_unit_ids",
        search="_search_property_unit_ids",
    )

    def _compute_property_unit_ids(self):
        for move in self:
            move.property_unit_ids = move.invoice_line_ids.property_unit_id

    def _search_property_unit_ids(self, operator, value):
        return [("invoice_line_ids.property_unit_id", operator, value)]

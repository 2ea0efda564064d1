from odoo import api, fields, models

HARDSHIP_CATEGORIES = [
    ("subsistence", "Subsistence Allowance (低保)"),
    ("disability", "Disability"),
    ("illness", "Serious Illness"),
    ("other", "Other"),
]


class PropertyHardship(models.Model):
    """特殊困难: why a payer is treated as hardship case, with the proof documents.

    Readable by finance and managers only (access rights); the team sees the partner's
    hardship flag, which pauses dunning, but not the reason or the documents. The proof
    documents are attachments of this record, so they follow the same access.
    """

    _name = "property.hardship"
    _description = "Hardship Record"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    category = fields.Selection(HARDSHIP_CATEGORIES, required=True, tracking=True)
    reason = fields.Text(required=True, tracking=True)
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="Until", tracking=True, help="Review date; empty: open.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "property_hardship_attachment_rel",
        "hardship_id",
        "attachment_id",
        string="Proof Documents",
        help="Certificate of subsistence allowance, disability card, medical records …",
    )

    _dates_check = models.Constraint(
        "CHECK (date_to IS NULL OR date_to >= date_from)",
        "The end date cannot be before the start date.",
    )

    @api.depends("partner_id", "category")
    def _compute_display_name(self):
        categories = dict(self._fields["category"]._description_selection(self.env))
        for record in self:
            record.display_name = (
                f"{record.partner_id.name} · {categories.get(record.category, '')}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._attach_proofs()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_proofs()
        return result

    def _attach_proofs(self):
        """Proofs belong to this record, so only who reads the record reads them."""
        for record in self:
            record.attachment_ids.sudo().filtered(
                lambda a, r=record: not a.res_model or (a.res_model == r._name and not a.res_id)
            ).write({"res_model": record._name, "res_id": record.id})

from odoo import api, fields, models

from ..tools.charges import Charge


class PropertyBillingRunChunk(models.Model):
    """A slice of a billing run's payers with their charges: the unit of work (and of
    commit) of the billing workers."""

    _name = "property.billing.run.chunk"
    _description = "Billing Run Chunk"
    _order = "run_id, sequence, id"
    _log_access = False

    run_id = fields.Many2one("property.billing.run", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    sequence = fields.Integer()
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("failed", "Failed")], default="todo", index=True
    )
    payer_count = fields.Integer()
    payers = fields.Json(
        help="[{project, partner, charges: [Charge as JSON, ...]}, ...] billed by this chunk."
    )

    # === Display name (breadcrumbs, links) ===
    @api.depends("run_id", "sequence")
    def _compute_display_name(self):
        for chunk in self:
            chunk.display_name = f"{chunk.run_id.name or ''} #{chunk.sequence}"

    def _payer_charges(self):
        """``{(project_id, partner_id): [Charge, ...]}`` of the chunk."""
        self.ensure_one()
        return {
            (payer["project"], payer["partner"]): [
                Charge.from_json(charge) for charge in payer["charges"]
            ]
            for payer in self.payers or []
        }

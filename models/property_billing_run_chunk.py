import json

from odoo import fields, models


class PropertyBillingRunChunk(models.Model):
    """A slice of a billing run's payers: the unit of work (and of commit) of the workers."""

    _name = "property.billing.run.chunk"
    _description = "Billing Run Chunk"
    _order = "run_id, sequence, id"
    _log_access = False

    run_id = fields.Many2one("property.billing.run", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    sequence = fields.Integer()
    state = fields.Selection([("todo", "To Do"), ("done", "Done")], default="todo", index=True)
    payer_count = fields.Integer()
    payers_json = fields.Text(help="[[project_id, partner_id], …] billed by this chunk.")
    unit_ids_json = fields.Text(help="Units whose charges may go to these payers.")

    def _payer_keys(self):
        self.ensure_one()
        return {tuple(key) for key in json.loads(self.payers_json or "[]")}

    def _unit_ids(self):
        self.ensure_one()
        return json.loads(self.unit_ids_json or "[]")

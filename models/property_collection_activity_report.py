from odoo import api, models

KPI_FIELDS = {"date", "partner_id", "project_id", "collector_id", "outcome"}


class PropertyCollectionActivity(models.Model):
    """Contacts queue the collector-KPI months they count for (report refresh)."""

    _inherit = "property.collection.activity"

    # === Indexes of the report queries ===
    _report_contact_idx = models.Index("(project_id, date)")

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._queue_kpis()
        return activities

    def write(self, vals):
        if KPI_FIELDS.isdisjoint(vals):
            return super().write(vals)
        self._queue_kpis()
        result = super().write(vals)
        self._queue_kpis()
        return result

    def unlink(self):
        self._queue_kpis()
        return super().unlink()

    def _queue_kpis(self):
        if self:
            self.env.flush_all()
            self.env["property.collector.kpi.summary"].sudo()._queue_contacts(self.ids)

from odoo import api, models

KPI_FIELDS = {"date", "state", "amount", "collector_id", "project_id"}


class PropertyPaymentPromise(models.Model):
    """Promises queue the collector-KPI month they count for (report refresh)."""

    _inherit = "property.payment.promise"

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        promises._queue_kpis()
        return promises

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
            self.env["property.collector.kpi.summary"].sudo()._queue_promises(self.ids)

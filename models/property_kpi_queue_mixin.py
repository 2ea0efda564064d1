from odoo import api, models


class PropertyKpiQueueMixin(models.AbstractModel):
    """Records the collector KPIs count (contacts, promises) queue the KPI months they touch
    when they are created, deleted or change a field the KPIs read, so that the report
    summaries follow (``report/property_collector_kpi_summary.py``).

    A model sets ``_kpi_fields`` (the fields the KPIs read) and ``_kpi_queue_method`` (the
    summary's method that queues the months of a list of its ids).
    """

    _name = "property.kpi.queue.mixin"
    _description = "Collector KPI Queue"
    _kpi_fields = frozenset()
    _kpi_queue_method = None

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._queue_kpis()
        return records

    def write(self, vals):
        if self._kpi_fields.isdisjoint(vals):
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
            summary = self.env["property.collector.kpi.summary"].sudo()
            getattr(summary, self._kpi_queue_method)(self.ids)

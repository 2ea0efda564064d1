from odoo import api, models


class PropertyReceivable(models.Model):
    """The ledger tells the report summaries which slices changed.

    Every write of the ledger goes through ``_sync_moves`` (posting, draft, cancel) or
    ``_refresh_allocations`` (any reconciliation change); both queue the slices (project ×
    service month) of the bills' items and the collector-KPI months of their payments —
    before the change (what disappears) and after it (what appears).
    """

    _inherit = "property.receivable"

    # === Indexes of the report queries ===
    # slices of the summary refresh
    _report_period_idx = models.Index("(project_id, period_start)")
    # arrears list of a building
    _report_building_idx = models.Index("(building_id, due_date)")
    # aging by payer: the unpaid items, oldest due date first
    _report_unpaid_idx = models.Index("(due_date, id) WHERE state = 'open' AND residual > 0")

    @api.model
    def _sync_moves(self, moves):
        bills = self._property_bills(moves)
        if bills:
            self.env.flush_all()
            self.env["property.receivable.summary"].sudo()._queue_bills(bills.ids)
        return super()._sync_moves(moves)

    @api.model
    def _refresh_allocations(self, bill_ids):
        if bill_ids:
            # the KPI months of the payments about to be re-allocated (or removed)
            self.env.flush_all()
            self.env["property.collector.kpi.summary"].sudo()._queue_payments(bill_ids)
        result = super()._refresh_allocations(bill_ids)
        if bill_ids:
            self.env["property.receivable.summary"].sudo()._queue_bills(bill_ids)
        return result

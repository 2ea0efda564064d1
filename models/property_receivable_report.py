from odoo import api, models


class PropertyReceivable(models.Model):
    """The ledger tells the report summary which slices (project × service month) changed.

    Every write of the ledger goes through ``_sync_moves`` (posting, draft, cancel) or
    ``_refresh_allocations`` (any reconciliation change); both queue the slices of the
    bills' items — before the change (items that disappear) and after it (items that appear).
    """

    _inherit = "property.receivable"

    # === Indexes of the report queries ===
    # slices of the summary refresh
    _report_period_idx = models.Index("(project_id, period_start)")

    @api.model
    def _sync_moves(self, moves):
        bills = self._property_bills(moves)
        if bills:
            self.env.flush_all()
            self.env["property.receivable.summary"].sudo()._queue_bills(bills.ids)
        return super()._sync_moves(moves)

    @api.model
    def _refresh_allocations(self, bill_ids):
        result = super()._refresh_allocations(bill_ids)
        if bill_ids:
            self.env["property.receivable.summary"].sudo()._queue_bills(bill_ids)
        return result

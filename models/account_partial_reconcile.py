from odoo import api, models


class AccountPartialReconcile(models.Model):
    """Every reconciliation that touches a property bill re-allocates its ledger items."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._property_refresh_ledger()
        return partials

    def unlink(self):
        bills = self._property_bills()
        if bills:
            # the collector-KPI months of the payments about to be unreconciled
            self.env.flush_all()
            self.env["property.collector.kpi.summary"].sudo()._queue_payments(bills.ids)
        res = super().unlink()
        self.env["property.receivable"]._refresh_allocations(bills.exists().ids)
        return res

    def _property_bills(self):
        moves = (self.debit_move_id | self.credit_move_id).move_id
        return self.env["property.receivable"]._property_bills(moves)

    def _property_refresh_ledger(self):
        self.env["property.receivable"]._refresh_allocations(self._property_bills().ids)

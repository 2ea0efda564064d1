from collections import defaultdict

from odoo import api, models

from ..tools.rmb import amount_to_chinese


class ReportPropertyPortalReceipt(models.AbstractModel):
    """收据 of one payment as the owner portal prints it: the ledger items the payment
    settled (unit, item, service period, amount), what is left as a prepayment, and the
    amount in Chinese financial numerals.

    Portal-only for now: the cashier's receipt report is built separately and the two are
    meant to be unified.
    """

    _name = "report.property_fee_collection.report_property_portal_receipt"
    _description = "Property Payment Receipt (Portal)"

    @api.model
    def _get_report_values(self, docids, data=None):
        payments = self.env["account.payment"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "account.payment",
            "docs": payments,
            "items": self._settled_items(payments),
            "uppercase": amount_to_chinese,
        }

    @api.model
    def _settled_items(self, payments):
        """``{payment_id: [(ledger item, amount settled), ...]}``: allocations of the
        payment's reconciliations to the payer's own ledger items."""
        moves = payments.move_id
        allocations = self.env["property.receivable.allocation"].search(
            [
                ("kind", "=", "payment"),
                ("partial_id.credit_move_id.move_id", "in", moves.ids),
            ]
        )
        result = defaultdict(list)
        for allocation in allocations.sorted(lambda a: (a.date, a.id)):
            payment = allocation.partial_id.credit_move_id.move_id.origin_payment_id
            if allocation.partner_id == payment.partner_id.commercial_partner_id:
                result[payment.id].append((allocation.receivable_id, allocation.amount))
        return result

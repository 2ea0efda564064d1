from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # a billed unit or fee type cannot be deleted (archive it): the line keeps them
    property_unit_id = fields.Many2one(
        "property.unit",
        string="Property Unit",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
    )
    property_fee_type_id = fields.Many2one(
        "property.fee.type",
        string="Fee Type",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
    )
    property_period_start = fields.Date(string="Service Period Start", copy=False)
    property_period_end = fields.Date(string="Service Period End", copy=False)
    property_billing_line = fields.Boolean(
        string="Billed Fee Line",
        copy=False,
        help="Created by a billing run for one unit, fee type and service period.",
    )
    property_billed = fields.Boolean(
        string="Counts as Billed",
        compute="_compute_property_billed",
        store=True,
        copy=False,
        help="A billed fee line of a bill that is neither cancelled nor fully reversed: its "
        "unit, fee type and period cannot be billed again.",
    )

    property_late_fee_line = fields.Boolean(string="Late Fee Line", copy=False)
    property_late_fee_source_id = fields.Many2one(
        "account.move.line",
        string="Late Fee On",
        copy=False,
        index="btree_not_null",
        help="The billed fee line whose overdue principal this late fee is charged on.",
    )

    # === Credit notes against chosen ledger items (waivers, 减免) ===
    property_credit_receivable_id = fields.Many2one(
        "property.receivable",
        string="Credits Ledger Item",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="On a credit-note line: the ledger item this line credits, by exactly its "
        "amount (the ledger settles it first with the credit note).",
    )

    # One billed line per unit, fee type and service period, enforced by the database.
    _property_billing_uniq = models.UniqueIndex(
        "(property_unit_id, property_fee_type_id, property_period_start) "
        "WHERE property_billed IS TRUE",
        "This unit was already billed for this fee type and service period.",
    )

    # One late-fee accrual per billed line and month.
    _property_late_fee_uniq = models.UniqueIndex(
        "(property_late_fee_source_id, property_period_start) "
        "WHERE property_late_fee_line IS TRUE AND parent_state != 'cancel'",
        "A late fee was already charged on this bill line for this period.",
    )

    @api.model
    def _property_has_lines(self, domain):
        """Whether any journal item (of any company, any state) matches ``domain``: used to
        refuse deleting what was billed, also for users who cannot read the bills."""
        return bool(self.sudo().with_context(active_test=False).search_count(domain, limit=1))

    @api.depends("property_billing_line", "parent_state", "move_id.payment_state")
    def _compute_property_billed(self):
        for line in self:
            line.property_billed = (
                line.property_billing_line
                and line.parent_state != "cancel"
                and line.move_id.payment_state != "reversed"
            )

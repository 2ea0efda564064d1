from odoo import Command, api, fields, models
from odoo.exceptions import UserError


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

    # === Front desk: reconcile exact amounts (收费台) ===
    @api.model
    def _property_reconcile_amounts(self, pairs):
        """Reconcile ``[(debit_line, credit_line, amount)]`` for exactly these amounts.

        Odoo's ``reconcile()`` gives a credit to the debits in order until it is used up; a
        payment that pays only some items of several bills needs each bill to receive exactly
        the chosen amount, so the partials are made here with explicit amounts, the way
        ``_reconcile_plan_with_sync`` makes them for lines in the company currency (the
        property bills' currency): same checks, same hooks (invoice paid hook, cash-basis
        taxes, full reconciliation when everything in the matching is settled).
        """
        pairs = [(debit, credit, amount) for debit, credit, amount in pairs if amount > 0]
        if not pairs:
            return self.env["account.partial.reconcile"]
        lines = self.browse()
        for debit, credit, _amount in pairs:
            lines |= debit | credit
        if len(lines.currency_id | lines.company_currency_id) > 1:
            raise UserError(
                self.env._("Only entries in the company currency can be reconciled here.")
            )
        lines._check_amls_exigibility_for_reconciliation()
        # journal-item level, as core's reconciliation checks it (the payment's line is no
        # ledger item); the chosen amounts themselves come from the ledger
        left = {line: abs(line.amount_residual) for line in lines}
        currency = lines.company_currency_id
        vals_list = []
        for debit, credit, amount in pairs:
            if currency.compare_amounts(amount, min(left[debit], left[credit])) > 0:
                raise UserError(
                    self.env._(
                        "%(amount)s is more than is left to reconcile on %(bill)s.",
                        amount=amount,
                        bill=debit.move_id.display_name,
                    )
                )
            left[debit] -= amount
            left[credit] -= amount
            vals_list.append(
                {
                    "debit_move_id": debit.id,
                    "credit_move_id": credit.id,
                    "amount": amount,
                    "debit_amount_currency": amount,
                    "credit_amount_currency": amount,
                }
            )
        container = {"records": lines.move_id}
        with (
            lines.move_id._check_balanced(container),
            lines.move_id._sync_dynamic_lines(container),
        ):
            pre_hook = lines._reconcile_pre_hook()
            partials = self.env["account.partial.reconcile"].create(vals_list)
            if any(lines.company_id.mapped("tax_exigibility")):
                partials._create_tax_cash_basis_moves()
            involved = lines._all_reconciled_lines()
            if all(line.reconciled for line in involved) and not involved.full_reconcile_id:
                self.env["account.full.reconcile"].create(
                    {
                        "partial_reconcile_ids": [
                            Command.link(partial.id)
                            for partial in involved.matched_debit_ids | involved.matched_credit_ids
                        ],
                        "reconciled_line_ids": [Command.link(line.id) for line in involved],
                    }
                )
            lines._reconcile_post_hook(pre_hook)
        return partials

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools import ledger

_logger = logging.getLogger(__name__)

STATES = [
    ("open", "Open"),
    ("paid", "Paid"),
    ("waived", "Waived"),
    ("written_off", "Written Off"),
    ("reversed", "Reversed"),
]
# what reached a ledger item, by the kind of entry it came from
# SQL types of the columns written by ``_insert_items``
ITEM_TYPES = {
    "move_line_id": "int",
    "move_id": "int",
    "company_id": "int",
    "partner_id": "int",
    "project_id": "int",
    "building_id": "int",
    "unit_id": "int",
    "fee_type_id": "int",
    "period_start": "date",
    "period_end": "date",
    "due_date": "date",
    "is_late_fee": "bool",
    "source_line_id": "int",
    "amount": "numeric",
    "residual": "numeric",
}
KINDS = [
    ("payment", "Payment"),
    ("credit_note", "Credit Note"),
    ("waiver", "Waiver"),
    ("write_off", "Write-off"),
]


class PropertyReceivable(models.Model):
    """应收台账: one row per billed item — a unit's fee for a service period, or a late fee.

    THE definition of what is owed. Rows are kept by the system only: created when a property
    bill is posted, removed when it goes back to draft or is cancelled, and their payments
    re-allocated whenever the bill's reconciliation changes (payments, credit notes, waivers,
    write-offs, reversals, unreconciliation). For every bill the rows' residuals add up to the
    bill's residual (see ``_check_ledger``).

    Payments reach a bill through Odoo's reconciliation; inside the bill they settle the items
    the cashier chose (``account.payment.property_receivable_ids``), then the others by the
    company's rule (``res.company.property_allocation_rule``): oldest service period first,
    then fee-type priority — or the other way round.
    """

    _name = "property.receivable"
    _description = "Receivable Ledger Item"
    _order = "due_date, period_start, id"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "unit_id.name", "move_id.name"]

    # === Fields ===
    move_line_id = fields.Many2one(
        "account.move.line", string="Bill Line", required=True, readonly=True, ondelete="cascade"
    )
    move_id = fields.Many2one(
        "account.move", string="Bill", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Payer", readonly=True, index=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True, index=True)
    building_id = fields.Many2one("property.building", string="Building", readonly=True)
    unit_id = fields.Many2one("property.unit", string="Unit", readonly=True, index=True)
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type", readonly=True)
    period_start = fields.Date(string="Service Period Start", readonly=True)
    period_end = fields.Date(string="Service Period End", readonly=True)
    due_date = fields.Date(readonly=True, index=True)
    is_late_fee = fields.Boolean(string="Late Fee", readonly=True)
    source_line_id = fields.Many2one(
        "account.move.line",
        string="Late Fee On",
        readonly=True,
        index="btree_not_null",
        help="The billed line whose overdue principal this late fee is charged on.",
    )
    amount = fields.Monetary(readonly=True, help="Tax included, net of discounts.")
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    amount_credited = fields.Monetary(
        string="Credited", readonly=True, help="Credit notes and waivers."
    )
    amount_written_off = fields.Monetary(string="Written Off", readonly=True)
    residual = fields.Monetary(string="Unpaid", readonly=True)
    last_payment_date = fields.Date(readonly=True)
    state = fields.Selection(STATES, default="open", required=True, readonly=True, index=True)
    allocation_ids = fields.One2many(
        "property.receivable.allocation", "receivable_id", string="Settled By", readonly=True
    )

    # === Constraints and indexes ===
    _move_line_uniq = models.Constraint("UNIQUE (move_line_id)", "A bill line is one ledger item.")
    _open_idx = models.Index("(company_id, partner_id, project_id) WHERE state = 'open'")

    @api.depends("unit_id", "fee_type_id", "period_start", "period_end", "is_late_fee")
    def _compute_display_name(self):
        for item in self:
            parts = [item.unit_id.name, item.fee_type_id.name]
            if item.period_start:
                parts.append(f"{item.period_start}~{item.period_end}")
            if item.is_late_fee:
                parts.append(self.env._("late fee"))
            item.display_name = " ".join(part for part in parts if part)

    # === Queries every other part reads ===
    @api.model
    def _open_domain(self, partners=None, company=None):
        domain = [("state", "=", "open")]
        if partners is not None:
            domain.append(("partner_id", "in", partners.commercial_partner_id.ids))
        if company is not None:
            domain.append(("company_id", "=", company.id))
        return domain

    @api.model
    def _open_bill_lines(self, partners, companies, project=None):
        """The receivable journal items still to settle of the payers' bills that the ledger
        says are open, oldest due date first: what a credit (advance payment, compensation)
        is reconciled with."""
        domain = self._open_domain(partners) + [
            ("company_id", "in", companies.ids),
            ("residual", ">", 0),
        ]
        if project is not None:
            domain.append(("project_id", "=", project.id))
        bills = self.sudo().search(domain, order="due_date, id").move_id
        return bills.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        ).sorted(lambda line: (line.date_maturity, line.id))

    @api.model
    def _residual_by_bill(self, bills):
        """``{bill: what the ledger says is still owed on it}``."""
        rows = self.sudo()._read_group(
            [("move_id", "in", bills.ids)], ["move_id"], ["residual:sum"]
        )
        return {bill: residual for bill, residual in rows}

    @api.model
    def _arrears_by_partner(self, partners, today):
        """``{partner_id: (open, overdue, oldest overdue due date)}`` (commercial partners)."""
        result = defaultdict(lambda: [0.0, 0.0, False])
        for partner, due, residual in self._read_group(
            self._open_domain(partners), ["partner_id", "due_date:day"], ["residual:sum"]
        ):
            row = result[partner.id]
            row[0] += residual
            if due and due < today:
                row[1] += residual
                row[2] = min(row[2] or due, due)
        return result

    @api.model
    def _dunning_rows(self, company, today, partners=None):
        """Open items per (payer, project) for the dunning run (one query).

        ``{(partner_id, project_id): {open, overdue, principal_open, principal_overdue,
        oldest, move_ids, unit_ids}}``; ``oldest`` is the oldest due date of the principal
        still open (of the late fees when only late fees are open). ``partners``: only these
        payers (commercial partners), e.g. right after they paid online.
        """
        self.env.flush_all()
        partner_filter = SQL("TRUE")
        if partners is not None:
            partner_filter = SQL("partner_id = ANY(%s)", partners.commercial_partner_id.ids)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner_id, project_id,
                       SUM(residual),
                       COALESCE(SUM(residual) FILTER (WHERE due_date < %(today)s), 0),
                       COALESCE(SUM(residual) FILTER (WHERE NOT is_late_fee), 0),
                       COALESCE(SUM(residual)
                                FILTER (WHERE NOT is_late_fee AND due_date < %(today)s), 0),
                       COALESCE(MIN(due_date) FILTER (WHERE NOT is_late_fee), MIN(due_date)),
                       ARRAY_AGG(DISTINCT move_id),
                       ARRAY_REMOVE(ARRAY_AGG(DISTINCT unit_id), NULL)
                  FROM property_receivable
                 WHERE company_id = %(company)s AND state = 'open' AND residual > 0
                   AND project_id IS NOT NULL AND partner_id IS NOT NULL AND %(partners)s
              GROUP BY partner_id, project_id
                """,
                today=today,
                company=company.id,
                partners=partner_filter,
            )
        )
        keys = (
            "open",
            "overdue",
            "principal_open",
            "principal_overdue",
            "oldest",
            "move_ids",
            "unit_ids",
        )
        result = {}
        for partner_id, project_id, *values in rows:
            row = dict(zip(keys, values, strict=True))
            for key in keys[:4]:
                row[key] = float(row[key])
            row["move_ids"] = sorted(row["move_ids"])
            row["unit_ids"] = sorted(row["unit_ids"])
            result[partner_id, project_id] = row
        return result

    @api.model
    def _paid_between(self, keys):
        """Payments that reached each (partner, project) in a date range, from the ledger.

        ``keys``: ``{key: (partner_id, project_id, date_from, date_to)}``; returns
        ``{key: amount}``. Only payments of property items count (not credit notes, not
        other debts, not other companies' projects).
        """
        if not keys:
            return {}
        self.env.flush_all()
        values = SQL(", ").join(
            SQL("(%s, %s, %s, %s::date, %s::date)", key, *spec) for key, spec in keys.items()
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT v.key, COALESCE(SUM(a.amount), 0)
                     FROM (VALUES %s) AS v(key, partner, project, date_from, date_to)
                     JOIN property_receivable r
                       ON r.partner_id = v.partner AND r.project_id = v.project
                     JOIN property_receivable_allocation a ON a.receivable_id = r.id
                    WHERE a.kind = 'payment' AND a.date BETWEEN v.date_from AND v.date_to
                 GROUP BY v.key""",
                values,
            )
        )
        return {key: float(amount) for key, amount in rows}

    # === Keeping the ledger in line with the bills ===
    @api.model
    def _property_bills(self, moves):
        return moves.filtered(lambda m: m.move_type == "out_invoice" and m.property_project_id)

    @api.model
    def _sync_moves(self, moves, fresh=False):
        """Items for the posted property bills among ``moves``, none for the others, and
        their allocations refreshed. Set-based: a few queries for any number of bills.

        ``fresh``: bills just posted that nothing has reached yet (the copies of a late-fee
        run): no allocation to compute."""
        bills = self._property_bills(moves)
        if not bills:
            return
        self = self.sudo()
        self.env.flush_all()
        # the report summaries recompute the slices of these bills (what disappears)
        self.env["property.receivable.summary"]._queue_bills(bills.ids)
        posted = bills.filtered(lambda m: m.state == "posted")
        self.search([("move_id", "in", (bills - posted).ids)]).unlink()
        for chunk in split_every(5000, posted.ids, list):
            self._write_items(self.env["account.move"].browse(chunk))
            if not fresh:
                self._refresh_allocations(chunk)

    def _write_items(self, bills):
        """Create, update or remove the items of posted bills from their product lines."""
        lines = self.env.execute_query(
            SQL(
                """SELECT l.id, l.move_id, l.price_total, l.property_fee_type_id,
                          l.property_billing_line OR l.property_late_fee_line,
                          l.property_late_fee_line, l.property_unit_id,
                          l.property_period_start, l.property_period_end,
                          l.property_late_fee_source_id
                     FROM account_move_line l
                    WHERE l.move_id = ANY(%s) AND l.display_type = 'product'
                 ORDER BY l.move_id, l.id""",
                bills.ids,
            )
        )
        by_bill = defaultdict(list)
        for row in lines:
            by_bill[row[1]].append(row)
        existing = {
            line_id: (item_id, amount)
            for item_id, line_id, amount in self.env.execute_query(
                SQL(
                    "SELECT id, move_line_id, amount FROM property_receivable "
                    "WHERE move_id = ANY(%s)",
                    bills.ids,
                )
            )
        }
        units = {
            unit.id: unit.building_id.id
            for unit in self.env["property.unit"].browse({r[6] for r in lines if r[6]})
        }
        to_create, to_update, keep = [], [], set()
        for bill in bills:
            rows = by_bill.get(bill.id, [])
            amounts = ledger.bill_items(
                [
                    ledger.Line(
                        r[0], ledger.to_cents(r[2]), r[3], bool(r[4]) or (not r[3] and r[2] > 0)
                    )
                    for r in rows
                ],
                ledger.to_cents(bill.amount_total),
            )
            for line_id, cents in amounts.items():
                amount = float(ledger.from_cents(cents))
                keep.add(line_id)
                if line_id in existing:
                    item_id, old = existing[line_id]
                    if ledger.to_cents(old) != cents:
                        to_update.append((item_id, amount))
                    continue
                row = next(r for r in rows if r[0] == line_id)
                to_create.append(self._item_vals(bill, row, amount, units))
        stale = [item_id for line_id, (item_id, _a) in existing.items() if line_id not in keep]
        self.browse(stale).unlink()
        for item_id, amount in to_update:
            self.browse(item_id).write({"amount": amount})
        self._insert_items(to_create)

    def _insert_items(self, vals_list):
        """Insert new items with one statement per 5000, one array per column (billing
        writes thousands at once; the values are plain copies of the bill's, see
        ``_item_vals``)."""
        columns = list(vals_list[0]) if vals_list else []
        for chunk in split_every(5000, vals_list, list):
            self.env.cr.execute(
                SQL(
                    """INSERT INTO property_receivable
                           (%s, state, amount_paid, amount_credited, amount_written_off,
                            create_uid, write_uid, create_date, write_date)
                       SELECT v.*, 'open', 0, 0, 0, %s, %s, NOW() AT TIME ZONE 'UTC',
                              NOW() AT TIME ZONE 'UTC'
                         FROM unnest(%s) AS v""",
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    self.env.uid,
                    self.env.uid,
                    SQL(", ").join(
                        SQL(
                            "%s::%s[]",
                            [
                                None
                                if vals[column] is False and ITEM_TYPES[column] != "bool"
                                else vals[column]
                                for vals in chunk
                            ],
                            SQL(ITEM_TYPES[column]),
                        )
                        for column in columns
                    ),
                )
            )
        if vals_list:
            self.invalidate_model()

    def _item_vals(self, bill, row, amount, units):
        line_id, _move, _total, fee_type_id, _item, is_late_fee, unit_id, start, end, source = row
        return {
            "move_line_id": line_id,
            "move_id": bill.id,
            "company_id": bill.company_id.id,
            "partner_id": bill.commercial_partner_id.id,
            "project_id": bill.property_project_id.id,
            "building_id": units.get(unit_id),
            "unit_id": unit_id,
            "fee_type_id": fee_type_id,
            "period_start": start,
            "period_end": end,
            "due_date": bill.invoice_date_due,
            "is_late_fee": bool(is_late_fee),
            "source_line_id": source,
            "amount": amount,
            "residual": amount,
        }

    @api.model
    def _refresh_allocations(self, bill_ids):
        """Re-allocate what reached these bills to their items (see ``tools.ledger``), and
        queue for the report summaries the collector-KPI months of their payments before the
        change (what disappears) and the bills' slices after it (what appears)."""
        if not bill_ids:
            return
        self = self.sudo()
        self.env.flush_all()
        self.env["property.collector.kpi.summary"]._queue_payments(bill_ids)
        self._allocate_items(bill_ids)
        self.env["property.receivable.summary"]._queue_bills(bill_ids)

    def _allocate_items(self, bill_ids):
        items = self.env.execute_query(
            SQL(
                """SELECT r.id, r.move_id, r.amount, r.period_start,
                          COALESCE(f.collection_priority, 100), c.property_allocation_rule,
                          m.payment_state
                     FROM property_receivable r
                     JOIN account_move m ON m.id = r.move_id
                     JOIN res_company c ON c.id = r.company_id
                LEFT JOIN property_fee_type f ON f.id = r.fee_type_id
                    WHERE r.move_id = ANY(%s)""",
                bill_ids,
            )
        )
        if not items:
            return
        chosen = defaultdict(list)
        for item_id, move_id in self.env.execute_query(
            SQL(
                """SELECT rel.receivable_id, p.move_id
                     FROM account_payment_property_receivable_rel rel
                     JOIN account_payment p ON p.id = rel.payment_id
                    WHERE rel.receivable_id = ANY(%s) AND p.move_id IS NOT NULL""",
                [row[0] for row in items],
            )
        ):
            chosen[item_id].append(move_id)
        # credit notes whose lines credit an exact amount of chosen items (waivers)
        limits = defaultdict(dict)
        for item_id, move_id, amount in self.env.execute_query(
            SQL(
                """SELECT l.property_credit_receivable_id, l.move_id, SUM(l.price_total)
                     FROM account_move_line l
                    WHERE l.property_credit_receivable_id = ANY(%s)
                      AND l.parent_state = 'posted'
                 GROUP BY l.property_credit_receivable_id, l.move_id""",
                [row[0] for row in items],
            )
        ):
            chosen[item_id].append(move_id)
            limits[item_id][move_id] = ledger.to_cents(amount)
        receipts = self._receipts(bill_ids)
        by_bill = defaultdict(list)
        for row in items:
            by_bill[row[1]].append(row)
        allocations, totals = [], {}
        for bill_id, rows in by_bill.items():
            result = ledger.allocate(
                [
                    ledger.Item(
                        row[0],
                        ledger.to_cents(row[2]),
                        ledger.item_order(row[5], row[3], row[4], row[0]),
                        tuple(chosen.get(row[0], ())),
                        limits.get(row[0]),
                    )
                    for row in rows
                ],
                receipts.get(bill_id, []),
            )
            allocations += result
            for row in rows:
                totals[row[0]] = (row[2], row[6], [a for a in result if a.item == row[0]])
        self._write_allocations(list(totals), allocations)
        self._write_totals(totals)

    def _receipts(self, bill_ids):
        """``{bill_id: [Receipt, ...]}``: the partial reconciliations of the bills' receivable
        lines, in the order they were made, with the kind of entry they came from."""
        rows = self.env.execute_query(
            SQL(
                """SELECT l.move_id, p.id, p.amount, p.max_date, cm.id, cm.move_type,
                          cm.origin_payment_id IS NOT NULL OR cm.statement_line_id IS NOT NULL
                              OR j.type IN ('bank', 'cash', 'credit'),
                          cm.property_waiver
                     FROM account_partial_reconcile p
                     JOIN account_move_line l ON l.id = p.debit_move_id
                     JOIN account_move_line cl ON cl.id = p.credit_move_id
                     JOIN account_move cm ON cm.id = cl.move_id
                     JOIN account_journal j ON j.id = cm.journal_id
                    WHERE l.move_id = ANY(%s) AND l.display_type = 'payment_term'
                 ORDER BY p.id""",
                bill_ids,
            )
        )
        receipts = defaultdict(list)
        for bill_id, partial_id, amount, day, move_id, move_type, is_payment, waiver in rows:
            if waiver:
                kind = "waiver"
            elif move_type == "out_refund":
                kind = "credit_note"
            elif is_payment:
                kind = "payment"
            else:
                kind = "write_off"
            receipts[bill_id].append(
                ledger.Receipt(partial_id, ledger.to_cents(amount), day, kind, move_id)
            )
        return receipts

    def _write_allocations(self, item_ids, allocations):
        Allocation = self.env["property.receivable.allocation"]
        Allocation.flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM property_receivable_allocation WHERE receivable_id = ANY(%s)",
                item_ids,
            )
        )
        for chunk in split_every(5000, allocations, list):
            self.env.cr.execute(
                SQL(
                    """INSERT INTO property_receivable_allocation
                           (receivable_id, partial_id, amount, date, kind,
                            company_id, partner_id, project_id)
                       SELECT v.item, v.partial, v.amount, v.date, v.kind,
                              r.company_id, r.partner_id, r.project_id
                         FROM (VALUES %s) AS v(item, partial, amount, date, kind)
                         JOIN property_receivable r ON r.id = v.item""",
                    SQL(", ").join(
                        SQL(
                            "(%s, %s, %s::numeric, %s::date, %s)",
                            a.item,
                            a.receipt,
                            ledger.from_cents(a.cents),
                            a.date,
                            a.kind,
                        )
                        for a in chunk
                    ),
                )
            )
        Allocation.invalidate_model()
        self.invalidate_model(["allocation_ids"])

    def _write_totals(self, totals):
        """Paid, credited, written off, residual, state and last payment date of the items
        (one UPDATE per 5000 items)."""
        values = []
        for item_id, (amount, payment_state, allocations) in totals.items():
            sums = defaultdict(int)
            for allocation in allocations:
                sums[allocation.kind] += allocation.cents
            residual = ledger.to_cents(amount) - sum(sums.values())
            paid = sums["payment"]
            if residual > 0:
                state = "open"
            elif sums["waiver"] and not paid:
                state = "waived"
            elif payment_state == "reversed":
                state = "reversed"
            elif paid:
                state = "paid"
            elif sums["write_off"]:
                state = "written_off"
            else:
                state = "waived"
            last = max((a.date for a in allocations if a.kind == "payment"), default=None)
            values.append(
                SQL(
                    "(%s, %s::numeric, %s::numeric, %s::numeric, %s::numeric, %s, %s::date)",
                    item_id,
                    ledger.from_cents(paid),
                    ledger.from_cents(sums["credit_note"] + sums["waiver"]),
                    ledger.from_cents(sums["write_off"]),
                    ledger.from_cents(residual),
                    state,
                    last,
                )
            )
        for chunk in split_every(5000, values, list):
            self.env.cr.execute(
                SQL(
                    """UPDATE property_receivable r
                          SET amount_paid = v.paid, amount_credited = v.credited,
                              amount_written_off = v.written_off, residual = v.residual,
                              state = v.state, last_payment_date = v.last
                         FROM (VALUES %s) AS v(id, paid, credited, written_off, residual,
                                                state, last)
                        WHERE r.id = v.id""",
                    SQL(", ").join(chunk),
                )
            )
        self.invalidate_model(
            [
                "amount_paid",
                "amount_credited",
                "amount_written_off",
                "residual",
                "state",
                "last_payment_date",
            ]
        )

    # === Rebuild and check (upgrade, check command) ===
    @api.model
    def _rebuild(self, companies=None):
        """Build the ledger of every posted property bill from scratch (module upgrade)."""
        domain = [("move_type", "=", "out_invoice"), ("property_project_id", "!=", False)]
        if companies:
            domain.append(("company_id", "in", companies.ids))
        bills = self.env["account.move"].sudo().search(domain, order="id")
        for chunk in split_every(2000, bills.ids, list):
            self._sync_moves(self.env["account.move"].sudo().browse(chunk))
        _logger.info("receivable ledger rebuilt for %s bills", len(bills))
        return len(bills)

    @api.model
    def _check_ledger(self, companies=None):
        """Problems of the ledger, as sentences (empty: it is exact).

        For every posted property bill the items' residuals add up to the bill's
        ``amount_residual``; for every payer, the items' residual equals the receivable
        balance of the payer's property bills; bills that are not posted have no items.
        """
        self.env.flush_all()
        company_filter = SQL("TRUE")
        if companies:
            company_filter = SQL("m.company_id = ANY(%s)", companies.ids)
        problems = []
        for name, expected, actual in self.env.execute_query(
            SQL(
                """SELECT m.name, m.amount_residual, COALESCE(SUM(r.residual), 0)
                     FROM account_move m
                LEFT JOIN property_receivable r ON r.move_id = m.id
                    WHERE m.move_type = 'out_invoice' AND m.property_project_id IS NOT NULL
                      AND m.state = 'posted' AND %s
                 GROUP BY m.id
                   HAVING ROUND(m.amount_residual, 2) != ROUND(COALESCE(SUM(r.residual), 0), 2)""",
                company_filter,
            )
        ):
            problems.append(
                self.env._(
                    "Bill %(bill)s: unpaid %(expected)s, ledger items %(actual)s.",
                    bill=name,
                    expected=expected,
                    actual=actual,
                )
            )
        for partner, expected, actual in self.env.execute_query(
            SQL(
                """WITH bills AS (
                        SELECT m.commercial_partner_id AS partner, SUM(l.amount_residual) AS due
                          FROM account_move m
                          JOIN account_move_line l ON l.move_id = m.id
                         WHERE m.move_type = 'out_invoice' AND m.property_project_id IS NOT NULL
                           AND m.state = 'posted' AND l.display_type = 'payment_term' AND %s
                      GROUP BY m.commercial_partner_id),
                   items AS (
                        SELECT r.partner_id AS partner, SUM(r.residual) AS due
                          FROM property_receivable r
                          JOIN account_move m ON m.id = r.move_id
                         WHERE %s
                      GROUP BY r.partner_id)
                SELECT p.name, COALESCE(b.due, 0), COALESCE(i.due, 0)
                  FROM bills b FULL JOIN items i ON i.partner = b.partner
                  JOIN res_partner p ON p.id = COALESCE(b.partner, i.partner)
                 WHERE ROUND(COALESCE(b.due, 0), 2) != ROUND(COALESCE(i.due, 0), 2)""",
                company_filter,
                company_filter,
            )
        ):
            problems.append(
                self.env._(
                    "Payer %(payer)s: receivable %(expected)s, ledger %(actual)s.",
                    payer=partner,
                    expected=expected,
                    actual=actual,
                )
            )
        for (name,) in self.env.execute_query(
            SQL(
                """SELECT DISTINCT m.name FROM property_receivable r
                     JOIN account_move m ON m.id = r.move_id
                    WHERE m.state != 'posted' AND %s""",
                company_filter,
            )
        ):
            problems.append(self.env._("Bill %(bill)s is not posted but has items.", bill=name))
        return problems

    def action_check_ledger(self):
        """Button for managers: check the ledger of the current companies."""
        problems = self._check_ledger(self.env.companies)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "danger" if problems else "success",
                "sticky": bool(problems),
                "message": "\n".join(problems[:20])
                if problems
                else self.env._("The receivable ledger matches the bills."),
            },
        }

    # ===== Indexes of the report queries =====
    # (the ledger tells the report summaries which slices changed from ``_sync_moves`` and
    # ``_refresh_allocations``, above)

    _report_period_idx = models.Index("(project_id, period_start)")
    # arrears list of a building
    _report_building_idx = models.Index("(building_id, due_date)")
    # aging by payer: the unpaid items, oldest due date first
    _report_unpaid_idx = models.Index("(due_date, id) WHERE state = 'open' AND residual > 0")

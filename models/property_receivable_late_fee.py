import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import billing, late_fee
from ..tools.charges import Charge
from .account_journal import write_translations

_logger = logging.getLogger(__name__)

LATE_FEE_DUE_DAYS = 15


class PropertyReceivable(models.Model):
    """Monthly late fees (滞纳金) computed from the receivable ledger, day by day.

    Each ledger item overdue in the month is charged, for each day after its due date and
    grace days, on what was still unpaid that day — never on earlier late fees, never on
    paused days (hardship, dispute) unless the policy says so, never beyond the cap over the
    item's life. The charges are billed by a billing run of mode "late fees" (one bill per
    payer, project and month, in parallel chunks like any run); a unique index on the late-fee
    lines refuses a second accrual of the same item and month.
    """

    _inherit = "property.receivable"

    @api.model
    def _cron_late_fees(self, month=None):
        """Queue and bill the late fees of last month (or of the month of ``month``)."""
        day = month or fields.Date.subtract(fields.Date.context_today(self), months=1)
        start = billing.month_bounds(day)[0]
        Run = self.env["property.billing.run"]
        companies = self.env["property.project"].search([("state", "=", "active")]).company_id
        for company in companies:
            if not Run.search_count(
                [
                    ("company_id", "=", company.id),
                    ("mode", "=", "late_fee"),
                    ("period_start", "=", start),
                ],
                limit=1,
            ):
                Run.create(
                    {
                        "company_id": company.id,
                        "period_start": start,
                        "mode": "late_fee",
                        "state": "queued",
                    }
                )
        Run._cron_process_queued()

    @api.model
    def _accrue_late_fees(self, company, period, projects=None):
        """Bill the late fees of ``period`` now (a late-fee run processed in this request);
        returns the new bills."""
        run = self.env["property.billing.run"].create(
            {
                "company_id": company.id,
                "period_start": period[0],
                "mode": "late_fee",
                "project_ids": [fields.Command.set(projects.ids)] if projects else [],
            }
        )
        run._process()
        return run.move_ids

    @api.model
    def _late_fee_charges(self, company, period, projects=None, partners=None):
        """``{(project_id, partner_id): [Charge, ...]}`` of the late fees of ``period`` (of
        ``partners`` if given)."""
        rows = self._late_fee_rows(company, period, projects, partners)
        settled = self._late_fee_settled(rows, period)
        paused = self._late_fee_pauses(rows)
        # items of an installment plan that suspends late fees (property.dunning.pause)
        item_paused = self.env["property.dunning.pause"]._item_ranges(
            [row["item_id"] for row in rows]
        )
        product = self._late_fee_product(company)
        due = period[1] + timedelta(days=1 + LATE_FEE_DUE_DAYS)
        groups, labels = defaultdict(list), {}
        for row in rows:
            fee = late_fee.accrue_daily(
                row["amount"],
                settled.get(row["item_id"], ()),
                row["due"],
                row["grace"],
                period[0],
                period[1],
                row["rate"],
                late_fee.cap(row["amount"], row["cap"]) - billing.to_decimal(row["charged"]),
                [
                    *paused.get((row["partner_id"], row["project_id"]), ()),
                    *item_paused.get(row["item_id"], ()),
                ],
            )
            if fee <= 0:
                continue
            groups[row["project_id"], row["partner_id"]].append(
                Charge(
                    fee_type_id=row["fee_type_id"],
                    product_id=product.id,
                    price_unit=fee,
                    unit_id=row["unit_id"],
                    date_from=period[0],
                    date_to=period[1],
                    due=due,
                    billing_line=False,
                    late_fee_source_id=row["line_id"],
                    label=self._late_fee_label(row, period, labels),
                )
            )
        return groups

    @api.model
    def _late_fee_payers(self, company, period, projects=None):
        """``[(project_id, partner_id), ...]`` who may owe late fees for ``period``: those
        with an item that ``_late_fee_rows`` lists (one query; the fees themselves are
        computed per chunk of payers by the billing workers)."""
        self.env.flush_all()
        return self.env.execute_query(
            SQL(
                "SELECT DISTINCT r.project_id, r.partner_id %s ORDER BY 1, 2",
                self._late_fee_scope(company, period, projects),
            )
        )

    @api.model
    def _late_fee_scope(self, company, period, projects=None, partners=None):
        """FROM and WHERE of the ledger items with late fees, overdue in ``period``, still
        unpaid at its start and not yet accrued for it (of ``partners`` if given)."""
        return SQL(
            """
              FROM property_receivable r
              JOIN property_fee_type f ON f.id = r.fee_type_id
             WHERE r.company_id = %(company)s
               AND (%(projects)s IS NULL OR r.project_id = ANY(%(projects)s))
               AND (%(partners)s::int[] IS NULL OR r.partner_id = ANY(%(partners)s::int[]))
               AND NOT r.is_late_fee
               AND r.state != 'reversed'
               AND f.late_fee_enabled IS TRUE
               AND r.due_date + f.late_fee_grace_days < %(end)s
               AND r.amount > COALESCE((SELECT SUM(a.amount)
                                          FROM property_receivable_allocation a
                                         WHERE a.receivable_id = r.id
                                           AND a.date < %(start)s), 0)
               AND NOT EXISTS (SELECT 1 FROM account_move_line x
                                WHERE x.property_late_fee_source_id = r.move_line_id
                                  AND x.property_late_fee_line IS TRUE
                                  AND x.property_period_start = %(start)s
                                  AND x.parent_state != 'cancel')
            """,
            company=company.id,
            projects=projects.ids if projects else None,
            partners=list(partners) if partners is not None else None,
            start=period[0],
            end=period[1],
        )

    @api.model
    def _late_fee_rows(self, company, period, projects=None, partners=None):
        """Ledger items with late fees, overdue in ``period``, still unpaid at its start and
        not yet accrued for it (one query)."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT r.id, r.move_line_id, r.partner_id, r.project_id, r.unit_id,
                       r.fee_type_id, r.amount, r.due_date, f.late_fee_rate,
                       f.late_fee_grace_days, f.late_fee_cap_percent,
                       COALESCE((SELECT SUM(x.amount) FROM property_receivable x
                                  WHERE x.source_line_id = r.move_line_id
                                    AND x.state != 'reversed'), 0),
                       COALESCE((SELECT pol.late_fees_during_pause
                                   FROM property_project p
                                   JOIN property_dunning_policy pol
                                     ON pol.id = p.dunning_policy_id
                                  WHERE p.id = r.project_id), FALSE),
                       (SELECT u.name FROM property_unit u WHERE u.id = r.unit_id),
                       (SELECT partner.lang FROM res_partner partner
                         WHERE partner.id = r.partner_id)
                %s
              ORDER BY r.partner_id, r.project_id, r.id
                """,
                self._late_fee_scope(company, period, projects, partners),
            )
        )
        keys = (
            "item_id",
            "line_id",
            "partner_id",
            "project_id",
            "unit_id",
            "fee_type_id",
            "amount",
            "due",
            "rate",
            "grace",
            "cap",
            "charged",
            "during_pause",
            "unit_name",
            "lang",
        )
        return [dict(zip(keys, row, strict=True)) for row in rows]

    @api.model
    def _late_fee_settled(self, rows, period):
        """``{item_id: [(date, amount), ...]}``: what reached the items up to the period end."""
        if not rows:
            return {}
        settled = defaultdict(list)
        for item_id, day, amount in self.env.execute_query(
            SQL(
                """SELECT receivable_id, date, amount FROM property_receivable_allocation
                    WHERE receivable_id = ANY(%s) AND date <= %s""",
                [row["item_id"] for row in rows],
                period[1],
            )
        ):
            settled[item_id].append((day, amount))
        return settled

    @api.model
    def _late_fee_pauses(self, rows):
        """Paused days per (payer, project) whose policy does not charge them."""
        keys = {(row["partner_id"], row["project_id"]) for row in rows if not row["during_pause"]}
        return self.env["property.dunning.pause"]._ranges(keys) if keys else {}

    @api.model
    def _late_fee_label(self, row, period, labels):
        """The line label in the payer's language (texts cached per language)."""
        lang = row["lang"] or self.env.lang
        if lang not in labels:
            labels[lang] = self.with_context(lang=lang).env._(
                "Late fee %(rate)s%%/day on %(fee)s %(unit)s (due %(due)s), %(start)s~%(end)s"
            )
        key = (lang, row["fee_type_id"])
        if key not in labels:
            fee_type = self.env["property.fee.type"].browse(row["fee_type_id"])
            labels[key] = fee_type.with_context(lang=lang).name
        return labels[lang] % {
            "rate": f"{row['rate']:g}",
            "fee": labels[key],
            "unit": row["unit_name"] or "",
            "due": row["due"],
            "start": period[0],
            "end": period[1],
        }

    @api.model
    def _late_fee_product(self, company):
        if not company.property_late_fee_product_id:
            company.sudo().property_late_fee_product_id = (
                self.env["product.product"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Late Fee"),
                        "type": "service",
                        "sale_ok": True,
                        "taxes_id": [fields.Command.clear()],
                        "company_id": company.id,
                    }
                )
            )
            # the name in every installed language (not only the creating user's)
            write_translations(
                company.property_late_fee_product_id.sudo(), "name", lambda env: env._("Late Fee")
            )
        return company.property_late_fee_product_id

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import billing, late_fee
from ..tools.charges import Charge


class AccountMove(models.Model):
    """Monthly late-fee accrual (滞纳金): one bill per payer and month, never compounding."""

    _inherit = "account.move"

    @api.model
    def _cron_property_late_fees(self, month=None):
        """Charge the late fees of last month (or of the month of ``month``)."""
        day = month or fields.Date.subtract(fields.Date.context_today(self), months=1)
        period = billing.month_bounds(day)
        companies = self.env["property.project"].search([("state", "=", "active")]).company_id
        for company in companies:
            self.with_company(company)._property_accrue_late_fees(company, period)

    @api.model
    def _property_accrue_late_fees(self, company, period):
        """Accrue the late fees of ``period`` for ``company``; returns the new bills."""
        rows = self._property_late_fee_rows(company, period)
        groups = defaultdict(list)
        product = self._property_late_fee_product(company)
        labels = {}
        for row in rows:
            fee = late_fee.accrue(
                row["unpaid"],
                row["principal"],
                row["due"],
                period[0],
                period[1],
                row["rate"],
                row["grace"],
                row["cap"],
                row["charged"],
            )
            if fee <= 0:
                continue
            line = self.env["account.move.line"].browse(row["line_id"])
            groups[row["project_id"], row["partner_id"]].append(
                Charge(
                    fee_type_id=line.property_fee_type_id.id,
                    product_id=product.id,
                    price_unit=fee,
                    unit_id=line.property_unit_id.id,
                    date_from=period[0],
                    date_to=period[1],
                    billing_line=False,
                    late_fee_source_id=line.id,
                    label=self._property_late_fee_label(line, row, period, labels),
                )
            )
        invoice_date = period[1] + timedelta(days=1)
        dates = (invoice_date, invoice_date + timedelta(days=15))
        vals_list, cache = [], {}
        for (project_id, partner_id), charges in groups.items():
            vals_list.append(
                self._property_prepare_bill_vals(
                    self.env["res.partner"].browse(partner_id),
                    self.env["property.project"].browse(project_id),
                    charges,
                    dates,
                    cache,
                )
            )
        journal = self._property_get_journal(company)
        return self._property_create_bills([dict(v, journal_id=journal.id) for v in vals_list])

    @api.model
    def _property_late_fee_rows(self, company, period):
        """Overdue billed lines with late fees enabled and not yet accrued for ``period``."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.id, m.commercial_partner_id, m.property_project_id, l.price_total,
                       l.price_total * m.amount_residual / NULLIF(m.amount_total, 0),
                       m.invoice_date_due, f.late_fee_rate, f.late_fee_grace_days,
                       f.late_fee_cap_percent,
                       COALESCE((SELECT SUM(x.price_total) FROM account_move_line x
                                  WHERE x.property_late_fee_source_id = l.id
                                    AND x.parent_state = 'posted'), 0)
                  FROM account_move_line l
                  JOIN account_move m ON m.id = l.move_id
                  JOIN property_fee_type f ON f.id = l.property_fee_type_id
                 WHERE l.property_billing_line IS TRUE
                   AND f.late_fee_enabled IS TRUE
                   AND m.company_id = %(company)s
                   AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND m.invoice_date_due < %(end)s
                   AND NOT EXISTS (SELECT 1 FROM account_move_line x
                                    WHERE x.property_late_fee_source_id = l.id
                                      AND x.property_period_start = %(start)s
                                      AND x.parent_state != 'cancel')
              ORDER BY l.id
                """,
                company=company.id,
                start=period[0],
                end=period[1],
            )
        )
        keys = (
            "line_id",
            "partner_id",
            "project_id",
            "principal",
            "unpaid",
            "due",
            "rate",
            "grace",
            "cap",
            "charged",
        )
        return [dict(zip(keys, row, strict=True)) for row in rows]

    @api.model
    def _property_late_fee_label(self, line, row, period, labels):
        lang = line.move_id.partner_id.lang or self.env.lang
        if lang not in labels:
            labels[lang] = self.with_context(lang=lang).env._(
                "Late fee %(rate)s%%/day on %(fee)s %(unit)s (due %(due)s), %(start)s~%(end)s"
            )
        return labels[lang] % {
            "rate": f"{row['rate']:g}",
            "fee": line.property_fee_type_id.with_context(lang=lang).name,
            "unit": line.property_unit_id.name,
            "due": row["due"],
            "start": period[0],
            "end": period[1],
        }

    @api.model
    def _property_late_fee_product(self, company):
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
        return company.property_late_fee_product_id

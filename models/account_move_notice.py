import base64

from odoo import api, fields, models

from ..tools.rmb import amount_to_chinese


class AccountMove(models.Model):
    """What the payment notice (缴费通知单) of a property bill prints, computed once per bill:
    its lines with meter readings, the payer's arrears brought forward (往期欠费) and total
    owed from the receivable ledger, the amount in Chinese capitals and the payment QR code."""

    _inherit = "account.move"

    property_period_label = fields.Char(
        string="Service Period", compute="_compute_property_period_label"
    )

    # === Bills list: the service period of the billed lines ===
    @api.depends("invoice_line_ids.property_period_start", "invoice_line_ids.property_period_end")
    def _compute_property_period_label(self):
        for move in self:
            lines = move.invoice_line_ids.filtered("property_period_start")
            if not lines:
                move.property_period_label = False
                continue
            start = min(lines.mapped("property_period_start"))
            end = max(lines.mapped("property_period_end") or [start])
            if start.replace(day=1) == end.replace(day=1):
                move.property_period_label = f"{start:%Y-%m}"
            else:
                move.property_period_label = f"{start:%Y-%m} ~ {end:%Y-%m}"

    def _property_notice_values(self):
        self.ensure_one()
        lines = self.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        readings = {
            reading.move_line_id.id: reading
            for reading in self.env["property.meter.reading"]
            .sudo()
            .search([("move_line_id", "in", lines.ids)])
        }
        Receivable = self.env["property.receivable"].sudo()
        arrears = Receivable.search(
            [
                ("partner_id", "=", self.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "open"),
                ("residual", ">", 0),
                ("move_id", "!=", self.id),
                ("due_date", "<=", self.invoice_date_due or self.invoice_date),
            ],
            order="due_date, period_start, id",
        )
        arrears_by_bill = []
        for bill, items in arrears.grouped("move_id").items():
            starts = [d for d in items.mapped("period_start") if d]
            ends = [d for d in items.mapped("period_end") if d]
            arrears_by_bill.append(
                {
                    "bill": bill,
                    "units": ", ".join(sorted(set(items.unit_id.mapped("name")))),
                    "period_start": min(starts) if starts else False,
                    "period_end": max(ends) if ends else False,
                    "due_date": items[0].due_date,
                    "amount": sum(items.mapped("residual")),
                }
            )
        arrears_total = self.currency_id.round(sum(arrears.mapped("residual")))
        owed_here = self.env["property.receivable"]._residual_by_bill(self).get(self, 0.0)
        total = self.currency_id.round(owed_here + arrears_total)
        return {
            "lines": lines,
            "readings": readings,
            "arrears": arrears_by_bill,
            "arrears_total": arrears_total,
            "total": total,
            "total_words": amount_to_chinese(total),
            "qr_src": self._property_payment_qr_src(),
            "payment_text": self.company_id._property_payment_text(
                self.env.context.get("lang") or self.partner_id.lang
            ),
        }

    def _property_payment_qr_src(self):
        """The company's payment code image, else a QR code of its payment link (the bill
        number replaces ``{bill}``), as an inline image (nothing fetched while printing)."""
        company = self.company_id
        if company.property_payment_qr_image:
            data = company.property_payment_qr_image
            data = data.decode() if isinstance(data, bytes) else data
            return f"data:image/png;base64,{data}"
        link = (company.property_payment_link or "").strip()
        if not link:
            return False
        value = link.replace("{bill}", self.name or "")
        png = self.env["ir.actions.report"].barcode("QR", value, width=180, height=180)
        return f"data:image/png;base64,{base64.b64encode(png).decode()}"

    def _property_amount_words(self, amount):
        return amount_to_chinese(amount)

    def action_property_print_notices(self):
        """Print the payment notices of the selected bills in one PDF (both wkhtmltopdf
        builds; the notice has its own letterhead, so no document-layout dialog)."""
        bills = self.filtered(lambda move: move.property_project_id and move.state == "posted")
        return (
            self.env.ref("property_fee_collection.account_move_report_payment_notice")
            .with_context(discard_logo_check=True)
            .report_action(bills, config=False)
        )

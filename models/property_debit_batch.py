import base64
import csv
import io
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

FINANCE = "property_fee_collection.property_fee_collection_group_finance"
EXPORT_COLUMNS = [
    "batch",
    "line",
    "agreement",
    "payer",
    "bank",
    "account_holder",
    "account_number",
    "amount",
    "currency",
    "bills",
]
RESULT_COLUMNS = ["batch", "line", "account_number", "amount", "status", "message"]
SUCCESS = {"success", "ok", "paid", "成功"}
FAILED = {"failed", "fail", "error", "失败"}


class PropertyDebitBatch(models.Model):
    """银行代扣批次: what the bank is asked to collect from payers with an auto-debit
    agreement, and what it answered.

    *Export* lists, for every active agreement, the payer's open ledger items due by the
    batch's date, as a CSV file for the bank (format in the README). *Import* reads the bank's
    result file: a collected line becomes one front desk payment in the auto-debit channel
    (with its receipt) for exactly those items; a failed line changes nothing, so its items
    stay overdue and in dunning.
    """

    _name = "property.debit.batch"
    _description = "Bank Auto-Debit Batch"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        string="Collect Items Due By", required=True, default=fields.Date.context_today
    )
    collection_date = fields.Date(
        string="Debit Date",
        help="Date the bank debited the accounts (payment date); today when empty.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("exported", "Sent to Bank"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many("property.debit.batch.line", "batch_id", readonly=True)
    export_file = fields.Binary(readonly=True, attachment=True)
    export_filename = fields.Char(readonly=True)
    result_file = fields.Binary(string="Bank Result File", attachment=True)
    result_filename = fields.Char()
    amount = fields.Monetary(string="To Collect", compute="_compute_totals")
    amount_paid = fields.Monetary(string="Debited", compute="_compute_totals")
    count_failed = fields.Integer(string="Failed", compute="_compute_totals")

    @api.depends("line_ids.amount", "line_ids.state")
    def _compute_totals(self):
        for batch in self:
            batch.amount = sum(batch.line_ids.mapped("amount"))
            paid = batch.line_ids.filtered(lambda line: line.state == "paid")
            batch.amount_paid = sum(paid.mapped("amount"))
            batch.count_failed = len(batch.line_ids.filtered(lambda line: line.state == "failed"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("property.debit.batch") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and {"state", "line_ids", "export_file"} & set(vals):
            raise AccessError(self.env._("Batches change through their buttons only."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.filtered(lambda batch: batch.state != "draft"):
            raise UserError(self.env._("A batch sent to the bank cannot be deleted."))

    def _check_finance(self):
        if not self.env.user.has_group(FINANCE):
            raise AccessError(self.env._("Only finance staff can run auto-debit batches."))

    # === Export ===
    def action_export(self):
        self.ensure_one()
        self._check_finance()
        if self.state != "draft":
            raise UserError(self.env._("This batch was already sent to the bank."))
        lines = self._prepare_lines()
        if not lines:
            raise UserError(
                self.env._("No payer with an auto-debit agreement owes anything due by then.")
            )
        self.sudo().write({"line_ids": [fields.Command.create(vals) for vals in lines]})
        content = self._export_csv()
        self.sudo().write(
            {
                "state": "exported",
                "export_file": base64.b64encode(content),
                "export_filename": f"{self.name.replace('/', '-')}.csv",
            }
        )
        return True

    def _prepare_lines(self):
        mandates = self.env["property.debit.mandate"].search(
            [("company_id", "=", self.company_id.id)]
        )
        by_partner = {}
        for mandate in mandates:
            by_partner.setdefault(mandate.partner_id.commercial_partner_id, mandate)
        if not by_partner:
            return []
        Receivable = self.env["property.receivable"]
        items = Receivable.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "open"),
                ("residual", ">", 0),
                ("due_date", "<=", self.date),
                ("partner_id", "in", [partner.id for partner in by_partner]),
            ]
        )
        grouped = defaultdict(lambda: Receivable)
        for item in items:
            grouped[item.partner_id] |= item
        busy = self._items_in_open_batches()
        result = []
        for partner, mandate in by_partner.items():
            chosen = grouped.get(partner, Receivable) - busy
            if not chosen:
                continue
            result.append(
                {
                    "mandate_id": mandate.id,
                    "partner_id": partner.id,
                    "receivable_ids": [fields.Command.set(chosen.ids)],
                    "amount": self.currency_id.round(sum(chosen.mapped("residual"))),
                }
            )
        return result

    def _items_in_open_batches(self):
        return (
            self.env["property.debit.batch.line"]
            .search([("state", "=", "pending"), ("batch_id.company_id", "=", self.company_id.id)])
            .receivable_ids
        )

    def _export_csv(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for line in self.line_ids:
            mandate = line.mandate_id
            writer.writerow(
                [
                    self.name,
                    line.id,
                    mandate.reference,
                    line.partner_id.name,
                    mandate.bank_name,
                    mandate.account_holder,
                    mandate.account_number,
                    f"{line.amount:.2f}",
                    self.currency_id.name,
                    " ".join(line.receivable_ids.move_id.mapped("name")),
                ]
            )
        return buffer.getvalue().encode("utf-8-sig")

    # === Import of the bank's answer ===
    def action_import_result(self):
        self.ensure_one()
        self._check_finance()
        if self.state != "exported":
            raise UserError(self.env._("Export the batch and send it to the bank first."))
        if not self.result_file:
            raise UserError(self.env._("Upload the bank's result file first."))
        rows = self._parse_result(base64.b64decode(self.result_file))
        self._apply_result(rows)
        return True

    def _parse_result(self, content):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        reader = csv.DictReader(io.StringIO(text))
        missing = set(RESULT_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise UserError(
                self.env._(
                    "The result file lacks the column(s) %(columns)s.",
                    columns=", ".join(sorted(missing)),
                )
            )
        rows = {}
        for number, row in enumerate(reader, start=2):
            if (row["batch"] or "").strip() != self.name:
                raise UserError(
                    self.env._(
                        "Row %(row)s belongs to batch %(other)s, not %(batch)s.",
                        row=number,
                        other=row["batch"],
                        batch=self.name,
                    )
                )
            status = (row["status"] or "").strip().lower()
            if status not in SUCCESS | FAILED:
                raise UserError(
                    self.env._(
                        "Row %(row)s: unknown status %(status)s.", row=number, status=row["status"]
                    )
                )
            try:
                line_id, amount = int(row["line"]), float(row["amount"] or 0)
            except ValueError as exc:
                raise UserError(
                    self.env._("Row %(row)s: bad line number or amount.", row=number)
                ) from exc
            rows[line_id] = (status in SUCCESS, amount, (row["message"] or "").strip(), row)
        return rows

    def _apply_result(self, rows):
        lines = self.line_ids
        unknown = set(rows) - set(lines.ids)
        if unknown:
            raise UserError(
                self.env._(
                    "The result file lists lines that are not in this batch: %(lines)s.",
                    lines=", ".join(map(str, sorted(unknown))),
                )
            )
        Payment = self.env["account.payment"]
        day = self.collection_date or fields.Date.context_today(self)
        for line in lines.filtered(lambda ln: ln.state == "pending"):
            if line.id not in rows:
                continue
            success, amount, message, row = rows[line.id]
            account = (row.get("account_number") or "").strip()
            if not success:
                line.sudo().write(
                    {"state": "failed", "message": message or self.env._("Refused by the bank")}
                )
                continue
            if account and account != line.mandate_id.account_number:
                line.sudo().write(
                    {"state": "failed", "message": self.env._("Account number does not match.")}
                )
                continue
            if self.currency_id.compare_amounts(amount, line.amount):
                line.sudo().write(
                    {
                        "state": "failed",
                        "message": self.env._(
                            "Collected %(amount)s instead of %(expected)s: reconcile it at the "
                            "front desk.",
                            amount=amount,
                            expected=line.amount,
                        ),
                    }
                )
                continue
            items = line.receivable_ids.filtered(lambda i: i.state == "open" and i.residual > 0)
            prepaid = self.currency_id.round(amount - sum(items.mapped("residual")))
            receipt = Payment._property_collect(
                line.partner_id,
                items,
                "auto_debit",
                prepaid=max(prepaid, 0.0),
                date=day,
                memo=self.env._("Auto-debit %(batch)s", batch=self.name),
                company=self.company_id,
            )
            line.sudo().write({"state": "paid", "message": message, "receipt_id": receipt.id})
        if not self.line_ids.filtered(lambda ln: ln.state == "pending"):
            self.sudo().write({"state": "done"})

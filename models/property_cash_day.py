from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from .account_journal import CHANNELS

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
FINANCE = "property_fee_collection.property_fee_collection_group_finance"
# written by the methods below only (as superuser)
SYSTEM_FIELDS = {"state", "closed_by_id", "closed_at", "line_ids"}


class PropertyCashDay(models.Model):
    """每日对账: one company's front desk takings of one day.

    Per cashier and channel, the receipts of the day; per channel, the receipts against what
    the bank / WeChat / Alipay statements (Odoo bank statement lines of the channel's journal)
    say for that day, and the differences. The finance lead (manager) closes the day; from then
    on, the day's receipts and payments cannot be created, changed, voided or deleted — a
    mistake is corrected by a refund on an open day.
    """

    _name = "property.cash.day"
    _description = "Daily Takings"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today, index=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Day Closed")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        "property.cash.day.line",
        "day_id",
        string="Cashiers",
        readonly=True,
        domain=[("kind", "=", "cashier")],
    )
    channel_line_ids = fields.One2many(
        "property.cash.day.line",
        "day_id",
        string="Channels",
        readonly=True,
        domain=[("kind", "=", "channel")],
    )
    receipt_count = fields.Integer(compute="_compute_totals")
    receipt_amount = fields.Monetary(string="Receipts", compute="_compute_totals")
    statement_amount = fields.Monetary(string="Statements", compute="_compute_totals")
    difference = fields.Monetary(compute="_compute_totals")
    difference_count = fields.Integer(string="Differences", compute="_compute_totals")
    closed_by_id = fields.Many2one("res.users", string="Closed By", readonly=True)
    closed_at = fields.Datetime(string="Closed On", readonly=True)
    note = fields.Text(help="Explain the differences before closing the day.")

    _company_date_uniq = models.Constraint(
        "UNIQUE (company_id, date)", "The takings of a day are checked once per company."
    )

    @api.depends("date", "company_id")
    def _compute_display_name(self):
        for day in self:
            day.display_name = self.env._(
                "Takings of %(date)s", date=format_date(self.env, day.date) if day.date else ""
            )

    @api.depends("channel_line_ids.receipt_amount", "channel_line_ids.statement_amount")
    def _compute_totals(self):
        for day in self:
            channels = day.channel_line_ids
            day.receipt_count = sum(channels.mapped("receipt_count"))
            day.receipt_amount = sum(channels.mapped("receipt_amount"))
            day.statement_amount = sum(channels.mapped("statement_amount"))
            day.difference = day.statement_amount - day.receipt_amount
            currency = day.currency_id
            day.difference_count = len(
                channels.filtered(lambda line, c=currency: not c.is_zero(line.difference))
            )

    # === Locks other models ask for ===
    @api.model
    def _closed_days(self, companies, dates):
        """``{(company_id, date)}`` of the closed days among these."""
        dates = [day for day in dates if day]
        if not companies or not dates:
            return set()
        days = self.sudo().search_fetch(
            [
                ("company_id", "in", companies.ids),
                ("date", "in", dates),
                ("state", "=", "closed"),
            ],
            ["company_id", "date"],
        )
        return {(day.company_id.id, day.date) for day in days}

    @api.model
    def _check_open_pairs(self, pairs):
        """Refuse any change to the takings of a closed day: ``pairs`` are (company_id, date)."""
        companies = self.env["res.company"].browse({company for company, _date in pairs})
        closed = self._closed_days(companies, [day for _company, day in pairs]) & set(pairs)
        if closed:
            _company, day = min(closed, key=lambda pair: pair[1])
            raise UserError(
                self.env._(
                    "The takings of %(date)s are closed: its receipts and payments cannot be "
                    "created, changed, voided or deleted. Correct a mistake with a refund on an "
                    "open day.",
                    date=format_date(self.env, day),
                )
            )

    @api.model
    def _check_open(self, company, dates):
        self._check_open_pairs({(company.id, day) for day in dates})

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        days = super().create(vals_list)
        days._refresh_lines()
        return days

    def write(self, vals):
        if not self.env.su:
            if SYSTEM_FIELDS & set(vals):
                raise AccessError(
                    self.env._("The takings are computed and closed by their buttons only.")
                )
            if self.filtered(lambda day: day.state == "closed"):
                raise UserError(self.env._("A closed day cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        if self.filtered(lambda day: day.state == "closed"):
            raise UserError(self.env._("A closed day cannot be deleted."))

    # === Actions ===
    @api.model
    def action_open_today(self):
        """Menu: the takings of today for the current company (created on first use)."""
        today = fields.Date.context_today(self)
        day = self.search([("company_id", "=", self.env.company.id), ("date", "=", today)])
        if not day:
            day = self.create({"company_id": self.env.company.id, "date": today})
        elif day.state == "open":
            day._refresh_lines()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": day.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_refresh(self):
        if self.filtered(lambda day: day.state == "closed"):
            raise UserError(self.env._("A closed day cannot be changed."))
        self._refresh_lines()

    def action_close(self):
        """The finance lead closes the day (managers only)."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only the finance lead (a manager) can close a day."))
        for day in self:
            if day.state == "closed":
                raise UserError(self.env._("This day is already closed."))
            day._refresh_lines()
            if day.difference_count and not (day.note or "").strip():
                raise UserError(
                    self.env._(
                        "The receipts and the statements differ on %(count)s channel(s): "
                        "explain the differences in the note before closing the day.",
                        count=day.difference_count,
                    )
                )
        self.sudo().write(
            {"state": "closed", "closed_by_id": self.env.uid, "closed_at": fields.Datetime.now()}
        )
        return True

    # === Computing the lines ===
    def _refresh_lines(self):
        Line = self.env["property.cash.day.line"].sudo()
        for day in self:
            Line.search([("day_id", "=", day.id)]).unlink()
            Line.create(day._line_vals())

    def _line_vals(self):
        self.ensure_one()
        receipts = (
            self.env["property.receipt"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("date", "=", self.date)])
        )
        by_cashier = defaultdict(lambda: [0, 0.0])
        by_channel = defaultdict(lambda: [0, 0.0])
        for receipt in receipts:
            amount = receipt.amount if receipt.state != "void" else 0.0
            for key, bucket in (
                ((receipt.cashier_id.id, receipt.channel), by_cashier),
                (receipt.channel, by_channel),
            ):
                bucket[key][0] += 1
                bucket[key][1] += amount
        statements = defaultdict(float)
        journals = (
            self.env["account.journal"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("property_channel", "!=", False)])
        )
        for line in (
            self.env["account.bank.statement.line"]
            .sudo()
            .search([("journal_id", "in", journals.ids), ("date", "=", self.date)])
        ):
            statements[line.journal_id.property_channel] += line.amount
        vals_list = [
            {
                "day_id": self.id,
                "kind": "cashier",
                "cashier_id": cashier_id,
                "channel": channel,
                "receipt_count": count,
                "receipt_amount": amount,
            }
            for (cashier_id, channel), (count, amount) in sorted(by_cashier.items())
        ]
        journal_of = {journal.property_channel: journal.id for journal in journals}
        for channel, _label in CHANNELS:
            count, amount = by_channel.get(channel, (0, 0.0))
            if not count and channel not in statements:
                continue
            vals_list.append(
                {
                    "day_id": self.id,
                    "kind": "channel",
                    "channel": channel,
                    "journal_id": journal_of.get(channel),
                    "receipt_count": count,
                    "receipt_amount": amount,
                    "statement_amount": statements.get(channel, 0.0),
                }
            )
        return vals_list

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.account_journal import CHANNELS
from ..tools import billing
from ..tools.rmb import amount_to_chinese


class PropertyCashierDesk(models.TransientModel):
    """收费台: the cashier finds a unit (code, owner name, phone), sees every open item of
    its payer across bills, ticks what is paid (all, by fee, by month), chooses the channel
    and confirms: one payment for exactly those items (plus a prepayment, 预存) and a receipt
    (收据) printed at once."""

    _name = "property.cashier.desk"
    _description = "Cashier Desk"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_id = fields.Many2one(
        "property.unit",
        string="Unit",
        help="Search by unit code, owner or payer name, or phone number.",
    )
    partner_id = fields.Many2one("res.partner", string="Payer")
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    line_ids = fields.One2many("property.cashier.desk.line", "desk_id", string="Open Items")
    fee_type_id = fields.Many2one("property.fee.type", string="Fee Type")
    month = fields.Date(string="Up to Month", help="Tick the items of this month and before.")
    channel = fields.Selection(CHANNELS, required=True, default="cash")
    amount_open = fields.Monetary(string="Owed", compute="_compute_amounts")
    amount_selected = fields.Monetary(string="Items Ticked", compute="_compute_amounts")
    prepaid = fields.Monetary(string="Prepayment", help="预存: kept as credit for the next bills.")
    amount_total = fields.Monetary(string="To Collect", compute="_compute_amounts")
    amount_words = fields.Char(string="In Words", compute="_compute_amounts")
    amount_tendered = fields.Monetary(string="Cash Given")
    amount_change = fields.Monetary(string="Change", compute="_compute_amounts")
    memo = fields.Char()
    last_receipt_id = fields.Many2one("property.receipt", string="Last Receipt", readonly=True)

    @api.depends("line_ids.selected", "line_ids.residual", "prepaid", "amount_tendered", "channel")
    def _compute_amounts(self):
        for desk in self:
            currency = desk.currency_id
            desk.amount_open = currency.round(sum(desk.line_ids.mapped("residual")))
            desk.amount_selected = currency.round(
                sum(desk.line_ids.filtered("selected").mapped("residual"))
            )
            desk.amount_total = currency.round(desk.amount_selected + desk.prepaid)
            desk.amount_words = amount_to_chinese(desk.amount_total)
            change = desk.amount_tendered - desk.amount_total
            desk.amount_change = change if desk.channel == "cash" and change > 0 else 0.0

    def _compute_display_name(self):
        for desk in self:
            desk.display_name = self.env._("Cashier Desk")

    # === Finding the payer and the items ===
    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        if self.unit_id:
            self.partner_id = self._payer_of(self.unit_id)
        self._load_lines()

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        self._load_lines()

    def _payer_of(self, unit):
        """The payer whose items the unit has open (the oldest), else its current payer."""
        item = self.env["property.receivable"].search(
            [("unit_id", "=", unit.id), ("state", "=", "open"), ("residual", ">", 0)],
            order="due_date, id",
            limit=1,
        )
        return item.partner_id or unit.payer_id.commercial_partner_id

    def _open_items(self):
        if not self.partner_id:
            return self.env["property.receivable"]
        return self.env["property.receivable"].search(
            [
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "open"),
                ("residual", ">", 0),
            ],
            order="due_date, period_start, id",
        )

    def _load_lines(self):
        items = self._open_items()
        self.line_ids = [Command.clear()] + [
            Command.create({"receivable_id": item.id}) for item in items
        ]

    # === Ticking ===
    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_select_all(self):
        self.line_ids.selected = True
        return self._reopen()

    def action_select_none(self):
        self.line_ids.selected = False
        return self._reopen()

    def action_select_fee(self):
        if not self.fee_type_id:
            raise UserError(self.env._("Choose the fee type to tick."))
        for line in self.line_ids:
            line.selected = line.selected or line.fee_type_id == self.fee_type_id
        return self._reopen()

    def action_select_month(self):
        if not self.month:
            raise UserError(self.env._("Choose the month to tick up to."))
        end = billing.month_bounds(self.month)[1]
        for line in self.line_ids:
            start = line.period_start or line.due_date
            line.selected = line.selected or bool(start and start <= end)
        return self._reopen()

    # === Taking the payment ===
    def action_confirm(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("Find the unit or the payer first."))
        items = self.line_ids.filtered("selected").receivable_id
        if (
            self.channel == "cash"
            and self.amount_tendered
            and self.currency_id.compare_amounts(self.amount_tendered, self.amount_total) < 0
        ):
            raise UserError(self.env._("The cash given is less than the amount to collect."))
        receipt = self.env["account.payment"]._property_collect(
            self.partner_id,
            items,
            self.channel,
            prepaid=self.prepaid,
            memo=self.memo,
            company=self.company_id,
        )
        self.write({"last_receipt_id": receipt.id, "prepaid": 0.0, "amount_tendered": 0.0})
        self.line_ids.unlink()
        self.write(
            {"line_ids": [Command.create({"receivable_id": i.id}) for i in self._open_items()]}
        )
        return receipt.action_print()

    def action_print_last(self):
        self.ensure_one()
        if not self.last_receipt_id:
            raise UserError(self.env._("No receipt was taken at this desk yet."))
        return self.last_receipt_id.action_print()

    def action_new(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
        }

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import billing


class PropertyBillingRun(models.Model):
    """出账: bill every unit of a scope for one month, one posted invoice per payer."""

    _name = "property.billing.run"
    _description = "Billing Run"
    _inherit = ["mail.thread"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_start = fields.Date(
        string="Billing Month",
        required=True,
        default=lambda self: billing.month_bounds(fields.Date.context_today(self))[0],
        help="Fees whose billing cycle starts in this month are billed, with meter readings "
        "and shared costs up to its end.",
    )
    period_end = fields.Date(compute="_compute_period_end", store=True)
    invoice_date = fields.Date(
        compute="_compute_invoice_date", store=True, readonly=False, precompute=True
    )
    mode = fields.Selection(
        [("cycle", "Regular Billing"), ("annual", "Annual Prepayment (12 months)")],
        required=True,
        default="cycle",
        help="Annual prepayment bills area and fixed fees for twelve months from the "
        "billing month; early-bird campaigns apply to it.",
    )
    project_ids = fields.Many2many(
        "property.project",
        string="Projects",
        check_company=True,
        help="Leave empty for every project in service.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("done_errors", "Done with Errors"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    payer_total = fields.Integer(string="Payers to Bill", readonly=True, copy=False)
    payer_done = fields.Integer(string="Payers Processed", compute="_compute_payer_done")
    date_started = fields.Datetime(string="Started On", readonly=True, copy=False)
    progress = fields.Float(compute="_compute_progress")
    unit_count = fields.Integer(string="Units Billed", readonly=True, copy=False)
    invoice_count = fields.Integer(string="Bill Count", readonly=True, copy=False)
    line_count = fields.Integer(string="Bill Lines", readonly=True, copy=False)
    amount_total = fields.Monetary(string="Total Billed", readonly=True, copy=False)
    error_count = fields.Integer(compute="_compute_error_count")
    duration = fields.Float(string="Duration (s)", readonly=True, copy=False, digits=(16, 1))
    date_done = fields.Datetime(string="Finished On", readonly=True, copy=False)
    move_ids = fields.One2many("account.move", "property_billing_run_id", string="Bills")
    chunk_ids = fields.One2many("property.billing.run.chunk", "run_id", string="Chunks")
    error_ids = fields.One2many("property.billing.run.error", "run_id", string="Problems")

    _running_uniq = models.UniqueIndex(
        "(company_id, period_start, mode) WHERE state = 'running'",
        "Another billing run of this company and month is already running.",
    )

    @api.depends("period_start")
    def _compute_period_end(self):
        for run in self:
            run.period_end = run.period_start and billing.month_bounds(run.period_start)[1]

    @api.depends("period_start")
    def _compute_invoice_date(self):
        for run in self:
            run.invoice_date = run.period_start

    @api.depends("chunk_ids.state")
    def _compute_payer_done(self):
        done = dict(
            self.env["property.billing.run.chunk"]._read_group(
                [("run_id", "in", self.ids), ("state", "=", "done")],
                ["run_id"],
                ["payer_count:sum"],
            )
        )
        for run in self:
            run.payer_done = done.get(run, 0)

    @api.depends("payer_total", "payer_done", "state")
    def _compute_progress(self):
        for run in self:
            if run.state in ("done", "done_errors"):
                run.progress = 100.0
            else:
                run.progress = 100.0 * run.payer_done / run.payer_total if run.payer_total else 0.0

    @api.depends("error_ids")
    def _compute_error_count(self):
        counts = dict(
            self.env["property.billing.run.error"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count"]
            )
        )
        for run in self:
            run.error_count = counts.get(run, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period_start"):
                day = fields.Date.to_date(vals["period_start"])
                vals["period_start"] = billing.month_bounds(day)[0]
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("property.billing.run") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_bills(self):
        if self.move_ids:
            raise UserError(self.env._("A billing run that created bills cannot be deleted."))

    # === Actions ===
    def action_process(self):
        """Bill now, in this request (small scopes; the cron handles big ones)."""
        for run in self:
            run._process()
        return True

    def action_queue(self):
        self.filtered(lambda r: r.state == "draft").write({"state": "queued"})
        self.env.ref("property_fee_collection.ir_cron_property_billing_process")._trigger()
        return True

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_bill_action"
        )
        action["domain"] = [("property_billing_run_id", "=", self.id)]
        return action

    def action_send_notices(self):
        """Queue the payment notices of the run's bills; a cron sends them in batches."""
        moves = self.move_ids.filtered(
            lambda m: m.state == "posted" and not m.property_notice_state
        )
        moves.write({"property_notice_state": "to_send"})
        self.env.ref("property_fee_collection.ir_cron_property_send_notices")._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s payment notices queued for sending.", count=len(moves)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_print_notices(self):
        """Notices of the bills whose payer has no e-mail (to print and hand out)."""
        moves = self.move_ids.filtered(
            lambda m: m.state == "posted" and not m.partner_id.email
        ) or self.move_ids.filtered(lambda m: m.state == "posted")
        if not moves:
            raise UserError(self.env._("This run has no posted bills."))
        return self.env.ref(
            "property_fee_collection.account_move_report_payment_notice"
        ).report_action(moves)

    # === Cron ===
    @api.model
    def _cron_monthly_billing(self):
        """Monthly: a regular run for the current month of every company, then process."""
        month = billing.month_bounds(fields.Date.context_today(self))[0]
        for company in self.env["res.company"].search([("property_auto_billing", "=", True)]):
            if not self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("period_start", "=", month),
                    ("mode", "=", "cycle"),
                ],
                limit=1,
            ):
                self.create({"company_id": company.id, "period_start": month, "state": "queued"})
        self._cron_process_queued()

import logging
import time

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from ..tools import billing

_logger = logging.getLogger(__name__)

LOCK_CLASS = 774411  # advisory lock namespace of billing runs (second key: company id)
PAYERS_PER_CHUNK = 500


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
    payer_done = fields.Integer(string="Payers Processed", readonly=True, copy=False)
    progress = fields.Float(compute="_compute_progress")
    unit_count = fields.Integer(string="Units Billed", readonly=True, copy=False)
    invoice_count = fields.Integer(string="Bill Count", readonly=True, copy=False)
    line_count = fields.Integer(string="Bill Lines", readonly=True, copy=False)
    amount_total = fields.Monetary(string="Total Billed", readonly=True, copy=False)
    error_count = fields.Integer(compute="_compute_error_count")
    duration = fields.Float(string="Duration (s)", readonly=True, copy=False, digits=(16, 1))
    date_done = fields.Datetime(string="Finished On", readonly=True, copy=False)
    move_ids = fields.One2many("account.move", "property_billing_run_id", string="Bills")
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

    @api.model
    def _cron_process_queued(self):
        """Process queued runs, and finish runs interrupted by a crash or a time-out."""
        for run in self.search([("state", "in", ("queued", "running"))], order="id"):
            run.with_company(run.company_id)._process(commit=True)

    # === Processing ===
    def _process(self, commit=False):
        """Bill the run's scope; safe to call again after an interruption.

        With ``commit`` (cron), progress is committed after each chunk of payers, so a crash
        loses nothing already billed; the unique index on billed lines and the skipping of
        billed (unit, fee, period) make a restart bill only what is left.
        """
        self.ensure_one()
        self._acquire_lock(session=commit)
        try:
            self._process_locked(commit)
        finally:
            if commit:
                self.env.cr.execute(
                    SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_CLASS, self.company_id.id)
                )

    def _acquire_lock(self, session):
        function = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
        self.env.cr.execute(
            SQL("SELECT %s(%s, %s)", SQL.identifier(function), LOCK_CLASS, self.company_id.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "Another billing run of %(company)s is in progress: wait until it has "
                    "finished, then start this one again.",
                    company=self.company_id.name,
                )
            )

    def _process_locked(self, commit):
        started = time.monotonic()
        self.write({"state": "running"})
        self.flush_recordset(["state"])
        self.error_ids.unlink()
        groups, errors = self._compute_charges()
        self._log_errors(errors)
        keys = sorted(groups, key=lambda key: (key[0].id, key[1].id))
        self.write({"payer_total": self.payer_done + len(keys)})
        journal = self.env["account.move"]._property_get_journal(self.company_id)
        cache = {}
        for chunk in split_every(PAYERS_PER_CHUNK, keys, list):
            self._bill_chunk({key: groups[key] for key in chunk}, journal, cache)
            self.payer_done += len(chunk)
            if commit:
                self.duration += time.monotonic() - started
                started = time.monotonic()
                remaining = self.env["ir.cron"]._commit_progress(
                    len(chunk), remaining=self.payer_total - self.payer_done
                )
                if remaining <= 0:
                    return  # time is up: the cron is triggered again and resumes
        self._finish(started)

    def _finish(self, started):
        lines = self.move_ids.line_ids.filtered("property_billing_line")
        self.write(
            {
                "state": "done_errors" if self.error_ids else "done",
                "duration": self.duration + time.monotonic() - started,
                "date_done": fields.Datetime.now(),
                "invoice_count": len(self.move_ids),
                "line_count": len(lines),
                "unit_count": len(lines.property_unit_id),
                "amount_total": sum(self.move_ids.mapped("amount_total")),
            }
        )
        self.flush_recordset()
        _logger.info(
            "billing run %s: %s bills, %s errors in %.1fs",
            self.name,
            self.invoice_count,
            len(self.error_ids),
            self.duration,
        )

    def _bill_chunk(self, groups, journal, cache):
        """Create and post the bills of a chunk of payers; a failing payer is isolated."""
        Move = self.env["account.move"]
        prepared, errors = [], []
        self._prefetch_payers(groups)
        for (project, partner), charges in groups.items():
            try:
                prepared.append(
                    (project, partner, self._prepare_bill(project, partner, charges, cache))
                )
            except (UserError, ValueError, KeyError) as exc:
                errors.append(self._error_vals(project, partner, charges, str(exc)))
        if prepared:
            try:
                with self.env.cr.savepoint():
                    names = Move._property_next_names(journal, self.invoice_date, len(prepared))
                    vals_list = [
                        dict(vals, name=n)
                        for (_p, _r, vals), n in zip(prepared, names, strict=True)
                    ]
                    moves = Move._property_create_bills(
                        [self._with_run(v, journal) for v in vals_list]
                    )
            except Exception:  # noqa: BLE001 - isolate the failing payer(s) below
                _logger.info("billing run %s: batch failed, billing payer by payer", self.name)
                moves = Move
                for project, partner, vals in prepared:
                    try:
                        with self.env.cr.savepoint():
                            moves |= Move._property_create_bills([self._with_run(vals, journal)])
                    except Exception as exc:  # noqa: BLE001
                        errors.append(self._error_vals(project, partner, [], str(exc)))
            self._after_bills(moves)
        self._log_errors(errors)

    def _prefetch_payers(self, groups):
        """Read what bills need of the chunk's payers in one query per company."""
        partners = self.env["res.partner"].browse({partner.id for _p, partner in groups})
        fnames = ["lang", "property_account_position_id", "property_account_receivable_id"]
        partners.with_company(self.company_id).fetch(fnames)

    def _with_run(self, vals, journal):
        return dict(vals, journal_id=journal.id, property_billing_run_id=self.id)

    def _after_bills(self, moves):
        self._link_readings(moves)
        moves._property_apply_prepayments()

    def _link_readings(self, moves):
        """Point billed meter readings to their bill line (one UPDATE for the chunk)."""
        lines = moves.line_ids.filtered(
            lambda line: line.property_billing_line
            and line.property_fee_type_id.pricing_method == "metered"
        )
        if not lines:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE property_meter_reading r
                      SET move_line_id = l.id
                     FROM account_move_line l
                     JOIN property_fee_type f ON f.id = l.property_fee_type_id
                    WHERE l.id = ANY(%s)
                      AND r.unit_id = l.property_unit_id
                      AND r.meter_type = f.meter_type
                      AND r.date = l.property_period_start""",
                lines.ids,
            )
        )
        self.env["property.meter.reading"].invalidate_model(["move_line_id"])

    def _log_errors(self, errors):
        if errors:
            self.env["property.billing.run.error"].create(errors)

    def _error_vals(self, project, partner, charges, reason):
        unit = charges[0]["unit"] if charges else self.env["property.unit"]
        return {
            "run_id": self.id,
            "project_id": project.id if project else False,
            "partner_id": partner.id if partner else False,
            "unit_id": unit.id if unit else False,
            "reason": reason,
        }

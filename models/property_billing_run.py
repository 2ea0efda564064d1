import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, LockError, UserError, ValidationError
from odoo.tools import SQL, split_every

from ..tools import billing, periods
from ..tools import charges as charge_tools
from ..tools.charges import Charge
from .property_billing_sequence import BillNumbers

_logger = logging.getLogger(__name__)

LOCK_CLASS = 774411  # advisory lock namespace of billing-run planning (second key: company)
PAYERS_PER_CHUNK = 500
# late-fee bills are copied below the ORM (one plain bill per payer): bigger chunks
LATE_FEE_PAYERS_PER_CHUNK = 2000
# Billing months accepted (an annual run bills twelve months from its billing month).
FIRST_YEAR, LAST_YEAR = 2000, 2099
# The bill date may lie this many days before the billed period or after its end.
INVOICE_DATE_MARGIN = 31
AREA_METHODS = ("per_area", "fixed")
# what billing reads: a plan made before any of these changed is still valid
PLAN_INPUTS = (
    "property.unit",
    "property.unit.occupancy",
    "property.fee.type",
    "property.fee.assignment",
    "property.meter.reading",
    "property.apportion.bill",
    "property.early.bird.campaign",
    "account.move",
)


class PropertyBillingRun(models.Model):
    """出账: bill every unit of a scope for one month, one posted invoice per payer.

    A run is planned once: every charge of the scope is computed, the problems are listed
    and the payers are split into chunks that carry their charges. Workers (the billing cron
    and the billing-worker cron, or the button) then claim chunks, bill them and commit; a
    crash loses only the chunk in progress, which stays to do. The unique index on billed
    lines makes double billing impossible whatever happens. Runs of one company are billed
    one after the other.
    """

    _name = "property.billing.run"
    _description = "Billing Run"
    _inherit = ["mail.thread", "property.guarded.mixin"]
    _order = "period_start desc, id desc"
    _check_company_auto = True
    # progress and results are written by planning and the workers only (see action_process)
    _guarded_fields = (
        "state",
        "payer_total",
        "planned_date",
        "plan_inputs",
        "date_started",
        "unit_count",
        "invoice_count",
        "line_count",
        "amount_total",
        "duration",
        "date_done",
    )

    # === Fields ===
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
        [
            ("cycle", "Regular Billing"),
            ("annual", "Annual Prepayment (12 months)"),
            ("late_fee", "Late Fees of the Month"),
        ],
        required=True,
        default="cycle",
        help="Annual prepayment bills area and fixed fees for twelve months from the "
        "billing month; early-bird campaigns apply to it. Late fees bills the late fees of "
        "the month, computed day by day from the receivable ledger, on the 1st of the next.",
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
    planned_date = fields.Datetime(string="Planned On", readonly=True, copy=False)
    plan_inputs = fields.Json(
        readonly=True, copy=False, help="State of what billing reads when the run was planned."
    )
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

    # === Constraints and indexes ===
    _running_uniq = models.UniqueIndex(
        "(company_id) WHERE state = 'running'",
        "Another billing run of this company is in progress: wait until it has finished.",
    )

    # === Compute methods ===
    @api.depends("period_start")
    def _compute_period_end(self):
        for run in self:
            run.period_end = run.period_start and billing.month_bounds(run.period_start)[1]

    @api.depends("period_start", "mode")
    def _compute_invoice_date(self):
        for run in self:
            if run.mode == "late_fee" and run.period_start:
                run.invoice_date = billing.month_bounds(run.period_start)[1] + periods.ONE_DAY
            else:
                run.invoice_date = run.period_start

    @api.depends("chunk_ids.state")
    def _compute_payer_done(self):
        done = dict(
            self.env["property.billing.run.chunk"]._read_group(
                [("run_id", "in", self.ids), ("state", "!=", "todo")],
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

    # === Constrains ===
    @api.constrains("period_start", "invoice_date", "mode")
    def _check_period(self):
        for run in self:
            run._check_period_values(run.period_start, run.invoice_date, run.mode)

    @api.model
    def _check_period_values(self, period_start, invoice_date, mode):
        """Raise a ValidationError for a billing month or bill date out of range."""
        if not period_start:
            return
        if not FIRST_YEAR <= period_start.year <= LAST_YEAR:
            raise ValidationError(
                self.env._(
                    "The billing month %(month)s is out of range: bill months from "
                    "%(first)s to %(last)s.",
                    month=period_start.strftime("%Y-%m"),
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )
        if not invoice_date:
            return
        start = billing.month_bounds(period_start)[0]
        end = billing.add_months(start, 12 if mode == "annual" else 1) - periods.ONE_DAY
        if mode == "late_fee":  # billed on the first day after the month
            start = end = end + periods.ONE_DAY
        earliest = start - timedelta(days=INVOICE_DATE_MARGIN)
        latest = end + timedelta(days=INVOICE_DATE_MARGIN)
        if not earliest <= invoice_date <= latest:
            raise ValidationError(
                self.env._(
                    "The bill date %(date)s is too far from the billed period %(start)s – "
                    "%(end)s: choose a date between %(earliest)s and %(latest)s.",
                    date=invoice_date,
                    start=start,
                    end=end,
                    earliest=earliest,
                    latest=latest,
                )
            )

    # === CRUD ===
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
        self._check_finance()
        for run in self.sudo():
            run._process()
        return True

    def action_queue(self):
        self._check_finance()
        self.sudo().filtered(lambda r: r.state == "draft").write({"state": "queued"})
        self.env.ref("property_fee_collection.ir_cron_property_billing_process")._trigger()
        return True

    def _preview(self):
        """Plan a draft run (the wizard's preview); returns ``(groups, problems)``."""
        self.ensure_one()
        self._check_finance()
        if self.state != "draft":
            raise UserError(self.env._("Only a draft billing run can be previewed."))
        return self.sudo()._plan()

    def _check_finance(self):
        """Billing is finance's: the runs' state and results are then written as superuser."""
        self.check_access("write")
        if not self.env.su and not self.env.user.has_group(
            "property_fee_collection.property_fee_collection_group_finance"
        ):
            raise AccessError(self.env._("Only finance or a manager can run billing."))

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
        # the notice carries its own letterhead: no document-layout dialog before printing
        return (
            self.env.ref("property_fee_collection.account_move_report_payment_notice")
            .with_context(discard_logo_check=True)
            .report_action(moves, config=False)
        )

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
                    ("state", "!=", "draft"),
                ],
                limit=1,
            ):
                self.create({"company_id": company.id, "period_start": month, "state": "queued"})
        self._cron_process_queued()

    @api.model
    def _cron_process_queued(self):
        """Plan queued runs and bill their chunks; resumes runs interrupted by a crash.

        A company's queued runs wait until its running run is finished.
        """
        for run in self.search([("state", "in", ("queued", "running"))], order="id"):
            run = run.with_company(run.company_id)
            if run.state == "queued" and not run._start(commit=True):
                continue
            run._work(commit=True)

    @api.model
    def _cron_billing_worker(self):
        """Second worker: helps bill the chunks of running runs (Odoo runs crons in parallel)."""
        for run in self.search([("state", "=", "running")], order="id"):
            run.with_company(run.company_id)._work(commit=True)

    # === Planning ===
    def _process(self, commit=False):
        """Plan (if needed) and bill everything in this process."""
        self.ensure_one()
        if self.state in ("draft", "queued"):
            self._start(commit)
        self._work(commit)

    def _start(self, commit=False):
        """Make the run the company's running run, planning it unless its plan (from a preview)
        is still valid. Returns False when it has to wait (cron), raises (interactive)."""
        if not self._lock_company(commit):
            return False
        try:
            running = self.search(
                [("company_id", "=", self.company_id.id), ("state", "=", "running")], limit=1
            )
            if running:
                if commit:
                    return False
                raise UserError(self._busy_message(running))
            reuse = self.mode != "late_fee" and self.chunk_ids
            if not (reuse and self.plan_inputs == self._plan_inputs()):
                self._plan()
            self._mark_running()
            if commit:
                self.env["ir.cron"]._commit_progress(remaining=self.payer_total)
                self.env.ref("property_fee_collection.ir_cron_property_billing_worker")._trigger()
        finally:
            self._unlock_company(commit)
        return True

    def _plan(self):
        """Compute every charge once, list the problems, split the payers into chunks (late
        fees: only who may owe them; each worker computes its chunk's fees when billing it).

        Returns ``(groups, errors)`` as ``_compute_charges`` does (used by the preview).
        """
        self.env["account.move"]._property_get_journal(self.company_id)  # before workers
        inputs = self._plan_inputs()
        self.error_ids.unlink()
        self.chunk_ids.unlink()
        if self.mode == "late_fee":
            # only who may owe late fees: each worker computes the fees of its chunk's
            # payers (in parallel, from the ledger as it is when the chunk is billed); the
            # late-fee product is made now, not by two workers at once
            self.env["property.receivable"]._late_fee_product(self.company_id)
            groups = dict.fromkeys(
                self.env["property.receivable"]._late_fee_payers(
                    self.company_id, (self.period_start, self.period_end), self.project_ids
                ),
                [],
            )
            errors = []
        else:
            groups, errors = self._compute_charges()
        self._log_errors(errors)
        keys = sorted(groups)
        self.env["property.billing.run.chunk"].create(
            [
                {
                    "run_id": self.id,
                    "sequence": index,
                    "payer_count": len(chunk),
                    "payers": [
                        {
                            "project": project_id,
                            "partner": partner_id,
                            "charges": [c.to_json() for c in groups[project_id, partner_id]],
                        }
                        for project_id, partner_id in chunk
                    ],
                }
                for index, chunk in enumerate(split_every(self._payers_per_chunk(), keys, list))
            ]
        )
        self.write(
            {
                "payer_total": len(keys),
                "planned_date": fields.Datetime.now(),
                "plan_inputs": inputs,
            }
        )
        return groups, errors

    def _payers_per_chunk(self):
        return LATE_FEE_PAYERS_PER_CHUNK if self.mode == "late_fee" else PAYERS_PER_CHUNK

    def _mark_running(self):
        self.write({"state": "running", "date_started": fields.Datetime.now()})
        self.flush_recordset(["state"])

    def _plan_inputs(self):
        """A fingerprint of the run's settings and of everything billing reads for its
        company (the count and the latest change of each input). A plan made with the same
        fingerprint is still valid."""
        self.env.flush_all()
        fingerprint = {
            "run": [
                str(self.period_start),
                str(self.invoice_date),
                self.mode,
                sorted(self.project_ids.ids),
            ]
        }
        for model in PLAN_INPUTS:
            Model = self.env[model]
            where = SQL("company_id = %s", self.company_id.id)
            if model == "account.move":
                where = SQL("%s AND property_project_id IS NOT NULL", where)
            count, last = self.env.execute_query(
                SQL(
                    "SELECT COUNT(*), MAX(write_date) FROM %s WHERE %s",
                    SQL.identifier(Model._table),
                    where,
                )
            )[0]
            fingerprint[model] = [count, last and last.isoformat()]
        return fingerprint

    def _lock_company(self, session):
        """Only one process plans or starts runs of a company at a time (advisory lock).

        ``session``: the lock outlives the commits of a cron (released explicitly);
        otherwise it lasts until the end of the transaction.
        """
        function = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
        self.env.cr.execute(
            SQL("SELECT %s(%s, %s)", SQL.identifier(function), LOCK_CLASS, self.company_id.id)
        )
        if self.env.cr.fetchone()[0]:
            return True
        if session:
            return False
        raise UserError(self._busy_message())

    def _unlock_company(self, session):
        if session:
            self.env.cr.execute(
                SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_CLASS, self.company_id.id)
            )

    def _busy_message(self, running=None):
        return self.env._(
            "Another billing run of %(company)s (%(run)s) is in progress: wait until it has "
            "finished, then start this one again.",
            company=self.company_id.name,
            run=running.name if running else "…",
        )

    # === Charges: who pays what, for which days ===
    def _compute_charges(self, units=None):
        """Everything to bill, ``{(project_id, partner_id): [Charge, ...]}``, and the
        problems found (values of ``property.billing.run.error``).

        A handful of queries for the whole scope; the rest is computed in memory.
        """
        if self.mode == "late_fee":
            period = (self.period_start, self.period_end)
            return (
                self.env["property.receivable"]._late_fee_charges(
                    self.company_id, period, self.project_ids or None
                ),
                [],
            )
        units = self._get_scope_units() if units is None else units
        billed = self._get_billed_periods(units)
        stays = units._get_stays_map()
        groups, errors = defaultdict(list), []
        self._area_charges(units, billed, stays, groups, errors)
        self._metered_charges(units, billed, stays, groups, errors)
        self._apportioned_charges(units, billed, stays, groups, errors)
        return groups, errors

    def _get_scope_units(self):
        projects = self.project_ids or self.env["property.project"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "active")]
        )
        return self.env["property.unit"].search([("project_id", "in", projects.ids)], order="id")

    def _fee_window(self, fee_type):
        """Billed period of an area/fixed fee type in this run, or None if not due now."""
        if self.mode == "annual":
            return self.period_start, billing.add_months(self.period_start, 12) - periods.ONE_DAY
        if not billing.is_cycle_start(fee_type.billing_cycle, self.period_start):
            return None
        months = billing.CYCLE_MONTHS[fee_type.billing_cycle]
        return self.period_start, billing.add_months(self.period_start, months) - periods.ONE_DAY

    def _get_billed_periods(self, units):
        """``{(unit_id, fee_type_id): [(from, to), ...]}`` of periods already billed."""
        if not units:
            return {}
        self.env["account.move.line"].flush_model(
            ["property_billed", "property_unit_id", "property_period_end"]
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT property_unit_id, property_fee_type_id,
                          property_period_start, property_period_end
                     FROM account_move_line
                    WHERE property_billed IS TRUE
                      AND property_unit_id = ANY(%s)
                      AND property_period_end >= %s""",
                units.ids,
                billing.add_months(self.period_start, -24),
            )
        )
        billed = defaultdict(list)
        for unit_id, fee_id, date_from, date_to in rows:
            billed[unit_id, fee_id].append((date_from, date_to))
        return billed

    @staticmethod
    def _is_billed(billed, unit, fee_type, date_from, date_to):
        return any(
            periods.intersect(date_from, date_to, b_from, b_to)
            for b_from, b_to in billed.get((unit.id, fee_type.id), ())
        )

    def _area_charges(self, units, billed, stays, groups, errors):
        fee_types = self.env["property.fee.type"].search(
            [("company_id", "=", self.company_id.id), ("pricing_method", "in", AREA_METHODS)]
        )
        windows = defaultdict(lambda: self.env["property.fee.type"])
        for fee_type in fee_types:
            window = self._fee_window(fee_type)
            if window:
                windows[window] |= fee_type
        unit_by_id = {unit.id: unit for unit in units}
        for (w_from, w_to), window_fees in windows.items():
            prices = self.env["property.fee.assignment"]._get_price_segments(
                units, w_from, w_to, window_fees
            )
            payers = {}
            fee_by_id = {fee.id: fee for fee in window_fees}
            for (unit_id, fee_id), segments in prices.items():
                unit, fee_type = unit_by_id[unit_id], fee_by_id[fee_id]
                if self._is_billed(billed, unit, fee_type, w_from, w_to):
                    continue
                if unit.id not in payers:
                    payers[unit.id] = unit._get_payer_segments(w_from, w_to, stays[unit.id])
                self._add_area_charges(
                    unit, fee_type, (w_from, w_to), segments, payers[unit.id], groups, errors
                )

    def _add_area_charges(self, unit, fee_type, window, segments, payer_segments, groups, errors):
        problem = self._check_fee(unit, fee_type, segments)
        pieces = billing.split_pieces(payer_segments, segments)
        if not problem and not pieces:
            problem = self.env._("No owner or payer for the billed period.")
        if problem:
            errors.append(self._problem(unit, fee_type, problem))
            return
        months = (
            billing.CYCLE_MONTHS["year"]
            if self.mode == "annual"
            else billing.CYCLE_MONTHS[fee_type.billing_cycle]
        )
        vacancy = (
            fee_type.vacancy_discount_percent
            if fee_type.vacancy_discount_enabled and unit.state == "vacant"
            else 0.0
        )
        for piece in pieces:
            full = billing.cycle_amount(
                fee_type.pricing_method, piece.price, months, unit.area, vacancy
            )
            amount = billing.prorate(full, piece.date_from, piece.date_to, *window)
            groups[unit.project_id.id, piece.partner.id].append(
                self._charge(unit, fee_type, piece.date_from, piece.date_to, amount, window)
            )

    def _metered_charges(self, units, billed, stays, groups, errors):
        Reading = self.env["property.meter.reading"]
        scope = Reading._billable_scope_domain(units, self.period_end)
        self._unconfirmed_readings(Reading.search(scope & Reading._to_confirm_domain()), errors)
        readings = Reading.search(scope & Reading._billable_domain())
        if not readings:
            return
        fee_types = self.env["property.fee.type"].search(
            [("company_id", "=", self.company_id.id), ("pricing_method", "=", "metered")]
        )
        by_meter = {fee.meter_type: fee for fee in fee_types}
        first = min(readings.mapped("date"))
        prices = self.env["property.fee.assignment"]._get_price_segments(
            readings.unit_id, first, self.period_end, fee_types
        )
        for reading in readings:
            fee_type = by_meter.get(reading.meter_type)
            unit = reading.unit_id
            if not fee_type or self._is_billed(billed, unit, fee_type, reading.date, reading.date):
                continue
            segments = prices.get((unit.id, fee_type.id), [])
            price = next((p for f, t, p in segments if f <= reading.date <= t), 0.0)
            problem = self._check_fee(unit, fee_type, [(reading.date, reading.date, price)])
            payer = self._payer_at(unit, reading.date, stays)
            if not problem and not payer:
                problem = self.env._("No owner or payer on the reading date.")
            if problem:
                errors.append(self._problem(unit, fee_type, problem))
                continue
            charge = self._charge(
                unit, fee_type, reading.date, reading.date, price, (reading.date, reading.date)
            )
            charge.quantity = reading.consumption
            charge.reading_id = reading.id
            groups[unit.project_id.id, payer.id].append(charge)

    def _unconfirmed_readings(self, readings, errors):
        """Readings far outside a unit's history wait for confirmation: listed, not billed."""
        if not readings:
            return
        by_meter = {
            fee.meter_type: fee
            for fee in self.env["property.fee.type"].search(
                [("company_id", "=", self.company_id.id), ("pricing_method", "=", "metered")]
            )
        }
        for reading in readings:
            errors.append(
                self._problem(
                    reading.unit_id,
                    by_meter.get(reading.meter_type, self.env["property.fee.type"]),
                    self.env._(
                        "Reading of %(date)s: consumption %(consumption)s is far outside "
                        "this unit's history; confirm or correct it before billing.",
                        date=reading.date,
                        consumption=reading.consumption,
                    ),
                )
            )

    def _apportioned_charges(self, units, billed, stays, groups, errors):
        bills = self.env["property.apportion.bill"].search(
            [("project_id", "in", units.project_id.ids), ("date_to", "<=", self.period_end)]
        )
        for shared in bills:
            fee_type = shared.fee_type_id
            for unit, amount in shared._get_shares().items():
                if self._is_billed(billed, unit, fee_type, shared.date_from, shared.date_to):
                    continue
                payer = self._payer_at(unit, shared.date_to, stays)
                problem = self._check_fee(unit, fee_type)
                if not problem and not payer:
                    problem = self.env._("No owner or payer at the end of the shared period.")
                if problem:
                    errors.append(self._problem(unit, fee_type, problem))
                    continue
                window = (shared.date_to, shared.date_to)
                groups[unit.project_id.id, payer.id].append(
                    self._charge(unit, fee_type, shared.date_from, shared.date_to, amount, window)
                )

    def _charge(self, unit, fee_type, date_from, date_to, amount, window):
        return Charge(
            fee_type_id=fee_type.id,
            product_id=fee_type.product_id.id,
            price_unit=billing.to_decimal(amount),
            unit_id=unit.id,
            date_from=date_from,
            date_to=date_to,
            due=window[0] + timedelta(days=fee_type.due_days),
            annual=billing.days_between(*window) >= 365,
        )

    def _check_fee(self, unit, fee_type, segments=()):
        if not fee_type.product_id or not fee_type.product_id.active:
            return self.env._("Fee type %(fee)s has no active product.", fee=fee_type.name)
        if any(not price for _from, _to, price in segments):
            return self.env._(
                "No rate for %(fee)s: set a rate on the fee type or its assignment.",
                fee=fee_type.name,
            )
        return None

    def _problem(self, unit, fee_type, reason):
        return {
            "run_id": self.id,
            "project_id": unit.project_id.id,
            "unit_id": unit.id,
            "fee_type_id": fee_type.id,
            "partner_id": unit.payer_id.id,
            "reason": reason,
        }

    @staticmethod
    def _payer_at(unit, day, stays):
        """The unit's payer on ``day`` (a partner record, or None)."""
        segments = unit._get_payer_segments(day, day, stays[unit.id])
        return segments[0].partner if segments and segments[0].partner else None

    # === Workers ===
    def _work(self, commit=False):
        """Bill chunks until none is left, then close the run."""
        self.ensure_one()
        journal = self.env["account.move"]._property_get_journal(self.company_id)
        numbers = BillNumbers(self.env, journal, self.invoice_date)
        cache = {}
        while chunk := self._claim_chunk(commit):
            if not self._bill_claimed_chunk(chunk, journal, numbers, cache, commit):
                self._log_number_gap(numbers.release(), commit)
                return  # time is up: the cron is triggered again and resumes
        self._log_number_gap(numbers.release(), commit)
        self._finish_if_complete(commit)
        if commit:
            self.env["ir.cron"]._commit_progress()

    def _claim_chunk(self, commit):
        """The next chunk to bill, locked for this worker (others skip it), or None."""
        todo = self.env["property.billing.run.chunk"].search(
            [("run_id", "=", self.id), ("state", "=", "todo")], order="sequence, id"
        )
        try:
            return todo.try_lock_for_update(limit=1) or None
        except SerializationFailure:
            if not commit:
                raise
            # another worker finished the chunk after this transaction started: look again
            self.env.cr.rollback()
            return self._claim_chunk(commit)

    def _bill_claimed_chunk(self, chunk, journal, numbers, cache, commit):
        """Bill one claimed chunk. Returns False when the cron's time is up.

        In a cron, a chunk that fails as a whole is rolled back, marked failed with the
        reason (listed on the run) and its bill numbers are kept for the next chunk.
        """
        handed_out = set(numbers.handed_out)
        if not commit:
            self._bill_chunk(chunk, journal, numbers, cache)
            chunk.state = "done"
            return True
        try:
            self._bill_chunk(chunk, journal, numbers, cache)
            chunk.state = "done"
            remaining = self.env["ir.cron"]._commit_progress(chunk.payer_count)
            # committed: forget the chunk's bills and payers, so that a worker's memory stays
            # that of one chunk whatever the size of the run
            self.env.invalidate_all()
        except Exception as exc:  # noqa: BLE001 - the chunk is recorded as failed
            self.env.cr.rollback()
            numbers.give_back([name for name in numbers.handed_out if name not in handed_out])
            _logger.exception("billing run %s: chunk %s failed", self.name, chunk.id)
            chunk.write({"state": "failed"})
            self._log_errors([self._error_vals(None, None, [], str(exc))])
            remaining = self.env["ir.cron"]._commit_progress(chunk.payer_count)
        return remaining > 0

    def _bill_chunk(self, chunk, journal, numbers, cache):
        """Create and post the bills of a chunk of payers; a failing payer is isolated."""
        groups = chunk._payer_charges()
        if self.mode == "late_fee":
            groups = self._late_fee_chunk_charges(groups)
        self._prefetch(groups)
        prepared, errors = [], []
        for (project_id, partner_id), charges in groups.items():
            project = self.env["property.project"].browse(project_id)
            partner = self.env["res.partner"].browse(partner_id)
            try:
                vals = self._prepare_bill(project, partner, charges, cache)
            except (UserError, ValueError, KeyError) as exc:
                errors.append(self._error_vals(project, partner, charges, str(exc)))
                continue
            prepared.append((project, partner, charges, vals))
        moves = self._create_bills(prepared, journal, numbers, errors, cache)
        self._after_bills(moves)
        self._log_errors(errors)

    def _late_fee_chunk_charges(self, payers):
        """The late fees of the chunk's ``payers`` ({(project_id, partner_id): ...})."""
        charges = self.env["property.receivable"]._late_fee_charges(
            self.company_id,
            (self.period_start, self.period_end),
            self.project_ids or None,
            partners=list({partner_id for _project_id, partner_id in payers}),
        )
        return {key: charges[key] for key in payers if key in charges}

    def _prefetch(self, groups):
        """Read what bills need of the chunk's payers, units and readings in a few queries."""
        partners = self.env["res.partner"].browse({partner_id for _p, partner_id in groups})
        fnames = ["lang", "property_account_position_id", "property_account_receivable_id"]
        partners.with_company(self.company_id).fetch(fnames)
        all_charges = [charge for charges in groups.values() for charge in charges]
        self.env["property.unit"].browse({c.unit_id for c in all_charges if c.unit_id}).fetch(
            ["name"]
        )
        self.env["property.meter.reading"].browse(
            {c.reading_id for c in all_charges if c.reading_id}
        ).fetch(["previous_reading", "current_reading", "consumption", "date"])

    def _prepare_bill(self, project, partner, charges, cache):
        """Bill values for one payer: lines named in the payer's language, early-bird lines."""
        if not partner:
            raise UserError(self.env._("No payer."))
        lang = partner.lang or self.env.lang
        for charge in charges:
            charge.label = charge.label or self._line_label(charge, lang, cache)
        charges = charges + self._early_bird_charges(project, charges, lang)
        due = max(self.invoice_date, min(charge.due for charge in charges))
        return self.env["account.move"]._property_prepare_bill_vals(
            partner, project, charges, (self.invoice_date, due), cache
        )

    def _line_label(self, charge, lang, cache):
        key = ("label", charge.fee_type_id, lang)
        if key not in cache:
            cache[key] = (
                self.env["property.fee.type"].browse(charge.fee_type_id).with_context(lang=lang)
            ).name
        unit = self.env["property.unit"].browse(charge.unit_id)
        if charge.reading_id:
            reading = self.env["property.meter.reading"].browse(charge.reading_id)
            return (
                f"{cache[key]} {unit.name} {reading.previous_reading:g}→"
                f"{reading.current_reading:g} ({reading.consumption:g}) {reading.date}"
            )
        return f"{cache[key]} {unit.name} {charge.date_from}~{charge.date_to}"

    def _early_bird_charges(self, project, charges, lang):
        if not any(charge.annual for charge in charges):
            return []
        campaigns = self.env["property.early.bird.campaign"]._get_active(
            self.company_id, project, self.invoice_date
        )
        FeeType = self.env["property.fee.type"]
        return [
            campaign._discount_charge(FeeType.browse(fee_type_id), base, lang)
            for campaign, fee_type_id, base in charge_tools.early_bird_bases(
                charges,
                [
                    (campaign, lambda fee_id, c=campaign: c._applies_to_fee(FeeType.browse(fee_id)))
                    for campaign in campaigns
                ],
            )
        ]

    def _create_bills(self, prepared, journal, numbers, errors, cache):
        """Create and post the prepared bills in one batch; if the batch fails, payer by payer
        in savepoints. Bill numbers are only used by bills that exist: the numbers of failed
        payers go back to ``numbers``."""
        if not prepared:
            return self.env["account.move"]
        Move = self.env["account.move"]
        names = numbers.take(len(prepared))
        try:
            with self.env.cr.savepoint():
                return Move._property_create_bills(
                    [
                        self._bill_vals(vals, journal, name)
                        for (_p, _r, _c, vals), name in zip(prepared, names, strict=True)
                    ],
                    # one plain bill per payer: copied below the ORM (see account_move.py)
                    prototypes=cache.setdefault("prototypes", {})
                    if self.mode == "late_fee"
                    else None,
                )
        except Exception:  # noqa: BLE001 - isolate the failing payer(s) below
            _logger.info("billing run %s: batch failed, billing payer by payer", self.name)
        moves, unused = Move, list(names)
        for project, partner, charges, vals in prepared:
            try:
                with self.env.cr.savepoint():
                    moves |= Move._property_create_bills(
                        [self._bill_vals(vals, journal, unused[0])]
                    )
                unused.pop(0)
            except Exception as exc:  # noqa: BLE001
                errors.append(self._error_vals(project, partner, charges, str(exc)))
        numbers.give_back(unused)
        return moves

    def _bill_vals(self, vals, journal, name):
        return dict(vals, name=name, journal_id=journal.id, property_billing_run_id=self.id)

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

    # === Closing ===
    def _finish_if_complete(self, commit=False):
        """The last worker closes the run: counters, state, sequence-gap flags."""
        self.env.flush_all()
        try:
            self.lock_for_update()
        except LockError:
            # another worker is closing the run; if it saw this worker's last chunk as
            # still to do, the processing cron closes the run shortly
            if commit:
                self.env.ref("property_fee_collection.ir_cron_property_billing_process")._trigger()
            return
        self.invalidate_recordset()
        if self.state != "running" or self.env["property.billing.run.chunk"].search_count(
            [("run_id", "=", self.id), ("state", "=", "todo")], limit=1
        ):
            return
        invoices, lines, units, amount = self.env.execute_query(
            SQL(
                """SELECT COUNT(DISTINCT m.id),
                          COUNT(l.id) FILTER (WHERE l.property_billing_line),
                          COUNT(DISTINCT l.property_unit_id) FILTER (WHERE l.property_billing_line),
                          COALESCE(SUM(l.price_total) FILTER (WHERE l.display_type = 'product'), 0)
                     FROM account_move m
                     JOIN account_move_line l ON l.move_id = m.id
                    WHERE m.property_billing_run_id = %s""",
                self.id,
            )
        )[0]
        self._fix_sequence_gap_flags()
        now = fields.Datetime.now()
        self.write(
            {
                "state": "done_errors" if self.error_ids else "done",
                "date_done": now,
                "duration": (now - (self.date_started or now)).total_seconds(),
                "invoice_count": invoices,
                "line_count": lines,
                "unit_count": units,
                "amount_total": amount,
            }
        )
        self.flush_recordset()
        _logger.info(
            "billing run %s: %s bills, %s problems, %.1fs",
            self.name,
            invoices,
            len(self.error_ids),
            self.duration,
        )

    def _fix_sequence_gap_flags(self):
        """Parallel workers post numbers out of order: clear the gap flag where the previous
        number exists now."""
        self.env.cr.execute(
            SQL(
                """UPDATE account_move m SET made_sequence_gap = FALSE
                    WHERE m.property_billing_run_id = %s AND m.made_sequence_gap
                      AND EXISTS (SELECT 1 FROM account_move p
                                   WHERE p.journal_id = m.journal_id
                                     AND p.sequence_prefix = m.sequence_prefix
                                     AND p.sequence_number = m.sequence_number - 1)""",
                self.id,
            )
        )
        self.env["account.move"].invalidate_model(["made_sequence_gap"])

    def _log_number_gap(self, names, commit):
        """Numbers reserved but unused that could not be handed back (listed on the run)."""
        if not names:
            return
        self._log_errors(
            [
                self._error_vals(
                    None,
                    None,
                    [],
                    self.env._(
                        "Bill numbers %(first)s to %(last)s were reserved but not used "
                        "(%(count)s numbers).",
                        first=names[0],
                        last=names[-1],
                        count=len(names),
                    ),
                )
            ]
        )
        if commit:
            self.env["ir.cron"]._commit_progress()

    def _log_errors(self, errors):
        if errors:
            self.env["property.billing.run.error"].create(errors)

    def _error_vals(self, project, partner, charges, reason):
        unit_id = next((charge.unit_id for charge in charges if charge.unit_id), False)
        return {
            "run_id": self.id,
            "project_id": project.id if project else False,
            "partner_id": partner.id if partner else False,
            "unit_id": unit_id,
            "reason": reason,
        }

import json
import logging

from psycopg2.errors import SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

LOCK_CLASS = 774411  # advisory lock namespace of billing-run planning (second key: company)
PAYERS_PER_CHUNK = 500


class PropertyBillingRun(models.Model):
    """Processing of billing runs: plan once, then bill chunk by chunk, in parallel workers.

    Planning computes every charge of the scope, lists the problems and splits the payers
    into chunks. Workers (the billing cron and the helper cron, or the button) claim chunks
    with ``FOR UPDATE SKIP LOCKED``, bill them and commit; a crash loses only the chunk in
    progress, which stays to do. The unique index on billed lines makes double billing
    impossible whatever happens.
    """

    _inherit = "property.billing.run"

    # === Entry points ===
    @api.model
    def _cron_process_queued(self):
        """Plan queued runs and bill their chunks; resumes runs interrupted by a crash."""
        for run in self.search([("state", "in", ("queued", "running"))], order="id"):
            run = run.with_company(run.company_id)
            if run.state == "queued" and not run._plan(commit=True):
                continue
            run._work(commit=True)

    @api.model
    def _cron_billing_worker(self):
        """Second worker: helps bill the chunks of running runs (Odoo runs crons in parallel)."""
        for run in self.search([("state", "=", "running")], order="id"):
            run.with_company(run.company_id)._work(commit=True)

    def _process(self, commit=False):
        """Plan (if needed) and bill everything in this process."""
        self.ensure_one()
        if self.state in ("draft", "queued") or not self.chunk_ids:
            self._plan(commit)
        self._work(commit)

    # === Planning ===
    def _plan(self, commit=False):
        """Compute the charges, log the problems, split the payers into chunks.

        Returns False when another process is planning a run of the same company (cron), or
        raises (interactive).
        """
        if not self._try_lock(session=commit):
            if commit:
                return False
            raise UserError(
                self.env._(
                    "Another billing run of %(company)s is in progress: wait until it has "
                    "finished, then start this one again.",
                    company=self.company_id.name,
                )
            )
        try:
            self.env["account.move"]._property_get_journal(self.company_id)  # before workers
            self.write({"state": "running"})
            self.flush_recordset(["state"])
            self.error_ids.unlink()
            self.chunk_ids.unlink()
            groups, errors = self._compute_charges()
            self._log_errors(errors)
            keys = sorted(groups, key=lambda key: (key[0].id, key[1].id))
            self.env["property.billing.run.chunk"].create(
                [
                    {
                        "run_id": self.id,
                        "sequence": index,
                        "payer_count": len(chunk),
                        "payers_json": json.dumps([[p.id, r.id] for p, r in chunk]),
                        "unit_ids_json": json.dumps(
                            sorted(
                                {c["unit"].id for key in chunk for c in groups[key] if c["unit"]}
                            )
                        ),
                    }
                    for index, chunk in enumerate(split_every(PAYERS_PER_CHUNK, keys, list))
                ]
            )
            self.write({"payer_total": len(keys), "date_started": fields.Datetime.now()})
            if commit:
                self.env["ir.cron"]._commit_progress(remaining=len(keys))
                self.env.ref("property_fee_collection.ir_cron_property_billing_worker")._trigger()
        finally:
            if commit:
                self.env.cr.execute(
                    SQL("SELECT pg_advisory_unlock(%s, %s)", LOCK_CLASS, self.company_id.id)
                )
        return True

    def _try_lock(self, session):
        function = "pg_try_advisory_lock" if session else "pg_try_advisory_xact_lock"
        self.env.cr.execute(
            SQL("SELECT %s(%s, %s)", SQL.identifier(function), LOCK_CLASS, self.company_id.id)
        )
        return self.env.cr.fetchone()[0]

    # === Workers ===
    def _work(self, commit=False):
        """Bill chunks until none is left, then close the run."""
        self.ensure_one()
        journal = self.env["account.move"]._property_get_journal(self.company_id)
        cache = {}
        while chunk := self._claim_chunk():
            self._bill_chunk(self._chunk_groups(chunk), journal, cache)
            chunk.state = "done"
            if commit:
                remaining = self.env["ir.cron"]._commit_progress(chunk.payer_count)
                if remaining <= 0:
                    return  # time is up: the cron is triggered again and resumes
        if commit:
            try:
                self._finish_if_complete()
                self.env["ir.cron"]._commit_progress()
            except SerializationFailure:
                self.env.cr.rollback()  # another worker closed the run at the same time
        else:
            self._finish_if_complete()

    def _claim_chunk(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT id FROM property_billing_run_chunk
                    WHERE run_id = %s AND state = 'todo'
                 ORDER BY sequence LIMIT 1 FOR UPDATE SKIP LOCKED""",
                self.id,
            )
        )
        row = self.env.cr.fetchone()
        return self.env["property.billing.run.chunk"].browse(row[0]) if row else None

    def _chunk_groups(self, chunk):
        """The charges of the chunk's payers (recomputed for the chunk's units only)."""
        units = self.env["property.unit"].browse(chunk._unit_ids())
        keys = chunk._payer_keys()
        groups, errors = self._compute_charges(units)
        del errors  # logged by the planning already
        return {key: charges for key, charges in groups.items() if (key[0].id, key[1].id) in keys}

    def _finish_if_complete(self):
        """The last worker closes the run: counters, state, sequence-gap flags."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT id FROM property_billing_run WHERE id = %s FOR UPDATE", self.id)
        )
        self.invalidate_recordset()
        if self.state != "running" or self.chunk_ids.filtered(lambda c: c.state == "todo"):
            return
        self.env.cr.execute(
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
        )
        invoices, lines, units, amount = self.env.cr.fetchone()
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

import logging
import time
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

CHUNK = 2000


class PropertyDunningState(models.Model):
    """The daily dunning run: set-based, one level at a time, grouped per payer."""

    _inherit = "property.dunning.state"

    @api.model
    def _cron_dunning(self):
        for company in self.env["res.company"].search([("property_dunning_enabled", "=", True)]):
            self.with_company(company)._run_dunning(company, commit=True)

    @api.model
    def _run_dunning(self, company, today=None, commit=False):
        """Refresh every payer's state of ``company`` and escalate those that are due.

        Returns the created actions. A second run on the same day creates nothing: a state
        escalates at most once a day and one level at a time.
        """
        started = time.monotonic()
        today = today or fields.Date.context_today(self)
        ctx = dict(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            mail_activity_quick_update=True,
        )
        self = self.with_context(**ctx)
        self._lift_expired_exclusions(company, today)
        rows = self._dunning_aggregates(company, today)
        states = self._sync_states(company, rows)
        actions = self.env["property.dunning.action"]
        keys = list(rows)
        for chunk in split_every(CHUNK, keys, list):
            chunk_states = self.browse([states[key] for key in chunk])
            actions |= chunk_states._escalate({key: rows[key] for key in chunk}, today)
            if commit:
                self.env["ir.cron"]._commit_progress(len(chunk), remaining=len(keys))
        _logger.info(
            "dunning %s: %s payers, %s actions in %.1fs",
            company.name,
            len(keys),
            len(actions),
            time.monotonic() - started,
        )
        return actions

    # === Aggregates (one query) ===
    @api.model
    def _dunning_aggregates(self, company, today):
        """Open property bills per (payer, project): amounts, oldest due date, bills, units."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.commercial_partner_id, m.property_project_id,
                       SUM(m.amount_residual),
                       COALESCE(SUM(m.amount_residual)
                                FILTER (WHERE m.invoice_date_due < %(today)s), 0),
                       MIN(m.invoice_date_due),
                       ARRAY_AGG(m.id ORDER BY m.invoice_date_due, m.id),
                       (SELECT ARRAY_AGG(DISTINCT l.property_unit_id)
                          FROM account_move_line l
                         WHERE l.move_id = ANY(ARRAY_AGG(m.id)) AND l.property_unit_id IS NOT NULL)
                  FROM account_move m
                 WHERE m.company_id = %(company)s
                   AND m.move_type = 'out_invoice'
                   AND m.state = 'posted'
                   AND m.payment_state IN ('not_paid', 'partial')
                   AND m.property_project_id IS NOT NULL
                   AND m.amount_residual > 0
              GROUP BY m.commercial_partner_id, m.property_project_id
                """,
                today=today,
                company=company.id,
            )
        )
        return {
            (partner, project): {
                "open": float(open_amount),
                "overdue": float(overdue),
                "oldest": oldest,
                "move_ids": move_ids,
                "unit_ids": unit_ids or [],
            }
            for partner, project, open_amount, overdue, oldest, move_ids, unit_ids in rows
        }

    # === States ===
    @api.model
    def _lift_expired_exclusions(self, company, today):
        self.search(
            [
                ("company_id", "=", company.id),
                ("excluded", "=", True),
                ("exclusion_until", "<", today),
            ]
        ).write({"excluded": False})

    @api.model
    def _sync_states(self, company, rows):
        """``{(partner_id, project_id): state_id}``; creates missing states, resets paid ones
        and refreshes amounts with one UPDATE per chunk."""
        existing = self.search_fetch(
            [("company_id", "=", company.id)],
            ["partner_id", "project_id", "level_id", "open_amount"],
        )
        by_key = {(s.partner_id.id, s.project_id.id): s.id for s in existing}
        paid = existing.filtered(
            lambda s: (s.partner_id.id, s.project_id.id) not in rows
            and (s.level_id or s.open_amount)
        )
        paid.write(
            {"level_id": False, "open_amount": 0.0, "overdue_amount": 0.0, "oldest_due_date": False}
        )
        missing = [key for key in rows if key not in by_key]
        created = self.create(
            [{"partner_id": partner, "project_id": project} for partner, project in missing]
        )
        by_key.update(zip(missing, created.ids, strict=True))
        self._write_amounts(by_key, rows)
        return by_key

    @api.model
    def _write_amounts(self, by_key, rows):
        collectors = self._collectors(rows)
        for chunk in split_every(5000, list(rows), list):
            values = SQL(", ").join(
                SQL(
                    "(%s, %s::numeric, %s::numeric, %s::date, %s::int)",
                    by_key[key],
                    rows[key]["open"],
                    rows[key]["overdue"],
                    rows[key]["oldest"],
                    collectors.get(key) or None,
                )
                for key in chunk
            )
            self.env.cr.execute(
                SQL(
                    """UPDATE property_dunning_state s
                          SET open_amount = v.open, overdue_amount = v.overdue,
                              oldest_due_date = v.oldest, collector_id = v.collector
                         FROM (VALUES %s) AS v(id, open, overdue, oldest, collector)
                        WHERE s.id = v.id""",
                    values,
                )
            )
            self._write_units(chunk, by_key, rows)
        self.invalidate_model(
            ["open_amount", "overdue_amount", "oldest_due_date", "collector_id", "unit_ids"]
        )

    @api.model
    def _write_units(self, keys, by_key, rows):
        state_ids = [by_key[key] for key in keys]
        self.env.cr.execute(
            SQL("DELETE FROM property_dunning_state_unit_rel WHERE state_id = ANY(%s)", state_ids)
        )
        pairs = [(by_key[key], unit) for key in keys for unit in rows[key]["unit_ids"]]
        if pairs:
            self.env.cr.execute(
                SQL(
                    """INSERT INTO property_dunning_state_unit_rel (state_id, unit_id)
                       VALUES %s ON CONFLICT DO NOTHING""",
                    SQL(", ").join(SQL("(%s, %s)", state, unit) for state, unit in pairs),
                )
            )

    @api.model
    def _collectors(self, rows):
        """The collector of each payer: the building collector of the first unit, else the
        project manager."""
        units = self.env["property.unit"].browse(
            {unit for row in rows.values() for unit in row["unit_ids"][:1]}
        )
        collector_by_unit = {
            unit.id: unit.building_id.collector_id.id or unit.project_id.manager_id.id
            for unit in units
        }
        managers = {
            project.id: project.manager_id.id
            for project in self.env["property.project"].browse({key[1] for key in rows})
        }
        return {
            key: collector_by_unit.get(row["unit_ids"][0])
            if row["unit_ids"]
            else managers.get(key[1])
            for key, row in rows.items()
        }

    # === Escalation ===
    def _escalate(self, rows, today):
        """Move each due state one level up and carry out that level's actions."""
        self.fetch(["partner_id", "project_id", "level_id", "last_action_date", "pause_reason"])
        by_level = defaultdict(list)
        for state in self:
            row = rows[state.partner_id.id, state.project_id.id]
            level = state._due_level(row, today)
            if level:
                by_level[level].append((state, row))
        actions = self.env["property.dunning.action"]
        for level, items in by_level.items():
            actions |= self._apply_level(level, items, today)
        return actions

    def _due_level(self, row, today):
        """The next level if it is due today, else None (never more than one level)."""
        if self.pause_reason or self.last_action_date == today:
            return None
        level = self._next_level()
        if not level:
            return None
        days = (today - row["oldest"]).days
        months_ok = level.min_months and days >= level.min_months * 30
        if days < level.days and not months_ok:
            return None
        amount = row["open"] if level.days <= 0 else row["overdue"]
        if amount < (level.min_amount or 0.01):
            return None
        return level

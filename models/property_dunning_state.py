import logging
import time
from collections import defaultdict
from datetime import datetime
from datetime import time as day_time

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

from ..tools import call_window, ladder

HOLD_REASONS = ("promise", "hardship", "dispute", "excluded")

MANAGER = "property_fee_collection.property_fee_collection_group_manager"

DEFAULT_TZ = "Asia/Shanghai"
CONTACT_TYPES = ("call", "sms", "wechat", "visit")


class _Placeholders(dict):
    """``str.format_map`` values that leave unknown placeholders as they are."""

    def __missing__(self, key):
        return "{" + key + "}"


_logger = logging.getLogger(__name__)

CHUNK = 2000

PAUSE_REASONS = [
    ("promise", "Promise to Pay Pending"),
    ("hardship", "Hardship"),
    ("dispute", "Payment Dispute"),
    ("excluded", "Excluded Manually"),
    ("installment", "Installment Plan Kept"),
    ("approval", "Waiting for Approval"),
    ("legal", "Legal Case"),
]


class PropertyDunningState(models.Model):
    """催缴状态: where one payer stands in the dunning ladder of one project.

    The daily dunning run (set-based: one aggregate query, batched creates, one UPDATE per
    chunk) refreshes every payer's state and moves those that are due one level up; each
    escalation is one grouped ``property.dunning.action`` with its e-mail, SMS, letter and
    tasks.
    """

    _name = "property.dunning.state"
    _description = "Dunning State"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "property.guarded.mixin",
        "property.company.check.mixin",
    ]
    _order = "overdue_amount desc, id"
    _check_company_auto = True
    _rec_names_search = ["partner_id.name", "partner_id.phone"]
    # where a payer stands is computed by the dunning run (superuser): the level, amounts and
    # last action are not edited by hand; pauses stay editable by the roles allowed, tracked
    _guarded_fields = (
        "partner_id",
        "project_id",
        "unit_ids",
        "collector_id",
        "level_id",
        "open_amount",
        "overdue_amount",
        "oldest_due_date",
        "last_action_id",
        "last_action_date",
    )

    partner_id = fields.Many2one("res.partner", string="Payer", required=True, index=True)
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    phone = fields.Char(related="partner_id.phone")
    unit_ids = fields.Many2many(
        "property.unit",
        "property_dunning_state_unit_rel",
        "state_id",
        "unit_id",
        string="Units",
        readonly=True,
    )
    collector_id = fields.Many2one("res.users", string="Collector", readonly=True, index=True)
    level_id = fields.Many2one("property.dunning.level", string="Level", readonly=True, index=True)
    level_sequence = fields.Integer(related="level_id.sequence", string="Level No.", store=True)
    open_amount = fields.Monetary(readonly=True)
    overdue_amount = fields.Monetary(readonly=True)
    oldest_due_date = fields.Date(readonly=True)
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    last_action_id = fields.Many2one("property.dunning.action", string="Last Action", readonly=True)
    last_action_date = fields.Date(readonly=True, index=True)
    next_level_id = fields.Many2one(
        "property.dunning.level", string="Next Level", compute="_compute_next_action"
    )
    next_action_date = fields.Date(string="Next Action", compute="_compute_next_action")
    action_ids = fields.One2many("property.dunning.action", "state_id", string="Actions")
    activity_log_ids = fields.One2many(
        "property.collection.activity", "state_id", string="Collection Log"
    )
    promise_ids = fields.One2many("property.payment.promise", "state_id", string="Promises")
    last_outcome = fields.Selection(
        related="activity_log_ids.outcome", string="Last Outcome", readonly=True
    )
    # === Pause reasons ===
    hardship = fields.Boolean(related="partner_id.property_hardship")
    # payment_dispute: computed from the payer's complaints (a complaint marked "payment
    # dispute" pauses dunning), see the complaints section below
    excluded = fields.Boolean(tracking=True)
    exclusion_reason = fields.Char(tracking=True)
    exclusion_until = fields.Date(string="Excluded Until", tracking=True)
    pause_reason = fields.Selection(
        PAUSE_REASONS, compute="_compute_pause_reason", store=True, index=True
    )
    installment_plan_ids = fields.One2many(
        "property.installment.plan", "state_id", string="Installment Plans"
    )
    legal_case_ids = fields.One2many("property.legal.case", "state_id", string="Legal Cases")

    _partner_project_uniq = models.Constraint(
        "UNIQUE (partner_id, project_id)", "A payer has one dunning state per project."
    )

    # === Display name (breadcrumbs, links) ===
    @api.depends("partner_id", "project_id")
    def _compute_display_name(self):
        for state in self:
            state.display_name = " · ".join(
                part for part in (state.partner_id.name, state.project_id.name) if part
            )

    @api.depends("oldest_due_date")
    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for state in self:
            state.days_overdue = (
                (today - state.oldest_due_date).days if state.oldest_due_date else 0
            )

    @api.depends("level_id", "oldest_due_date", "pause_reason", "last_action_date")
    def _compute_next_action(self):
        """Next level and the day it is due on the ladder clock (at the earliest the day after
        the last action; a legal level not before the lawyer's letter's deadline)."""
        today = fields.Date.context_today(self)
        holds = self.filtered("level_id")._hold_intervals(today)
        deadlines = self.filtered("level_id")._letter_deadlines()
        for state in self:
            level = state._next_level()
            state.next_level_id = level
            date = False
            if level and not state.pause_reason and state.oldest_due_date:
                lag = (today - state.oldest_due_date).days - state._ladder_clock(
                    today, holds.get(state.id, [])
                )
                date = fields.Date.add(state.oldest_due_date, days=level.days + max(lag, 0))
                if state.last_action_date:
                    date = max(date, fields.Date.add(state.last_action_date, days=1))
                if level.channel_legal and state.id in deadlines:
                    # not before the delivered lawyer's letter's deadline (unknown until then)
                    deadline = deadlines[state.id]
                    date = deadline and max(date, fields.Date.add(deadline, days=1))
            state.next_action_date = date

    @api.depends(
        "partner_id.property_hardship",
        "payment_dispute",
        "excluded",
        "promise_ids.state",
        "installment_plan_ids.state",
        "legal_case_ids.is_open",
        "approval_pending",
        "level_id",
    )
    def _compute_pause_reason(self):
        """Why escalation is paused; exclusions past their end date are lifted by the daily
        run (see ``_lift_expired_exclusions``)."""
        promised, in_court, on_plan = self._paused_by()
        for state in self:
            if state.id in promised:
                state.pause_reason = "promise"
            elif state.partner_id.property_hardship:
                state.pause_reason = "hardship"
            elif state.payment_dispute:
                state.pause_reason = "dispute"
            elif state.excluded:
                state.pause_reason = "excluded"
            elif state.id in in_court:
                state.pause_reason = "legal"
            elif state.id in on_plan:
                state.pause_reason = "installment"
            elif state.approval_pending:
                state.pause_reason = "approval"
            elif state.level_id.channel_legal:
                state.pause_reason = "legal"
            else:
                state.pause_reason = False

    def _paused_by(self):
        """``(promised, in_court, on_plan)``: ids of these states with a pending promise to
        pay, an open legal case, an active installment plan; one query each for all stored
        states (the run recomputes thousands at once), new records read their own lines."""
        stored = self.filtered("id")

        def with_line(model, domain):
            groups = self.env[model]._read_group(
                [("state_id", "in", stored.ids), *domain], ["state_id"]
            )
            return {state.id for [state] in groups}

        promised = with_line("property.payment.promise", [("state", "=", "pending")])
        in_court = with_line("property.legal.case", [("is_open", "=", True)])
        on_plan = with_line("property.installment.plan", [("state", "=", "active")])
        for state in self - stored:
            if "pending" in state.promise_ids.mapped("state"):
                promised.add(state.id)
            if state.legal_case_ids.filtered("is_open"):
                in_court.add(state.id)
            if "active" in state.installment_plan_ids.mapped("state"):
                on_plan.add(state.id)
        return promised, in_court, on_plan

    def _next_level(self):
        self.ensure_one()
        levels = self._policy().level_ids.sorted("sequence")
        if not self.level_id:
            return levels[:1]
        following = levels.filtered(lambda lv: lv.sequence > self.level_id.sequence)
        return following[:1]

    def _policy(self):
        self.ensure_one()
        return (
            self.project_id.dunning_policy_id or self.env["property.dunning.policy"]._get_default()
        )

    # === Actions ===
    def action_log_call(self):
        """Two clicks: open a prefilled collection log entry for this payer."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log Collection Activity"),
            "res_model": "property.collection.activity",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_state_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_project_id": self.project_id.id,
                "default_unit_ids": self.unit_ids.ids,
                "default_activity_type": "call",
            },
        }

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_bill_action"
        )
        action["domain"] = [
            ("property_receivable_ids.state", "=", "open"),
            ("property_receivable_ids.partner_id", "=", self.partner_id.id),
            ("property_project_id", "=", self.project_id.id),
        ]
        return action

    def action_resume(self):
        """End a manual exclusion now (a payment dispute ends with its complaint)."""
        if not self.env.user.has_group(
            "property_fee_collection.property_fee_collection_group_manager"
        ):
            raise UserError(self.env._("Only a manager can resume dunning."))
        # an exclusion ended early keeps its real end (pause history of the ladder clock)
        yesterday = fields.Date.subtract(fields.Date.context_today(self), days=1)
        excluded = self.filtered("excluded")
        excluded.write({"excluded": False, "exclusion_until": yesterday})
        return True

    @api.constrains("excluded", "exclusion_reason", "exclusion_until")
    def _check_exclusion(self):
        for state in self:
            if state.excluded and not (state.exclusion_reason and state.exclusion_until):
                raise ValidationError(
                    self.env._(
                        "Excluding %(payer)s from dunning needs a reason and an end date.",
                        payer=state.partner_id.display_name,
                    )
                )

    # === Daily dunning run ===
    @api.model
    def _cron_dunning(self):
        for company in self.env["res.company"].search([("property_dunning_enabled", "=", True)]):
            self.with_company(company)._run_dunning(company, commit=True)

    @api.model
    def _run_dunning(self, company, today=None, commit=False, projects=None):
        """Refresh every payer's state of ``company`` (or of ``projects``) and escalate those
        that are due.

        Returns the created actions. A second run on the same day creates nothing: a state
        escalates at most once a day, one level at a time on the ladder; a payer entering it
        (or back from a long pause) is caught up to the level of their days overdue (see
        the section *Ladder rules* below). Projects whose dunning starts later (go-live)
        are refreshed but not escalated.
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
        if projects is not None:
            rows = {key: row for key, row in rows.items() if key[1] in projects.ids}
        states = self._sync_states(company, rows, projects)
        actions = self.env["property.dunning.action"]
        live = self._started_project_ids(company, today)
        keys = [key for key in rows if key[1] in live]
        done = 0
        for chunk in split_every(CHUNK, keys, list):
            chunk_states = self.browse([states[key] for key in chunk])
            actions |= chunk_states._escalate({key: rows[key] for key in chunk}, today)
            done += len(chunk)
            if commit:
                # what is left, not the total: a cron left with "remaining" work is run again
                # at once by the scheduler (up to ten times), escalating nobody but redoing it all
                self.env["ir.cron"]._commit_progress(len(chunk), remaining=len(keys) - done)
        self._plan_contacts(company, today, projects)
        self._end_golive(company, today, projects)
        _logger.info(
            "dunning %s: %s payers, %s actions in %.1fs",
            company.name,
            len(keys),
            len(actions),
            time.monotonic() - started,
        )
        return actions

    # === Refresh after a payment (online payments: the same minute, not the next run) ===
    @api.model
    def _refresh_payers(self, partners, today=None):
        """Amounts and levels of these payers' states from the ledger now: a payer who paid
        everything drops to zero and leaves the ladder at once. Escalation stays the daily
        run's (nothing is sent from here). Private: called by the payment post-processing."""
        partners = partners.commercial_partner_id
        if not partners:
            return
        self = self.sudo().with_context(tracking_disable=True, mail_notrack=True)
        today = today or fields.Date.context_today(self)
        ledger = self.env["property.receivable"].sudo()
        domain = [("partner_id", "in", partners.ids)]
        companies = self.env["res.company"].union(
            *(company for [company] in ledger._read_group(domain, ["company_id"])),
            *(company for [company] in self._read_group(domain, ["company_id"])),
        )
        for company in companies:
            rows = ledger._dunning_rows(company, today, partners)
            self._sync_states(company, rows, partners=partners)

    # === Aggregates (from the receivable ledger, one query) ===
    @api.model
    def _dunning_aggregates(self, company, today):
        """Open items per (payer, project): amounts, principal, oldest due date, bills, units."""
        return self.env["property.receivable"]._dunning_rows(company, today)

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
    def _sync_states(self, company, rows, projects=None, partners=None):
        """``{(partner_id, project_id): state_id}``; creates missing states, resets paid ones
        and refreshes amounts with one UPDATE per chunk (``projects``, ``partners``: only
        theirs)."""
        domain = [("company_id", "=", company.id)]
        if projects is not None:
            domain.append(("project_id", "in", projects.ids))
        if partners is not None:
            domain.append(("partner_id", "in", partners.commercial_partner_id.ids))
        existing = self.search_fetch(
            domain, ["partner_id", "project_id", "level_id", "open_amount"]
        )
        by_key = {(s.partner_id.id, s.project_id.id): s.id for s in existing}
        paid = existing.filtered(
            lambda s: (s.partner_id.id, s.project_id.id) not in rows
            and (s.level_id or s.open_amount)
        )
        paid.write(self._reset_vals())
        missing = [key for key in rows if key not in by_key]
        companies = {
            project.id: project.company_id.id
            for project in self.env["property.project"].browse({key[1] for key in missing})
        }
        created = self.create(
            [
                {
                    "partner_id": partner,
                    "project_id": project,
                    # what these computed fields come to on a new state: the INSERT carries
                    # them, their recomputation finds nothing to change (no UPDATE after it)
                    "company_id": companies[project],
                    "level_sequence": 0,
                    "payment_dispute": False,
                }
                for partner, project in missing
            ]
        )
        by_key.update(zip(missing, created.ids, strict=True))
        self._write_amounts(by_key, rows)
        return by_key

    @api.model
    def _reset_vals(self):
        """A payer who owes nothing any more leaves the ladder."""
        return {
            "level_id": False,
            "open_amount": 0.0,
            "overdue_amount": 0.0,
            "oldest_due_date": False,
            "approval_pending": False,
            "ladder_anchor_date": False,
            "ladder_offset": 0,
            "catch_up_due": False,
        }

    @api.model
    def _started_project_ids(self, company, today):
        """Projects of ``company`` whose dunning has started (go-live date reached)."""
        projects = (
            self.env["property.project"]
            .with_context(active_test=False)
            .search_fetch([("company_id", "=", company.id)], ["dunning_start_date"])
        )
        return {
            project.id
            for project in projects
            if not project.dunning_start_date or project.dunning_start_date <= today
        }

    @api.model
    def _end_golive(self, company, today, projects=None):
        """A go-live start level applies to the first run on or after the start date only."""
        domain = [
            ("company_id", "=", company.id),
            ("dunning_start_level_id", "!=", False),
            "|",
            ("dunning_start_date", "=", False),
            ("dunning_start_date", "<=", today),
        ]
        if projects is not None:
            domain.append(("id", "in", projects.ids))
        self.env["property.project"].with_context(active_test=False).search(domain).write(
            {"dunning_start_level_id": False}
        )

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
            unit.id: unit.collector_id.id or unit.project_id.manager_id.id for unit in units
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
        """Move each due state one step (see ``_due_step``) and carry out the actions."""
        self.fetch(
            [
                "partner_id",
                "project_id",
                "level_id",
                "last_action_date",
                "pause_reason",
                "ladder_anchor_date",
                "ladder_offset",
                "exclusion_from",
                "exclusion_until",
                "excluded",
            ]
        )
        context = self._ladder_context(today, rows)
        self._step_down(rows, today, context)
        by_level = defaultdict(list)
        steps = {}
        for state in self:
            row = rows[state.partner_id.id, state.project_id.id]
            due = state._due_step(row, today, context)
            if due:
                level, steps[state.id] = due
                by_level[level].append((state, row))
        actions = self.env["property.dunning.action"]
        for level, items in by_level.items():
            actions |= self._apply_level(level, items, today, steps, context)
        return actions

    def _due_level(self, row, today):
        """The level due today, or None (never more than one action a day)."""
        due = self._due_step(row, today, self._ladder_context(today))
        return due[0] if due else None

    # === What an escalation does: grouped action, e-mail, SMS, letter, tasks ===
    def _apply_level(self, level, items, today, steps=None, context=None):
        """Create the level's actions for ``items`` (``[(state, row)]``) and carry out those
        that need no approval; ``steps``: ``{state_id: ladder.Step}`` (catch-up, approval)."""
        steps = steps or {}
        states = self.browse([state.id for state, _row in items])
        context = context or states._ladder_context(today)
        channels = level._channels_label()
        actions = self.env["property.dunning.action"].create(
            [
                self._prepare_action_vals(
                    level, state, row, today, steps.get(state.id), channels=channels
                )
                for state, row in items
            ]
        )
        actions._insert_many2many("move_ids", [row["move_ids"] for _state, row in items])
        actions._insert_many2many(
            "skipped_level_ids",
            [state._skipped_level_ids(steps.get(state.id), context) for state, _row in items],
        )
        placements = []
        for state, row in items:
            step = steps.get(state.id) or state._plain_step(level, context)
            placements.append((state, state._placement_vals(level, step, row, today, context)))
        self._write_placements(placements)
        self._write_last_actions(actions)
        waiting = actions.filtered(lambda a: a.approval_state == "to_approve")
        self._carry_out(level, actions - waiting)
        if waiting:
            self._create_tasks([self._prepare_approval_vals(action) for action in waiting])
        return actions

    def _carry_out(self, level, actions, letters=True):
        """Send what the level says for ``actions`` (approved or needing no approval)."""
        if not actions:
            return
        actions._stamp_sent()
        if level.channel_sms:
            actions._queue_sms()
        if level.channel_email and level.mail_template_id:
            actions._queue_emails()
        if (
            letters
            and level.report_id
            and (level.channel_letter or level.channel_express or level.channel_lawyer)
        ):
            actions._queue_letters()
        if level.channel_call or level.channel_visit:
            self._create_tasks(self._prepare_tasks_vals(actions, level))
        if level.channel_legal:
            self._on_legal_referral(actions)

    def _on_legal_referral(self, actions):
        """A legal level fires: a referral task for the manager and a proposed legal case
        (property.legal.case) for the general manager to decide on the lawsuit."""
        self._create_tasks(self._prepare_tasks_vals(actions))
        self.env["property.legal.case"]._create_from_referral(actions)

    def _prepare_action_vals(self, level, state, row, today, step=None, channels=None):
        """``channels``: the level's label, when the caller worked it out once for a batch.
        The bills listed and the levels skipped are inserted for the whole batch afterwards
        (``_insert_many2many``)."""
        approval = level.needs_approval or bool(step and step.approval)
        vals = {
            "state_id": state.id,
            "partner_id": state.partner_id.id,
            "project_id": state.project_id.id,
            "level_id": level.id,
            "date": today,
            "channels": channels if channels is not None else level._channels_label(),
            "collector_id": self._responsible(level, state),
            "amount": row["open"],
            "overdue_amount": row["overdue"],
            "oldest_due_date": row["oldest"],
            "approval_state": "to_approve" if approval else "none",
            "catch_up": bool(step and step.catch_up),
        }
        if not approval:
            # it goes out at once (``_carry_out``): stamped as ``_stamp_sent`` would stamp it,
            # by the INSERT rather than by an UPDATE of every action afterwards
            vals.update(self.env["property.dunning.action"]._sent_vals(level, today))
        return vals

    def _responsible(self, level, state):
        if level.responsible == "manager":
            return state.project_id.manager_id.id or state.collector_id.id or False
        return state.collector_id.id or state.project_id.manager_id.id or False

    def _write_last_actions(self, actions):
        actions.flush_recordset()
        self.env.cr.execute(
            SQL(
                """UPDATE property_dunning_state s SET last_action_id = a.id
                     FROM property_dunning_action a
                    WHERE a.id = ANY(%s) AND s.id = a.state_id""",
                actions.ids,
            )
        )
        self.invalidate_model(["last_action_id"])

    def _create_tasks(self, vals_list):
        """The run's tasks (``mail.activity`` values on payers' records), their assignees
        subscribed to the records a batch at a time first."""
        self._subscribe_assignees(vals_list)
        return self.env["mail.activity"].create(vals_list)

    def _subscribe_assignees(self, vals_list):
        """Make the assignees of these tasks followers of the payers' records with two
        INSERTs per assignee: the rows ``mail.activity.create`` adds by ``message_subscribe``
        (one per record the assignee does not follow yet, with the model's default subtypes,
        the external ones for a portal user), which then finds them and adds none. The ORM
        would build one follower record per payer.

        Only for the superuser (the run), whom ``message_subscribe`` checks no access for;
        an assignee whose partner is archived is left to ``mail.activity.create`` (which
        skips it)."""
        if not self.env.su:
            return
        by_user = defaultdict(set)
        for vals in vals_list:
            if vals.get("user_id") and vals.get("res_id"):
                by_user[vals["user_id"]].add(vals["res_id"])
        if not by_user:
            return
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(self._name)
        Followers = self.env["mail.followers"]
        Followers.flush_model()
        for user_id, res_ids in by_user.items():
            partner = self.env["res.users"].browse(user_id).sudo().partner_id
            if partner != self.env.user.partner_id and not partner.active:
                continue
            customer = partner != self.env.user.partner_id and partner.partner_share
            subtypes = external if customer else default
            self.env.cr.execute(
                SQL(
                    """WITH added AS (
                           INSERT INTO mail_followers (res_model, res_id, partner_id)
                           SELECT %s, res_id, %s FROM unnest(%s::int[]) AS res_id
                           ON CONFLICT DO NOTHING
                           RETURNING id
                       )
                       INSERT INTO mail_followers_mail_message_subtype_rel
                              (mail_followers_id, mail_message_subtype_id)
                       SELECT added.id, subtype
                         FROM added CROSS JOIN unnest(%s::int[]) AS subtype""",
                    self._name,
                    partner.id,
                    sorted(res_ids),
                    subtypes.ids,
                )
            )
        Followers.invalidate_model()
        self.browse({res_id for ids in by_user.values() for res_id in ids}).invalidate_recordset(
            ["message_follower_ids", "message_partner_ids"]
        )

    def _prepare_tasks_vals(self, actions, level=None):
        """Task values of ``actions`` (of ``level``, else of each action's own level); the
        call-window slot is worked out once per policy, company, day and deadline, not once
        per payer."""
        slots = {}
        vals_list = []
        for action in actions:
            action_level = level or action.level_id
            state = action.state_id
            deadline = fields.Date.add(action.date, days=action_level.activity_days)
            key = (state._policy(), state.company_id, action.date, deadline)
            if key not in slots:
                slots[key] = state._task_slot(action.date, deadline)
            vals_list.append(self._prepare_task_vals(action_level, action, slots[key]))
        return vals_list

    def _prepare_task_vals(self, level, action, slot=None):
        """``slot``: ``(date_deadline, planned_at)`` (see ``_task_slot``) when known."""
        activity_type = level.activity_type_id or self.env.ref(
            "property_fee_collection.mail_activity_type_collection_call"
        )
        deadline, planned = slot or action.state_id._task_slot(
            action.date, fields.Date.add(action.date, days=level.activity_days)
        )
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": action.state_id.id,
            # what the computed document name comes to: carried by the INSERT, its
            # recomputation finds nothing to change (no UPDATE of every task after it)
            "res_name": action.state_id.display_name,
            "activity_type_id": activity_type.id,
            "user_id": action.collector_id.id or self.env.uid,
            "date_deadline": deadline,
            "property_planned_at": planned,
            "summary": level.name,
            "note": self.env._(
                "%(amount)s open since %(date)s (%(count)s bills).",
                amount=action.amount,
                date=action.oldest_due_date,
                count=len(action.move_ids),
            ),
        }

    def _prepare_approval_vals(self, action):
        approve = self.env.ref("property_fee_collection.mail_activity_type_approve_letter")
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": action.state_id.id,
            "res_name": action.state_id.display_name,
            "activity_type_id": approve.id,
            "user_id": action.state_id.project_id.manager_id.id or self.env.uid,
            "date_deadline": action.date,
            "summary": self.env._("Approve: %(level)s", level=action.level_id.name),
        }

    # ===== Complaints and the payment-dispute pause =====
    # Complaints of a payer in a project, and the payment-dispute pause they cause: an open
    # complaint marked "payment dispute" (拒缴原因) pauses escalation until it is resolved or
    # closed (``helpdesk.ticket.dispute_active``).
    # --- Fields ---
    complaint_ids = fields.One2many(
        "helpdesk.ticket", "dunning_state_id", string="Complaints", readonly=True
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count", compute_sudo=True)
    open_complaint_count = fields.Integer(
        string="Open Complaints", compute="_compute_complaint_count", compute_sudo=True
    )
    payment_dispute = fields.Boolean(
        compute="_compute_payment_dispute",
        store=True,
        readonly=True,
        tracking=True,
        help="An open complaint of this payer is marked as payment dispute: escalation pauses "
        "until the complaint is resolved or closed.",
    )
    dispute_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Disputed In",
        compute="_compute_payment_dispute",
        store=True,
        readonly=True,
        help="The complaint that pauses dunning.",
    )

    # --- Compute methods ---
    @api.depends("complaint_ids.dispute_active")
    def _compute_payment_dispute(self):
        for state in self:
            disputes = state.complaint_ids.filtered("dispute_active").sorted("id")
            state.dispute_ticket_id = disputes[:1]
            state.payment_dispute = bool(disputes)

    @api.depends("complaint_ids.closed")
    def _compute_complaint_count(self):
        for state in self:
            state.complaint_count = len(state.complaint_ids)
            state.open_complaint_count = len(state.complaint_ids.filtered(lambda t: not t.closed))

    # --- CRUD ---
    @api.model_create_multi
    def create(self, vals_list):
        states = super().create(vals_list)
        states._link_complaints()
        return states

    def write(self, vals):
        if not self.env.su and vals.keys() & {"payment_dispute", "dispute_ticket_id"}:
            raise AccessError(
                self.env._(
                    "A payment dispute is set and lifted by its complaint, not on the payer's "
                    "dunning record."
                )
            )
        if vals.get("excluded") and "exclusion_from" not in vals:
            vals = dict(vals, exclusion_from=fields.Date.context_today(self))
        return super().write(vals)

    def _property_sync_dispute_pauses(self):
        """Keep the pause history in line with the disputes: a pause is open while a complaint
        marked "payment dispute" is (late fees do not accrue on those days by default)."""
        self.flush_recordset(["payment_dispute"])
        Pause = self.env["property.dunning.pause"]
        for state in self:
            if state.payment_dispute:
                Pause._open(state.partner_id, "dispute", state.project_id)
            else:
                Pause._close(state.partner_id, "dispute", state.project_id)

    def _link_complaints(self):
        """Complaints registered before the payer had a dunning record in the project."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("dunning_state_id", "=", False),
                    ("project_id", "in", self.project_id.ids),
                    ("payer_id.commercial_partner_id", "in", self.partner_id.ids),
                ]
            )
        )
        if not tickets:
            return
        by_key = {(state.partner_id.id, state.project_id.id): state.id for state in self}
        groups = defaultdict(list)
        for ticket in tickets:
            state_id = by_key.get((ticket.payer_id.commercial_partner_id.id, ticket.project_id.id))
            if state_id:
                groups[state_id].append(ticket.id)
        for state_id, ticket_ids in groups.items():
            tickets.browse(ticket_ids).write({"dunning_state_id": state_id})

    # --- Actions ---
    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.helpdesk_ticket_action_complaints"
        )
        action["domain"] = [("dunning_state_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_project_id": self.project_id.id,
        }
        return action

    # ===== Collection work around the ladder: due-for-contact queue and call windows =====
    # Collection work around the ladder: the "due for contact" queue (at least N attempts
    # a week) and tasks planned inside the policy's call windows.

    last_contact_date = fields.Date(
        string="Last Contact", readonly=True, help="Day of the last call, visit or message logged."
    )
    next_contact_date = fields.Date(
        string="Contact Due",
        readonly=True,
        index=True,
        help="Day the payer is due for the next contact attempt, so that every overdue payer "
        "gets at least the policy's attempts a week (empty: paused or nothing overdue).",
    )
    next_task_at = fields.Datetime(
        string="Planned", compute="_compute_next_task_at", help="Next planned call or visit."
    )

    def _compute_next_task_at(self):
        for state in self:
            planned = state.activity_ids.filtered("property_planned_at").mapped(
                "property_planned_at"
            )
            state.next_task_at = min(planned) if planned else False

    # === The "due for contact" queue ===
    @api.model
    def _plan_contacts(self, company, today, projects=None):
        """Refresh ``next_contact_date`` of every state of ``company`` (one UPDATE)."""
        domain = [("company_id", "=", company.id)]
        if projects is not None:
            domain.append(("id", "in", projects.ids))
        all_projects = self.env["property.project"].with_context(active_test=False).search(domain)
        if not all_projects:
            return
        started = self._started_project_ids(company, today)
        values = SQL(", ").join(
            SQL(
                "(%s, %s::int)",
                project.id,
                ladder.contact_interval(self._policy_of(project).contact_per_week)
                if project.id in started
                else None,
            )
            for project in all_projects
        )
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """UPDATE property_dunning_state s
                      SET next_contact_date = CASE
                          WHEN v.days IS NOT NULL AND s.overdue_amount > 0
                               AND s.oldest_due_date IS NOT NULL
                               AND (s.pause_reason IS NULL OR s.pause_reason = 'approval')
                          THEN GREATEST(s.oldest_due_date + 1,
                                        COALESCE(s.last_contact_date + v.days,
                                                 s.oldest_due_date + 1))
                          END
                     FROM (VALUES %s) AS v(project, days)
                    WHERE s.project_id = v.project""",
                values,
            )
        )
        self.invalidate_model(["next_contact_date"])

    def _refresh_contact(self):
        """Recompute the queue date of these states (after a contact was logged)."""
        for state in self:
            policy = state._policy()
            due = False
            if state.overdue_amount > 0 and state.pause_reason in (False, "approval"):
                due = ladder.next_contact(
                    state.oldest_due_date, state.last_contact_date, policy.contact_per_week
                )
            state.sudo().next_contact_date = due or False

    def _record_contact(self, day):
        """A contact attempt was made on ``day`` (local date)."""
        for state in self:
            if not state.last_contact_date or state.last_contact_date < day:
                state.sudo().last_contact_date = day
        self._refresh_contact()

    # === Planning inside the call windows ===
    def _tz(self):
        """The estate's time zone: the company's (China by default), whoever runs the code."""
        return pytz.timezone(self.company_id.partner_id.tz or DEFAULT_TZ)

    def _windows(self):
        self.ensure_one()
        return self._policy()._parsed_call_window()

    def _local(self, moment):
        """A UTC naive datetime as naive local time."""
        return pytz.utc.localize(moment).astimezone(self._tz()).replace(tzinfo=None)

    def _task_slot(self, day, deadline=None):
        """``(date_deadline, planned_at)`` of a task to do from ``day`` (by ``deadline``),
        planned at the first call-window slot from then (now, when ``day`` is today);
        ``planned_at`` is UTC naive, as Odoo stores datetimes."""
        self.ensure_one()
        windows = self._windows()
        tz = self._tz()
        now = self._local(fields.Datetime.now())
        start = now if day == now.date() else datetime.combine(day, day_time())
        slot = call_window.next_slot(windows, max(start, datetime.combine(day, day_time())))
        last = call_window.call_day(windows, max(deadline or day, slot.date()))
        planned = tz.localize(slot).astimezone(pytz.utc).replace(tzinfo=None)
        return last, planned

    def _prepare_contact_task_vals(
        self, activity_type, user, day, summary, note=None, deadline=None
    ):
        """A call or visit task on this payer, planned inside the call windows."""
        self.ensure_one()
        date_deadline, planned = self._task_slot(day, deadline)
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "date_deadline": date_deadline,
            "property_planned_at": planned,
            "summary": summary,
            "note": note or False,
        }

    # === Remote payment route (outcome D) ===
    def _remote_payment_link(self):
        """Online payment link of the payer's oldest open bill (portal, with its token)."""
        self.ensure_one()
        bill = self._open_bills(limit=1)
        return self._portal_link(bill) if bill else ""

    def _open_bills(self, limit=None):
        """The payer's bills in this project with open ledger items, oldest due first."""
        return (
            self.env["property.receivable"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                    ("project_id", "=", self.project_id.id),
                    ("state", "=", "open"),
                ],
                order="due_date, id",
                limit=limit,
            )
            .move_id
        )

    @staticmethod
    def _portal_link(bill):
        bill._portal_ensure_token()
        return bill.get_base_url() + bill.get_portal_url()

    def _bank_account_label(self):
        self.ensure_one()
        bank = self.company_id.partner_id.sudo().bank_ids[:1]
        if not bank:
            return ""
        return " ".join(
            part for part in (bank.bank_id.name, bank.acc_number, bank.acc_holder_name) if part
        )

    def _queue_remote_payment_sms(self, policy):
        """Queue the remote-payment SMS in Odoo's SMS queue (sent by the SMS cron)."""
        self.ensure_one()
        if not self.partner_id.phone:
            return
        text = policy.with_context(lang=self.partner_id.lang).remote_payment_sms or ""
        values = _Placeholders(
            name=self.partner_id.name,
            amount=f"{self.overdue_amount:.2f}",
            units="、".join(self.unit_ids.mapped("name")),
            company=self.company_id.name,
            phone=self.company_id.phone or "",
            link=self._remote_payment_link(),
            bank=self._bank_account_label() or self.company_id.name,
        )
        self.env["sms.sms"].sudo().create(
            {
                "number": self.partner_id.phone,
                "partner_id": self.partner_id.id,
                "body": text.format_map(values),
                "state": "outgoing",
            }
        )

    def _queue_remote_payment_email(self):
        """Queue the remote-payment e-mail (bills with their payment links, bank details)."""
        self.ensure_one()
        if not self.partner_id.email:
            return
        template = self.env.ref(
            "property_fee_collection.mail_template_property_remote_payment",
            raise_if_not_found=False,
        )
        if template:
            template.sudo().send_mail(self.id)

    def _remote_payment_bills(self):
        """Open bills of the payer in this project, with their online payment links."""
        self.ensure_one()
        return [(bill, self._portal_link(bill)) for bill in self._open_bills()]

    # ===== Collection work reachable from a payer: rating, tags, plans, waivers, cases =====
    # The collection work reachable from a payer's dunning line: the credit rating and tags
    # collectors see in the dunning and today lists, and the buttons that start an
    # installment plan, a waiver or a legal case for the payer.
    #
    # Kept beside ``property_dunning_state.py`` (the ladder) as a concern of its own; the
    # ladder reads the plans and cases only for the pause reason.

    credit_rating = fields.Selection(
        related="partner_id.property_credit_rating", string="Credit Rating"
    )
    payer_tag_ids = fields.Many2many(related="partner_id.property_tag_ids", string="Payer Tags")
    waiver_count = fields.Integer(compute="_compute_collection_counts")
    plan_count = fields.Integer(compute="_compute_collection_counts")
    case_count = fields.Integer(compute="_compute_collection_counts")

    def _compute_collection_counts(self):
        for name, model in (
            ("waiver_count", "property.waiver"),
            ("plan_count", "property.installment.plan"),
            ("case_count", "property.legal.case"),
        ):
            counts = {
                (partner.id, project.id): count
                for partner, project, count in self.env[model]._read_group(
                    [
                        ("partner_id", "in", self.partner_id.ids),
                        ("project_id", "in", self.project_id.ids),
                    ],
                    ["partner_id", "project_id"],
                    ["__count"],
                )
            }
            for state in self:
                state[name] = counts.get((state.partner_id.id, state.project_id.id), 0)

    def _open_items(self, overdue_only=False):
        self.ensure_one()
        domain = [
            ("partner_id", "=", self.partner_id.id),
            ("project_id", "=", self.project_id.id),
            ("state", "=", "open"),
            ("residual", ">", 0),
        ]
        if overdue_only:
            domain.append(("due_date", "<", fields.Date.context_today(self)))
        return self.env["property.receivable"].search(domain)

    def action_new_installment_plan(self):
        """A draft plan over the payer's overdue items, first instalment next month."""
        self.ensure_one()
        plan = self.env["property.installment.plan"].create(
            {
                "partner_id": self.partner_id.id,
                "project_id": self.project_id.id,
                "receivable_ids": [Command.set(self._open_items(overdue_only=True).ids)],
                "first_due_date": fields.Date.add(fields.Date.context_today(self), months=1),
            }
        )
        return self._open_form(plan)

    def action_new_waiver(self):
        self.ensure_one()
        waiver = self.env["property.waiver"].create(
            {
                "partner_id": self.partner_id.id,
                "project_id": self.project_id.id,
                "reason": "hardship" if self.partner_id.property_hardship else "service",
            }
        )
        return self._open_form(waiver)

    def action_refer_to_legal(self):
        """A manager proposes a legal case for this payer (the general manager decides)."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager refers a payer to legal action."))
        self.check_access("read")
        case = self.env["property.legal.case"].search(
            [("state_id", "=", self.id), ("is_open", "=", True)], limit=1
        ) or self.env["property.legal.case"]._open_case(self)
        return self._open_form(case)

    def action_view_collection(self):
        """The payer's plans, waivers or legal cases (``context['collection_model']``)."""
        self.ensure_one()
        model = self.env.context.get("collection_model")
        if model not in ("property.waiver", "property.installment.plan", "property.legal.case"):
            model = "property.waiver"
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "name": self.env["ir.model"]._get(model).display_name,
            "view_mode": "list,form",
            "domain": [
                ("partner_id", "=", self.partner_id.id),
                ("project_id", "=", self.project_id.id),
            ],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_project_id": self.project_id.id,
            },
        }

    def _open_form(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    # ===== Ladder rules: clock, pauses, catch-up and gates (see README) =====
    # The ladder rules of the dunning run: the ladder clock, pauses, catch-up and gates.
    #
    # Which step a payer is due for is decided by ``tools/ladder.py`` from plain values; this
    # section gathers those values for a whole chunk of states at once (a few queries per chunk,
    # never one per payer) and records where each payer stands. See README "Dunning ladder
    # rules".

    ladder_anchor_date = fields.Date(
        string="On the Ladder Since",
        readonly=True,
        help="The day the payer was placed on the ladder (first entry or catch-up); days of "
        "pauses since then hold the ladder clock.",
    )
    ladder_offset = fields.Integer(
        string="Ladder Clock Offset (days)",
        readonly=True,
        help="Days the ladder clock was set back when the payer was placed below their days "
        "overdue (go-live at a chosen level, a rejected approval): the next level then comes "
        "after the ladder's normal spacing.",
    )
    approval_pending = fields.Boolean(
        string="Waiting for Approval",
        readonly=True,
        help="The next level (lawyer's letter, legal referral) waits for a manager's approval; "
        "the payer stays on the level before it until then.",
    )
    exclusion_from = fields.Date(string="Excluded From", readonly=True)
    catch_up_due = fields.Boolean(
        string="Catch Up on the Next Run",
        readonly=True,
        help="Set for payers left behind their days overdue (e.g. by an earlier version that "
        "moved one level per run): the next run places them on the level their days call "
        "for, as at go-live.",
    )
    caught_up_level_ids = fields.Many2many(
        "property.dunning.level",
        string="Levels Caught Up",
        compute="_compute_caught_up",
        help="Levels passed over (not sent) when the payer was last placed by a catch-up.",
    )
    caught_up_date = fields.Date(string="Caught Up On", compute="_compute_caught_up")

    @api.depends("action_ids.skipped_level_ids")
    def _compute_caught_up(self):
        for state in self:
            last = state.action_ids.filtered("catch_up")[:1]
            state.caught_up_level_ids = last.skipped_level_ids
            state.caught_up_date = last.date

    # === Ladders of the policies ===
    @api.model
    def _ladder(self, policy):
        """``(levels, rungs)`` of a policy, sorted by level."""
        levels = policy.level_ids.sorted(lambda lv: (lv.sequence, lv.days, lv.id))
        rungs = [
            ladder.Rung(lv.days, lv.min_months, lv.needs_approval, lv.channel_legal)
            for lv in levels
        ]
        return levels, rungs

    def _ladder_index(self, levels):
        """Position of the state's level in ``levels`` (-1: not on the ladder)."""
        self.ensure_one()
        if not self.level_id:
            return -1
        if self.level_id in levels:
            return levels.ids.index(self.level_id.id)
        # the policy changed: the highest level of the new ladder at or below the old one
        below = [i for i, lv in enumerate(levels) if lv.sequence <= self.level_id.sequence]
        return below[-1] if below else -1

    def _eligible(self, levels, row):
        """Per level: the amounts owed allow it (minimum on the principal; late fees alone
        reach at most the first level)."""
        self.ensure_one()
        company_minimum = self.company_id.property_dunning_min_amount
        result = []
        for position, level in enumerate(levels):
            before_due = level.days <= 0
            principal = row["principal_open"] if before_due else row["principal_overdue"]
            minimum = max(level.min_amount, company_minimum, 0.01)
            if principal <= 0:
                total = row["open"] if before_due else row["overdue"]
                result.append(position == 0 and total >= minimum)
            else:
                result.append(principal >= minimum)
        return result

    # === What the run needs for a chunk of states (a few queries) ===
    def _ladder_context(self, today, rows=None, tops=None):
        projects = self.project_id
        policies = {project.id: self._policy_of(project) for project in projects}
        on_ladder = self.filtered("level_id")
        return {
            "policies": policies,
            "ladders": {policy.id: self._ladder(policy) for policy in set(policies.values())},
            "holds": on_ladder._hold_intervals(today),
            "letters": on_ladder._lawyer_letters(today),
            "tops": tops
            if tops is not None
            else {project.id: project.dunning_start_level_id for project in projects},
        }

    @api.model
    def _policy_of(self, project):
        return project.dunning_policy_id or self.env["property.dunning.policy"]._get_default()

    def _hold_intervals(self, today):
        """``{state_id: [(first, last or None)]}``: the days each payer's dunning was held by
        hardship, a payment dispute, a promise to pay or a manual exclusion."""
        if not self:
            return {}
        pauses = self.env["property.dunning.pause"]._ranges(
            {(state.partner_id.id, state.project_id.id) for state in self}
        )
        promises = defaultdict(list)
        for promise in self.env["property.payment.promise"].search_fetch(
            [("state_id", "in", self.ids)], ["state_id", "date", "promise_date", "state"]
        ):
            last = None if promise.state == "pending" else promise.promise_date
            promises[promise.state_id.id].append((promise.date, last))
        result = {}
        for state in self:
            intervals = list(pauses.get((state.partner_id.id, state.project_id.id), []))
            intervals += promises.get(state.id, [])
            if state.exclusion_from:
                last = state.exclusion_until if not state.excluded else None
                intervals.append((state.exclusion_from, last))
            result[state.id] = [(a, b) for a, b in intervals if a and (not b or b >= a)]
        return result

    def _lawyer_letters(self, today):
        """``{state_id: deadline passed}`` for the states whose latest lawyer's letter was
        approved (or needed no approval), delivered with proof, and whose deadline has
        passed."""
        if not self:
            return {}
        letters = self.env["property.dunning.action"].search_fetch(
            [("state_id", "in", self.ids), ("level_id.channel_lawyer", "=", True)],
            ["state_id", "approval_state", "delivered", "deadline_date", "date"],
            order="date desc, id desc",
        )
        result = {}
        for letter in letters:
            if letter.state_id.id in result:
                continue
            result[letter.state_id.id] = bool(
                letter.approval_state in ("approved", "none")
                and letter.delivered
                and letter.deadline_date
                and letter.deadline_date < today
            )
        return result

    def _letter_deadlines(self):
        """``{state_id: deadline or False}`` of the latest lawyer's letter of each state
        (False while it is not approved and delivered)."""
        if not self:
            return {}
        letters = self.env["property.dunning.action"].search_fetch(
            [("state_id", "in", self.ids), ("level_id.channel_lawyer", "=", True)],
            ["state_id", "approval_state", "delivered", "deadline_date"],
            order="date desc, id desc",
        )
        result = {}
        for letter in letters:
            ready = letter.approval_state in ("approved", "none") and letter.delivered
            result.setdefault(letter.state_id.id, ready and letter.deadline_date)
        return result

    # === The step a payer is due for ===
    def _due_step(self, row, today, context):
        """``(level, ladder.Step)`` due today, or None (at most one action a day)."""
        self.ensure_one()
        if self.pause_reason or self.last_action_date == today:
            return None
        policy = context["policies"][self.project_id.id]
        levels, rungs = context["ladders"][policy.id]
        if not levels:
            return None
        eligible = self._eligible(levels, row)
        days = (today - row["oldest"]).days
        current = self._ladder_index(levels)
        letter_ok = self._letter_gate_open(levels, context)
        if current < 0:
            top = context["tops"].get(self.project_id.id)
            top_index = levels.ids.index(top.id) if top and top in levels else None
            step = ladder.catch_up(rungs, eligible, -1, days, top_index, letter_ok)
        else:
            step = self._step_on_ladder(policy, rungs, eligible, current, days, today, context)
        return (levels[step.index], step) if step else None

    def _step_on_ladder(self, policy, rungs, eligible, current, days, today, context):
        """A step for a payer on the ladder: a catch-up after a pause longer than the policy
        allows, else one level when the ladder clock reaches it."""
        intervals = context["holds"].get(self.id, [])
        since = self.last_action_date or self.ladder_anchor_date or today
        levels = context["ladders"][policy.id][0]
        letter_ok = self._letter_gate_open(levels, context)
        long_pause = ladder.longest_pause(intervals, since, today) > policy.catch_up_after_days
        if self.catch_up_due or long_pause:
            step = ladder.catch_up(rungs, eligible, current, days, letter_ok=letter_ok)
            if step:
                return step
        anchor = self.ladder_anchor_date or since
        clock = days - self.ladder_offset - ladder.held_days(intervals, anchor, today)
        return ladder.next_step(rungs, eligible, current, clock, letter_ok)

    def _letter_gate_open(self, levels, context):
        """A legal level needs a delivered, expired lawyer's letter when the ladder has a
        lawyer's letter level."""
        if not any(level.channel_lawyer for level in levels):
            return True
        return context["letters"].get(self.id, False)

    def _ladder_clock(self, today, intervals=None):
        """Days on the ladder clock today (days overdue less held days and the offset)."""
        self.ensure_one()
        if not self.oldest_due_date:
            return 0
        days = (today - self.oldest_due_date).days
        if intervals is None:
            intervals = self._hold_intervals(today).get(self.id, [])
        anchor = self.ladder_anchor_date or self.last_action_date or today
        return days - self.ladder_offset - ladder.held_days(intervals, anchor, today)

    # === Old arrears paid: back to the level of what is still owed ===
    def _step_down(self, rows, today, context):
        """Payers whose oldest arrears were paid (their ladder clock fell below their level's
        day) go back to the level of the arrears they still owe; nothing is sent. Payers
        waiting for an approval are left to the manager."""
        placements = []
        for state in self.filtered(lambda s: s.level_id and not s.pause_reason):
            policy = context["policies"][state.project_id.id]
            levels, rungs = context["ladders"][policy.id]
            current = state._ladder_index(levels)
            if current < 0:
                continue
            row = rows[state.partner_id.id, state.project_id.id]
            days = (today - row["oldest"]).days
            intervals = context["holds"].get(state.id, [])
            anchor = state.ladder_anchor_date or state.last_action_date or today
            clock = days - state.ladder_offset - ladder.held_days(intervals, anchor, today)
            if ladder.reached(rungs[current], clock):
                continue
            reached = [i for i in range(current) if ladder.reached(rungs[i], days)]
            target = reached[-1] if reached else -1
            vals = {
                "level_id": levels[target].id if target >= 0 else False,
                "ladder_anchor_date": today,
                "ladder_offset": 0,
            }
            placements.append((state, vals))
        self._write_placements(placements)

    # === Where each payer stands after the run ===
    def _placement_vals(self, level, step, row, today, context):
        """Values written on the state for the step (the level it stands on, the ladder
        clock when it is placed by a catch-up or a first entry)."""
        self.ensure_one()
        policy = context["policies"][self.project_id.id]
        levels, rungs = context["ladders"][policy.id]
        vals = {
            "last_action_date": today,
            "approval_pending": bool(step.approval),
            "catch_up_due": False,
        }
        if step.placed != self._ladder_index(levels) or not self.level_id:
            vals["level_id"] = levels[step.placed].id if step.placed >= 0 else False
        if step.catch_up or not self.level_id:
            days = (today - row["oldest"]).days
            placed_days = rungs[step.placed].days if step.placed >= 0 else days
            vals["ladder_anchor_date"] = today
            # placed below their days by a go-live start level: normal spacing from here
            vals["ladder_offset"] = (
                max(days - placed_days, 0) if context["tops"].get(self.project_id.id) else 0
            )
        return vals

    def _plain_step(self, level, context):
        """The step of applying ``level`` directly (no catch-up)."""
        self.ensure_one()
        levels = context["ladders"][context["policies"][self.project_id.id].id][0]
        current = self._ladder_index(levels)
        index = levels.ids.index(level.id) if level in levels else current
        placed = current if level.needs_approval else index
        return ladder.Step(index, placed, (), level.needs_approval, False)

    def _skipped_level_ids(self, step, context):
        """Ids of the levels a catch-up passed over."""
        self.ensure_one()
        if not step or not step.skipped:
            return []
        levels = context["ladders"][context["policies"][self.project_id.id].id][0]
        return [levels[i].id for i in step.skipped]

    def _write_placements(self, placements):
        """``placements``: ``[(state, vals)]``; one write per distinct set of values."""
        groups = defaultdict(list)
        for state, vals in placements:
            groups[tuple(sorted(vals.items()))].append(state.id)
        for vals, ids in groups.items():
            self.browse(ids).write(dict(vals))

    # === Approval decisions (called by the dunning action's buttons) ===
    def _approved(self, actions, today):
        """The approved actions' states stand on their level now."""
        for action in actions:
            vals = {
                "level_id": action.level_id.id,
                "last_action_date": today,
                "approval_pending": False,
            }
            if action.catch_up:
                vals.update(ladder_anchor_date=today, ladder_offset=0)
            action.state_id.write(vals)

    def _rejected(self, actions, today):
        """A rejected level is proposed again after the ladder's normal spacing; a rejected
        catch-up proposal sends the level the payer stands on instead."""
        for action in actions:
            state = action.state_id
            levels, rungs = self._ladder(state._policy())
            current = state._ladder_index(levels)
            placed_days = rungs[current].days if current >= 0 else 0
            clock = state._ladder_clock(today)
            state.write(
                {
                    "approval_pending": False,
                    "last_action_date": today,
                    "ladder_offset": state.ladder_offset + max(clock - placed_days, 0),
                }
            )
            if action.catch_up and current >= 0:
                row = action._as_row()
                fallback = self._apply_level(levels[current], [(state, row)], today)
                fallback.write({"note": self.env._("Sent after the catch-up was rejected.")})

    # === Go-live preview: what the next run would do, without writing anything ===
    @api.model
    def _preview_steps(self, project, day, top=None):
        """``[(level, step, row)]`` the run of ``day`` would create for ``project`` with
        ``top`` as go-live start level; payers without a state yet are previewed as new
        records (nothing is written, nothing is sent)."""
        company = project.company_id
        rows = {
            key: row
            for key, row in self.env["property.receivable"]._dunning_rows(company, day).items()
            if key[1] == project.id
        }
        existing = self.search([("project_id", "=", project.id)])
        by_key = {(state.partner_id.id, state.project_id.id): state for state in existing}
        states = self.browse()
        for key, row in rows.items():
            state = by_key.get(key) or self.new(
                {
                    "partner_id": key[0],
                    "project_id": key[1],
                    "oldest_due_date": row["oldest"],
                    "overdue_amount": row["overdue"],
                }
            )
            states |= state
        keys = {state: (state.partner_id.id, state.project_id.id) for state in states}
        context = states._ladder_context(
            day, rows, tops={project.id: top or self.env["property.dunning.level"]}
        )
        result = []
        for state in states:
            row = rows[keys[state]]
            due = state._due_step(row, day, context)
            result.append((due[0] if due else None, due[1] if due else None, row, state))
        return result

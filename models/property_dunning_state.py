import logging
import time
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

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
    _inherit = ["mail.thread", "mail.activity.mixin", "property.guarded.mixin"]
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
        for state in self:
            if "pending" in state.promise_ids.mapped("state"):
                state.pause_reason = "promise"
            elif state.partner_id.property_hardship:
                state.pause_reason = "hardship"
            elif state.payment_dispute:
                state.pause_reason = "dispute"
            elif state.excluded:
                state.pause_reason = "excluded"
            elif state.legal_case_ids.filtered("is_open"):
                state.pause_reason = "legal"
            elif "active" in state.installment_plan_ids.mapped("state"):
                state.pause_reason = "installment"
            elif state.approval_pending:
                state.pause_reason = "approval"
            elif state.level_id.channel_legal:
                state.pause_reason = "legal"
            else:
                state.pause_reason = False

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
        ``property_dunning_state_ladder.py``). Projects whose dunning starts later (go-live)
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
        created = self.create(
            [{"partner_id": partner, "project_id": project} for partner, project in missing]
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
        actions = self.env["property.dunning.action"].create(
            [
                self._prepare_action_vals(
                    level,
                    state,
                    row,
                    today,
                    steps.get(state.id),
                    state._skipped_level_ids(steps.get(state.id), context),
                )
                for state, row in items
            ]
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
            self.env["mail.activity"].create(
                [self._prepare_approval_vals(action) for action in waiting]
            )
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
            self.env["mail.activity"].create(
                [self._prepare_task_vals(level, action) for action in actions]
            )
        if level.channel_legal:
            self._on_legal_referral(actions)

    def _on_legal_referral(self, actions):
        """A legal level fires: a referral task for the manager and a proposed legal case
        (property.legal.case) for the general manager to decide on the lawsuit."""
        self.env["mail.activity"].create(
            [self._prepare_task_vals(action.level_id, action) for action in actions]
        )
        self.env["property.legal.case"]._create_from_referral(actions)

    def _prepare_action_vals(self, level, state, row, today, step=None, skipped=()):
        approval = level.needs_approval or bool(step and step.approval)
        return {
            "state_id": state.id,
            "partner_id": state.partner_id.id,
            "project_id": state.project_id.id,
            "level_id": level.id,
            "date": today,
            "channels": level._channels_label(),
            "collector_id": self._responsible(level, state),
            "move_ids": [Command.set(row["move_ids"])],
            "amount": row["open"],
            "overdue_amount": row["overdue"],
            "oldest_due_date": row["oldest"],
            "approval_state": "to_approve" if approval else "none",
            "catch_up": bool(step and step.catch_up),
            "skipped_level_ids": [Command.set(list(skipped))],
        }

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

    def _prepare_task_vals(self, level, action):
        activity_type = level.activity_type_id or self.env.ref(
            "property_fee_collection.mail_activity_type_collection_call"
        )
        deadline, planned = action.state_id._task_slot(
            action.date, fields.Date.add(action.date, days=level.activity_days)
        )
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": action.state_id.id,
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

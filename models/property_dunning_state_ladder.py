from collections import defaultdict

from odoo import api, fields, models

from ..tools import ladder

HOLD_REASONS = ("promise", "hardship", "dispute", "excluded")


class PropertyDunningState(models.Model):
    """The ladder rules of the dunning run: the ladder clock, pauses, catch-up and gates.

    Which step a payer is due for is decided by ``tools/ladder.py`` from plain values; this
    file gathers those values for a whole chunk of states at once (a few queries per chunk,
    never one per payer) and records where each payer stands. See README "Dunning ladder
    rules".
    """

    _inherit = "property.dunning.state"

    # === Ladder clock ===
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

    def write(self, vals):
        if vals.get("excluded") and "exclusion_from" not in vals:
            vals = dict(vals, exclusion_from=fields.Date.context_today(self))
        return super().write(vals)

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

from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import installment, ledger

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting for Approval"),
    ("approved", "Approved: to Sign"),
    ("active", "Kept"),
    ("done", "Completed"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
# the terms of the agreement: set while drafting, then fixed
TERMS = (
    "partner_id",
    "project_id",
    "receivable_ids",
    "installment_count",
    "first_due_date",
    "interval_months",
    "down_payment",
    "grace_days",
    "suspend_late_fees",
    "late_fee_waiver_percent",
)


class PropertyInstallmentPlan(models.Model):
    """分期缴费协议: a payer's agreement to pay chosen arrears in 3–12 instalments.

    Drafted by a collector over the payer's overdue ledger items, approved by a manager,
    printed (PDF, in the payer's language) and signed; the signed copy is attached when
    the plan starts. While the plan is kept the payer's dunning is paused
    (``property.dunning.state`` pause reason "installment": the plan covers every overdue
    item of the payer in the project, and new bills must be paid on time) and, if agreed,
    no late fee accrues on the plan's items (an item pause, ``property.dunning.pause``).
    The daily check reads the payments from the ledger: an instalment — or a new bill —
    unpaid ``grace_days`` after its due date breaks the plan and escalation resumes; all
    instalments paid completes it. Part of the late fees may be waived while it is kept.
    """

    _name = "property.installment.plan"
    _description = "Installment Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.guarded.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name"]
    # the state, the approval, the schedule and the money follow the buttons and the
    # daily check; the terms are fixed once the plan leaves the draft (see below)
    _guarded_fields = (
        "name",
        "state",
        "state_id",
        "amount_total",
        "line_ids",
        "approved_by_id",
        "date_approved",
        "date_start",
        "date_end",
        "end_reason",
        "amount_paid_start",
        "amount_credited_start",
        "pause_id",
    )

    # === Fields ===
    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, tracking=True
    )
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state_id = fields.Many2one(
        "property.dunning.state", string="Dunning State", readonly=True, index=True
    )
    collector_id = fields.Many2one(
        "res.users", string="Drafted By", default=lambda self: self.env.user, readonly=True
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    receivable_ids = fields.Many2many(
        "property.receivable",
        "property_installment_plan_receivable_rel",
        "plan_id",
        "receivable_id",
        string="Arrears Items",
        domain="[('partner_id', '=', partner_id), ('project_id', '=', project_id), "
        "('state', '=', 'open')]",
        help="Every overdue item of the payer in the project (the plan pauses the payer's "
        "dunning), and any item not yet due the payer wants to include.",
    )
    installment_count = fields.Integer(string="Instalments", default=6, tracking=True)
    first_due_date = fields.Date(string="First Instalment Due", tracking=True)
    interval_months = fields.Integer(string="Every (months)", default=1)
    down_payment = fields.Monetary(
        string="First Instalment",
        help="Amount of the first instalment (down payment); empty: equal instalments.",
    )
    grace_days = fields.Integer(
        default=lambda self: self.env.company.property_installment_grace_days,
        help="An instalment, or a new bill, unpaid this many days after its due date breaks "
        "the plan.",
    )
    suspend_late_fees = fields.Boolean(
        string="No Late Fees while Kept",
        default=True,
        help="No late fee accrues on the plan's items while the plan is kept.",
    )
    late_fee_waiver_percent = fields.Float(
        string="Late Fees Waived if Kept (%)",
        help="Share of the late fees on the plan's items that may be waived while the plan "
        "is kept (a waiver approved like any other).",
    )
    note = fields.Text(string="Terms and Reason")
    amount_total = fields.Monetary(string="Agreed Total", readonly=True, tracking=True)
    line_ids = fields.One2many(
        "property.installment.plan.line", "plan_id", string="Schedule", readonly=True
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True)
    signed_copy = fields.Binary(
        string="Signed Agreement", attachment=True, copy=False, tracking=True
    )
    signed_copy_name = fields.Char(copy=False)
    date_start = fields.Date(string="Started On", readonly=True, tracking=True)
    date_end = fields.Date(string="Ended On", readonly=True, tracking=True)
    end_reason = fields.Char(readonly=True, tracking=True)
    amount_paid_start = fields.Monetary(readonly=True)
    amount_credited_start = fields.Monetary(readonly=True)
    pause_id = fields.Many2one("property.dunning.pause", string="Late-Fee Pause", readonly=True)
    amount_paid = fields.Monetary(
        string="Paid since Start", compute="_compute_progress", help="From the ledger."
    )
    amount_credited = fields.Monetary(string="Waived since Start", compute="_compute_progress")
    amount_left = fields.Monetary(string="Left to Pay", compute="_compute_progress")
    next_due_date = fields.Date(string="Next Instalment", compute="_compute_progress")
    waiver_ids = fields.One2many("property.waiver", "plan_id", string="Waivers")

    _counts_check = models.Constraint(
        "CHECK (installment_count BETWEEN 3 AND 12 AND interval_months BETWEEN 1 AND 6)",
        "An installment plan has 3 to 12 instalments, 1 to 6 months apart.",
    )
    _waiver_percent_check = models.Constraint(
        "CHECK (late_fee_waiver_percent BETWEEN 0 AND 100 AND grace_days >= 0)",
        "The late-fee share is a percentage (0–100) and the grace days are not negative.",
    )

    # === Compute ===
    @api.depends("line_ids.state")
    def _compute_progress(self):
        progress = self._progress()
        for plan in self:
            paid, credited = progress.get(plan.id, (0, 0))
            plan.amount_paid = float(ledger.from_cents(paid))
            plan.amount_credited = float(ledger.from_cents(credited))
            total = ledger.to_cents(plan.amount_total)
            plan.amount_left = float(ledger.from_cents(max(total - paid - credited, 0)))
            plan.next_due_date = next(
                (line.due_date for line in plan.line_ids if line.state != "kept"), False
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = f"{plan.name} {plan.partner_id.name or ''}".strip()

    # === Guard: the terms are fixed once the plan leaves the draft ===
    def _guarded_fields_for_user(self):
        fnames = super()._guarded_fields_for_user()
        if any(plan.state != "draft" for plan in self):
            fnames |= set(TERMS)
        if any(plan.state not in ("draft", "approved") for plan in self):
            fnames |= {"signed_copy", "signed_copy_name"}
        return fnames

    @api.constrains("receivable_ids", "partner_id", "project_id")
    def _check_items(self):
        for plan in self:
            strangers = plan.receivable_ids.filtered(
                lambda item, p=plan: item.partner_id != p.partner_id.commercial_partner_id
                or item.project_id != p.project_id
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s: %(items)s belong to another payer or project.",
                        plan=plan.display_name,
                        items=", ".join(strangers.mapped("display_name")),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(plan.state != "draft" for plan in self):
            raise UserError(
                self.env._("Only draft installment plans can be deleted; cancel the others.")
            )

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        for plan in plans:
            plan.sudo().name = self.env["ir.sequence"].with_company(plan.company_id).next_by_code(
                "property.installment.plan"
            ) or str(plan.id)
        return plans

    # === Actions: drafting ===
    def action_compute_schedule(self):
        """The agreed total (the items' unpaid amounts) and the instalments, to the fen."""
        for plan in self:
            plan._check_state("draft")
            plan.check_access("write")
            plan._check_covers_overdue()
            total = sum(ledger.to_cents(r) for r in plan.receivable_ids.mapped("residual"))
            if not plan.first_due_date:
                raise UserError(self.env._("Enter the due date of the first instalment."))
            try:
                lines = installment.schedule(
                    total,
                    plan.installment_count,
                    plan.first_due_date,
                    plan.interval_months,
                    ledger.to_cents(plan.down_payment) if plan.down_payment else None,
                )
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "This schedule is not possible (%(total)s in %(count)s instalments, "
                        "first instalment %(first)s): %(error)s",
                        total=ledger.from_cents(total),
                        count=plan.installment_count,
                        first=plan.down_payment or "-",
                        error=str(error),
                    )
                ) from error
            plan.sudo().write(
                {
                    "amount_total": float(ledger.from_cents(total)),
                    "line_ids": [Command.clear()]
                    + [
                        Command.create(
                            {
                                "sequence": index,
                                "due_date": due,
                                "amount": float(ledger.from_cents(cents)),
                            }
                        )
                        for index, (due, cents) in enumerate(lines, start=1)
                    ],
                }
            )
        return True

    def action_submit(self):
        """Ask a manager to approve the plan (the schedule is computed again)."""
        self.action_compute_schedule()
        for plan in self:
            plan.sudo().state = "to_approve"
            plan._schedule_approval()
        return True

    def action_approve(self):
        self._check_manager()
        for plan in self:
            plan._check_state("to_approve")
            plan.sudo().write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "date_approved": fields.Datetime.now(),
                }
            )
            plan._done_approval_tasks(self.env._("Approved"))
        return True

    def action_refuse(self):
        """Back to the draft, to be changed (the chatter keeps who refused and when)."""
        self._check_manager()
        for plan in self:
            plan._check_state("to_approve")
            plan.sudo().state = "draft"
            plan._done_approval_tasks(self.env._("Refused"))
            plan.message_post(
                body=self.env._("Refused by %(user)s.", user=self.env.user.name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_print_agreement(self):
        self.ensure_one()
        return self.env.ref(
            "property_fee_collection.property_installment_plan_report_agreement"
        ).report_action(self)

    # === Actions: the plan runs ===
    def action_start(self):
        """The payer signed: the plan starts, dunning pauses (signed copy required)."""
        for plan in self:
            plan._check_state("approved")
            plan.check_access("write")
            if not plan.signed_copy:
                raise UserError(
                    self.env._("Attach the agreement signed by the payer before starting.")
                )
            plan._check_covers_overdue()
            total = sum(ledger.to_cents(r) for r in plan.receivable_ids.mapped("residual"))
            if total != ledger.to_cents(plan.amount_total):
                raise UserError(
                    self.env._(
                        "The items of plan %(plan)s now owe %(now)s instead of the agreed "
                        "%(agreed)s (a payment or credit came in): a manager must send it "
                        "back to draft and a new agreement must be signed.",
                        plan=plan.display_name,
                        now=ledger.from_cents(total),
                        agreed=plan.amount_total,
                    )
                )
            plan._start()
        return True

    def action_cancel(self):
        self._check_manager()
        for plan in self:
            if plan.state in ("done", "broken", "cancelled"):
                raise UserError(
                    self.env._("Plan %(plan)s has ended already.", plan=plan.display_name)
                )
            plan._end("cancelled", self.env._("Cancelled by %(user)s", user=self.env.user.name))
        return True

    def action_reset_draft(self):
        self._check_manager()
        for plan in self:
            if plan.state not in ("to_approve", "approved"):
                raise UserError(self.env._("Only a plan not started yet goes back to the draft."))
            plan.sudo().write({"state": "draft", "approved_by_id": False, "date_approved": False})
        return True

    def action_propose_late_fee_waiver(self):
        """A kept plan: propose waiving the agreed share of the late fees on its items."""
        self.ensure_one()
        self._check_state("active")
        if self.line_ids.filtered(lambda line: line.state == "missed"):
            raise UserError(self.env._("The plan is not kept: no late-fee relief."))
        if self.late_fee_waiver_percent <= 0:
            raise UserError(self.env._("This plan does not waive late fees."))
        items = self._late_fee_items()
        if not items:
            raise UserError(self.env._("No unpaid late fee on the plan's items."))
        amounts = self._late_fee_waiver_amounts(items)
        waiver = self.env["property.waiver"].create(
            {
                "partner_id": self.partner_id.id,
                "project_id": self.project_id.id,
                "reason": "installment",
                "plan_id": self.id,
                "description": self.env._(
                    "Installment plan %(plan)s kept: %(percent)s%% of the late fees waived.",
                    plan=self.name,
                    percent=f"{self.late_fee_waiver_percent:g}",
                ),
                "line_ids": [
                    Command.create({"receivable_id": item.id, "amount": amount})
                    for item, amount in amounts
                    if amount > 0
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.waiver",
            "res_id": waiver.id,
            "view_mode": "form",
        }

    # === Daily check (cron) ===
    @api.model
    def _cron_check_plans(self):
        self.search([("state", "=", "active")])._check_plans(fields.Date.context_today(self))

    def _check_plans(self, today):
        """Instalment states from the ledger, then kept / broken / done (set-based: two
        queries for all plans, writes grouped by state)."""
        plans = self.filtered(lambda p: p.state == "active")
        if not plans:
            return
        progress = plans._progress()
        late_bills = plans._late_new_bills(today)
        by_state = defaultdict(lambda: self.env["property.installment.plan.line"])
        ended = defaultdict(list)
        for plan in plans:
            paid, credited = progress.get(plan.id, (0, 0))
            lines = plan.line_ids.sorted("sequence")
            states = installment.instalment_states(
                [(line.due_date, ledger.to_cents(line.amount)) for line in lines],
                paid,
                credited,
                today,
                plan.grace_days,
            )
            for line, line_state in zip(lines, states, strict=True):
                if line.state != line_state:
                    by_state[line_state] |= line
            outcome = installment.plan_outcome(states)
            if outcome == "broken":
                missed = lines[states.index(installment.MISSED)]
                ended["broken"].append(
                    (
                        plan,
                        self.env._(
                            "Instalment %(number)s of %(amount)s due %(date)s not paid",
                            number=missed.sequence,
                            amount=missed.amount,
                            date=missed.due_date,
                        ),
                    )
                )
            elif plan.id in late_bills:
                ended["broken"].append(
                    (
                        plan,
                        self.env._("A new bill due %(date)s not paid", date=late_bills[plan.id]),
                    )
                )
            elif outcome == "done":
                ended["done"].append((plan, self.env._("All instalments paid")))
        for line_state, lines in by_state.items():
            lines.sudo().write({"state": line_state})
        for end_state, items in ended.items():
            for plan, reason in items:
                plan._end(end_state, reason)
        ended_broken = self.browse([plan.id for plan, _reason in ended.get("broken", [])])
        ended_broken._notify_broken()

    # === Helpers ===
    def _check_state(self, *states):
        for plan in self:
            if plan.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Plan %(plan)s is %(state)s: this cannot be done now.",
                        plan=plan.display_name,
                        state=labels[plan.state],
                    )
                )

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._("Only a manager can approve, refuse or cancel installment plans.")
            )
        self.check_access("write")

    def _check_covers_overdue(self):
        """The plan pauses the payer's dunning: it must cover every overdue item."""
        self.ensure_one()
        if not self.receivable_ids:
            raise UserError(self.env._("Choose the arrears items the plan covers."))
        closed = self.receivable_ids.filtered(lambda item: item.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "%(items)s are settled already.",
                    items=", ".join(closed.mapped("display_name")),
                )
            )
        today = fields.Date.context_today(self)
        overdue = self.env["property.receivable"].search(
            [
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("project_id", "=", self.project_id.id),
                ("state", "=", "open"),
                ("residual", ">", 0),
                ("due_date", "<", today),
                ("id", "not in", self.receivable_ids.ids),
            ]
        )
        if overdue:
            raise UserError(
                self.env._(
                    "The plan pauses the payer's dunning, so it must cover every overdue item; "
                    "add %(items)s.",
                    items=", ".join(overdue.mapped("display_name")),
                )
            )
        taken = self.search(
            [
                ("id", "!=", self.id),
                ("state", "in", ("to_approve", "approved", "active")),
                ("receivable_ids", "in", self.receivable_ids.ids),
            ],
            limit=1,
        )
        if taken:
            raise UserError(
                self.env._(
                    "Plan %(other)s covers some of these items already.",
                    other=taken.display_name,
                )
            )

    def _start(self):
        self.ensure_one()
        paid = self.currency_id.round(sum(self.receivable_ids.mapped("amount_paid")))
        credited = self.currency_id.round(
            sum(self.receivable_ids.mapped(lambda i: i.amount_credited + i.amount_written_off))
        )
        state = self._dunning_state()
        pause = self.env["property.dunning.pause"]
        if self.suspend_late_fees:
            pause = pause._open_items(
                self.receivable_ids,
                "installment",
                note=self.env._("Installment plan %(plan)s", plan=self.name),
            )
        self.sudo().write(
            {
                "state": "active",
                "date_start": fields.Date.context_today(self),
                "amount_paid_start": paid,
                "amount_credited_start": credited,
                "state_id": state.id,
                "pause_id": pause.id,
            }
        )
        self._attach_signed_copy()
        self.message_post(
            body=self.env._(
                "Signed agreement received: the plan starts, dunning of %(payer)s pauses while "
                "it is kept.",
                payer=self.partner_id.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _end(self, end_state, reason):
        self.ensure_one()
        self.pause_id._close_items()
        self.sudo().write(
            {
                "state": end_state,
                "date_end": fields.Date.context_today(self),
                "end_reason": reason,
            }
        )
        self.activity_unlink(["property_fee_collection.mail_activity_type_installment_approve"])
        self.message_post(body=reason, subtype_xmlid="mail.mt_note")

    def _notify_broken(self):
        """Broken plans: escalation resumes, the collector calls the payer."""
        call = self.env.ref("property_fee_collection.mail_activity_type_collection_call")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).sudo().create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("property.dunning.state"),
                    "res_id": plan.state_id.id,
                    "activity_type_id": call.id,
                    "user_id": (plan.state_id.collector_id or plan.collector_id).id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Installment plan broken: escalation resumes"),
                    "note": plan.end_reason,
                }
                for plan in self.filtered("state_id")
            ]
        )

    def _dunning_state(self):
        """The payer's dunning state in the project (created when dunning has not run)."""
        self.ensure_one()
        States = self.env["property.dunning.state"].sudo()
        state = States.search(
            [
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("project_id", "=", self.project_id.id),
            ],
            limit=1,
        )
        return state or States.create(
            {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "project_id": self.project_id.id,
            }
        )

    def _progress(self):
        """``{plan_id: (paid, credited)}`` in fen since each plan started, from the ledger
        (one query): what the items received, less what they had at the start."""
        plans = self.filtered(lambda p: p.id and p.date_start)
        if not plans:
            return {}
        self.env["property.receivable"].flush_model()
        self.flush_model(["receivable_ids"])
        rows = self.env.execute_query(
            SQL(
                """SELECT rel.plan_id, SUM(r.amount_paid),
                          SUM(r.amount_credited + r.amount_written_off)
                     FROM property_installment_plan_receivable_rel rel
                     JOIN property_receivable r ON r.id = rel.receivable_id
                    WHERE rel.plan_id = ANY(%s)
                 GROUP BY rel.plan_id""",
                plans.ids,
            )
        )
        starts = {plan.id: plan for plan in plans}
        return {
            plan_id: (
                ledger.to_cents(paid) - ledger.to_cents(starts[plan_id].amount_paid_start),
                ledger.to_cents(credited) - ledger.to_cents(starts[plan_id].amount_credited_start),
            )
            for plan_id, paid, credited in rows
        }

    def _late_new_bills(self, today):
        """``{plan_id: due date}``: plans whose payer left a bill that fell due after the
        plan started unpaid more than the grace days (the agreement asks to pay new fees
        on time)."""
        self.env["property.receivable"].flush_model()
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """SELECT p.id, MIN(r.due_date)
                     FROM property_installment_plan p
                     JOIN property_receivable r
                       ON r.partner_id = p.partner_id AND r.project_id = p.project_id
                    WHERE p.id = ANY(%(plans)s) AND r.state = 'open' AND r.residual > 0
                      AND NOT r.is_late_fee AND r.due_date >= p.date_start
                      AND r.due_date + p.grace_days < %(today)s
                      AND NOT EXISTS (SELECT 1 FROM property_installment_plan_receivable_rel rel
                                       WHERE rel.plan_id = p.id AND rel.receivable_id = r.id)
                 GROUP BY p.id""",
                plans=self.ids,
                today=today,
            )
        )
        return dict(rows)

    def _late_fee_items(self):
        """Open late-fee items of the plan: in the plan, or charged on its items."""
        self.ensure_one()
        return self.env["property.receivable"].search(
            [
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("project_id", "=", self.project_id.id),
                ("is_late_fee", "=", True),
                ("state", "=", "open"),
                ("residual", ">", 0),
                "|",
                ("id", "in", self.receivable_ids.ids),
                ("source_line_id", "in", self.receivable_ids.move_line_id.ids),
            ]
        )

    def _late_fee_waiver_amounts(self, items):
        """The agreed share of each late fee's unpaid amount, to the fen (the total is the
        share of the total, spread by largest remainder)."""
        residuals = [ledger.to_cents(item.residual) for item in items]
        parts = installment.share(residuals, self.late_fee_waiver_percent)
        return [
            (item, float(ledger.from_cents(part))) for item, part in zip(items, parts, strict=True)
        ]

    def _schedule_approval(self):
        manager = self.project_id.manager_id
        self.activity_schedule(
            "property_fee_collection.mail_activity_type_installment_approve",
            user_id=(manager or self.env.user).id,
            summary=self.env._("Approve installment plan of %(amount)s", amount=self.amount_total),
        )

    def _done_approval_tasks(self, feedback):
        self.activity_feedback(
            ["property_fee_collection.mail_activity_type_installment_approve"], feedback=feedback
        )

    def _attach_signed_copy(self):
        """Keep the signed copy in the chatter too (the evidence pack lists it)."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.signed_copy_name
                or self.env._("Signed agreement %(plan)s.pdf", plan=self.name),
                "datas": self.with_context(bin_size=False).signed_copy,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.message_post(
            body=self.env._("Signed agreement"),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return attachment

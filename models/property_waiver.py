from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
GENERAL_MANAGER = "property_fee_collection.property_fee_collection_group_general_manager"
REASONS = [
    ("hardship", "Financial Hardship"),
    ("service", "Service Compensation"),
    ("vacancy", "Vacant Unit"),
    ("campaign", "Campaign"),
    ("clearing", "Arrears-Clearing Plan"),
    ("installment", "Installment Plan Kept"),
]
STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting for Manager"),
    ("to_approve_gm", "Waiting for General Manager"),
    ("done", "Credited"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# what the request says: set while drafting, then fixed
TERMS = (
    "partner_id",
    "project_id",
    "reason",
    "description",
    "complaint_ref",
    "campaign_name",
    "plan_id",
    "line_ids",
    "attachment_ids",
)


class PropertyWaiver(models.Model):
    """减免: a reduction of chosen ledger items, approved by role, credited to the payer.

    Anyone of the collection team proposes (reason, chosen items and amounts, proof); a
    manager approves up to the company's limit (``property_waiver_manager_limit``), the
    general manager above it — never the person who asked. The approval posts one credit
    note per bill, marked as a waiver, whose lines credit exactly the chosen items
    (``account.move.line.property_credit_receivable_id``), reconciled with the bill: the
    ledger shows a "waiver" allocation on exactly those items. Every step is in the
    chatter with who and when; the state, the approvals and the money change only through
    the buttons.
    """

    _name = "property.waiver"
    _description = "Waiver"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.guarded.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name"]
    _guarded_fields = (
        "name",
        "state",
        "amount_total",
        "requested_by_id",
        "date_requested",
        "manager_approved_by_id",
        "date_manager_approved",
        "gm_approved_by_id",
        "date_gm_approved",
        "refused_by_id",
        "date_refused",
        "move_ids",
    )

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Payer", required=True, index=True, tracking=True
    )
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, index=True
    )
    reason = fields.Selection(REASONS, required=True, tracking=True)
    description = fields.Text(
        string="Why", tracking=True, help="What justifies the reduction, and its conditions."
    )
    complaint_ref = fields.Char(
        string="Complaint",
        tracking=True,
        help="Service compensation: the complaint (ticket number) being compensated.",
    )
    campaign_name = fields.Char(string="Campaign", tracking=True)
    plan_id = fields.Many2one(
        "property.installment.plan", string="Installment Plan", index="btree_not_null"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "property_waiver_attachment_rel",
        "waiver_id",
        "attachment_id",
        string="Proof Documents",
        help="Hardship: low-income or unemployment certificate, medical records …",
    )
    line_ids = fields.One2many("property.waiver.line", "waiver_id", string="Items Waived")
    amount_total = fields.Monetary(
        string="Total Waived", compute="_compute_amount_total", store=True, tracking=True
    )
    approval_level = fields.Selection(
        [("manager", "Manager"), ("general_manager", "General Manager")],
        compute="_compute_approval_level",
        help="Above the company's manager limit the general manager approves too.",
    )
    requested_by_id = fields.Many2one("res.users", string="Asked By", readonly=True)
    date_requested = fields.Datetime(string="Asked On", readonly=True)
    manager_approved_by_id = fields.Many2one(
        "res.users", string="Approved by Manager", readonly=True, tracking=True
    )
    date_manager_approved = fields.Datetime(string="Manager Approved On", readonly=True)
    gm_approved_by_id = fields.Many2one(
        "res.users", string="Approved by General Manager", readonly=True, tracking=True
    )
    date_gm_approved = fields.Datetime(string="General Manager Approved On", readonly=True)
    refused_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    date_refused = fields.Datetime(string="Refused On", readonly=True)
    refuse_reason = fields.Char(tracking=True)
    # credit notes are accounting documents: invoicing users see them
    move_ids = fields.Many2many(
        "account.move",
        "property_waiver_move_rel",
        "waiver_id",
        "move_id",
        string="Credit Notes",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
    )

    # === Compute ===
    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for waiver in self:
            total = sum(waiver.line_ids.mapped("amount"))
            waiver.amount_total = waiver.currency_id.round(total) if waiver.currency_id else total

    @api.depends("amount_total", "company_id.property_waiver_manager_limit")
    def _compute_approval_level(self):
        for waiver in self:
            limit = waiver.company_id.property_waiver_manager_limit
            over = waiver.amount_total > limit + 0.005
            waiver.approval_level = "general_manager" if over else "manager"

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for waiver in self:
            waiver.display_name = f"{waiver.name} {waiver.partner_id.name or ''}".strip()

    def _guarded_fields_for_user(self):
        fnames = super()._guarded_fields_for_user()
        if any(waiver.state != "draft" for waiver in self):
            fnames |= set(TERMS)
        return fnames

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(waiver.state != "draft" for waiver in self):
            raise UserError(self.env._("Only draft waivers can be deleted; cancel the others."))

    @api.model_create_multi
    def create(self, vals_list):
        waivers = super().create(vals_list)
        for waiver in waivers:
            waiver.sudo().name = self.env["ir.sequence"].with_company(
                waiver.company_id
            ).next_by_code("property.waiver") or str(waiver.id)
        waivers._attach_proofs()
        return waivers

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_proofs()
        return result

    # === Actions ===
    def action_submit(self):
        """Ask for approval (the person asking is recorded)."""
        for waiver in self:
            waiver._check_state("draft")
            waiver.check_access("write")
            waiver._check_request()
            waiver.sudo().write(
                {
                    "state": "to_approve",
                    "requested_by_id": self.env.uid,
                    "date_requested": fields.Datetime.now(),
                }
            )
            waiver._schedule_approval(waiver.project_id.manager_id)
        return True

    def action_approve(self):
        """Approve at the user's level: a manager up to the company's limit, the general
        manager above it; the last approval credits the items."""
        for waiver in self:
            waiver._check_state("to_approve", "to_approve_gm")
            waiver._check_approver()
            now = fields.Datetime.now()
            is_gm = self.env.user.has_group(GENERAL_MANAGER)
            vals = {}
            if waiver.state == "to_approve":
                vals.update(manager_approved_by_id=self.env.uid, date_manager_approved=now)
            if is_gm:
                vals.update(gm_approved_by_id=self.env.uid, date_gm_approved=now)
            waiver._done_approval_tasks(self.env._("Approved"))
            if waiver.approval_level == "general_manager" and not is_gm:
                vals["state"] = "to_approve_gm"
                waiver.sudo().write(vals)
                waiver._schedule_approval(waiver.company_id.property_general_manager_id)
                continue
            waiver.sudo().write(vals)
            waiver._credit()
        return True

    def action_refuse(self):
        for waiver in self:
            waiver._check_state("to_approve", "to_approve_gm")
            waiver._check_approver()
            if not waiver.refuse_reason:
                raise UserError(self.env._("Write why the waiver is refused."))
            waiver.sudo().write(
                {
                    "state": "refused",
                    "refused_by_id": self.env.uid,
                    "date_refused": fields.Datetime.now(),
                }
            )
            waiver._done_approval_tasks(
                self.env._("Refused: %(reason)s", reason=waiver.refuse_reason)
            )
        return True

    def action_cancel(self):
        for waiver in self:
            waiver._check_state("draft", "to_approve", "to_approve_gm")
            waiver.check_access("write")
            if self.env.uid != waiver.requested_by_id.id and not self.env.user.has_group(MANAGER):
                if waiver.state != "draft":
                    raise UserError(
                        self.env._("Only who asked for the waiver or a manager can cancel it.")
                    )
            waiver.sudo().state = "cancelled"
            waiver._done_approval_tasks(self.env._("Cancelled"))
        return True

    # === Checks ===
    def _check_state(self, *states):
        for waiver in self:
            if waiver.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Waiver %(waiver)s is %(state)s: this cannot be done now.",
                        waiver=waiver.display_name,
                        state=labels[waiver.state],
                    )
                )

    def _check_approver(self):
        """Managers approve (the general manager above the limit), never their own request."""
        self.ensure_one()
        user = self.env.user
        needed = GENERAL_MANAGER if self.state == "to_approve_gm" else MANAGER
        if not user.has_group(needed):
            raise UserError(
                self.env._(
                    "Waiver %(waiver)s of %(amount)s waits for a %(level)s: you cannot decide "
                    "on it.",
                    waiver=self.display_name,
                    amount=self.amount_total,
                    level=self.env._("general manager")
                    if needed == GENERAL_MANAGER
                    else self.env._("manager"),
                )
            )
        if user == self.requested_by_id:
            raise UserError(
                self.env._(
                    "You asked for waiver %(waiver)s: someone else must decide on it.",
                    waiver=self.display_name,
                )
            )
        self.check_access("write")

    def _check_request(self):
        """A complete request: items of this payer, amounts within what is unpaid, and the
        proof the reason needs."""
        self.ensure_one()
        if not self.line_ids:
            raise ValidationError(self.env._("Choose the items to waive and the amounts."))
        if not self.description:
            raise ValidationError(self.env._("Write why the items are waived."))
        if self.reason == "hardship" and not self.attachment_ids:
            raise ValidationError(
                self.env._(
                    "A hardship waiver needs proof documents (low-income or unemployment "
                    "certificate, medical records …)."
                )
            )
        if self.reason == "service" and not self.complaint_ref:
            raise ValidationError(
                self.env._("A service compensation names the complaint it compensates.")
            )
        if self.reason == "campaign" and not self.campaign_name:
            raise ValidationError(self.env._("Name the campaign of this waiver."))
        if self.reason == "installment" and self.plan_id.state != "active":
            raise ValidationError(
                self.env._("Late-fee relief for an installment plan needs a plan that is kept.")
            )
        self.line_ids._check_amounts()

    # === Credit notes ===
    def _credit(self):
        """One posted credit note per bill, crediting exactly the chosen items, reconciled
        with the bill (access checked by the caller)."""
        self.ensure_one()
        self.line_ids._check_amounts()
        Move = self.env["account.move"].sudo()
        by_bill = defaultdict(lambda: self.env["property.waiver.line"])
        for line in self.line_ids:
            by_bill[line.receivable_id.move_id] |= line
        credits = Move.create(
            [self._prepare_credit_vals(bill, lines) for bill, lines in by_bill.items()]
        )
        credits.action_post()
        for bill, credit in zip(by_bill, credits, strict=True):
            (credit.line_ids | bill.line_ids).filtered(
                lambda line: line.account_type == "asset_receivable" and not line.reconciled
            ).reconcile()
        self.sudo().write({"state": "done", "move_ids": [Command.set(credits.ids)]})
        self.message_post(
            body=self.env._(
                "%(amount)s credited to %(payer)s (%(moves)s).",
                amount=self.amount_total,
                payer=self.partner_id.name,
                moves=", ".join(credits.mapped("name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return credits

    def _prepare_credit_vals(self, bill, lines):
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        return {
            "move_type": "out_refund",
            "partner_id": bill.partner_id.id,
            "journal_id": bill.journal_id.id,
            "invoice_date": fields.Date.context_today(self),
            "ref": self.env._(
                "Waiver %(waiver)s (%(reason)s) of %(bill)s",
                waiver=self.name,
                reason=reasons[self.reason],
                bill=bill.name,
            ),
            "reversed_entry_id": bill.id,
            "property_project_id": bill.property_project_id.id,
            "property_waiver": True,
            "invoice_line_ids": [
                Command.create(line._prepare_credit_line_vals()) for line in lines
            ],
        }

    # === Tasks and proofs ===
    def _schedule_approval(self, user):
        self.activity_schedule(
            "property_fee_collection.mail_activity_type_waiver_approve",
            user_id=(user or self.project_id.manager_id or self.env.user).id,
            summary=self.env._("Approve waiver of %(amount)s", amount=self.amount_total),
        )

    def _done_approval_tasks(self, feedback):
        self.activity_feedback(
            ["property_fee_collection.mail_activity_type_waiver_approve"], feedback=feedback
        )

    def _attach_proofs(self):
        """Proofs belong to the waiver, so only who reads the waiver reads them."""
        for waiver in self:
            waiver.attachment_ids.sudo().filtered(
                lambda a, w=waiver: not a.res_model or (a.res_model == w._name and not a.res_id)
            ).write({"res_model": waiver._name, "res_id": waiver.id})

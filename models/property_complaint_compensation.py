from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .helpdesk_ticket import CUSTOMER_SERVICE, MANAGER

STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting for Approval"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
# Set only by the buttons below (role checked, written in sudo mode).
PROTECTED_FIELDS = frozenset(
    {"state", "requested_by_id", "requested_date", "decided_by_id", "decision_date", "move_id"}
)
# Editable while the request is a draft only.
DRAFT_FIELDS = frozenset({"ticket_id", "partner_id", "amount", "reason"})


class PropertyComplaintCompensation(models.Model):
    """投诉补偿: compensation granted to a complainant, asked for by customer service and
    approved by a manager; approval posts a credit note on the payer's property account,
    used on their open bills oldest first (or kept as credit for the next bills)."""

    _name = "property.complaint.compensation"
    _description = "Complaint Compensation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # === Fields ===
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    project_id = fields.Many2one(
        related="ticket_id.project_id", store=True, index=True, string="Project"
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Payer",
        required=True,
        tracking=True,
        help="The credit note is made out to this payer.",
    )
    amount = fields.Monetary(required=True, tracking=True)
    reason = fields.Text(required=True)
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    requested_by_id = fields.Many2one("res.users", string="Requested By", readonly=True, copy=False)
    requested_date = fields.Datetime(string="Requested On", readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False, tracking=True
    )
    decision_date = fields.Datetime(string="Decided On", readonly=True, copy=False)
    move_id = fields.Many2one(
        "account.move", string="Credit Note", readonly=True, copy=False, check_company=True
    )

    # === Constraints ===
    _amount_positive = models.Constraint(
        "CHECK (amount > 0)", "A compensation must have a positive amount."
    )

    @api.depends("ticket_id.number", "amount")
    def _compute_display_name(self):
        for compensation in self:
            compensation.display_name = self.env._(
                "Compensation %(number)s",
                number=compensation.ticket_id.number or "",
            )

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_protected(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_protected(vals)
            if vals.keys() & DRAFT_FIELDS and any(c.state != "draft" for c in self):
                raise UserError(
                    self.env._(
                        "A compensation can be changed only while it is a draft; refuse it "
                        "and ask again for another amount."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if any(c.state not in ("draft", "cancelled") for c in self):
            raise UserError(self.env._("Only draft or cancelled compensations can be deleted."))

    def _check_protected(self, vals):
        if PROTECTED_FIELDS & vals.keys():
            raise AccessError(
                self.env._(
                    "The status, approval and credit note of a compensation change only "
                    "through its buttons."
                )
            )

    def _check_state(self, *states):
        for compensation in self:
            if compensation.state not in states:
                raise UserError(
                    self.env._(
                        "%(compensation)s is %(state)s: this cannot be done now.",
                        compensation=compensation.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            compensation.state
                        ],
                    )
                )

    # === Actions ===
    def action_request(self):
        """Ask a manager to approve (task for the project manager)."""
        if not self.env.user.has_group(CUSTOMER_SERVICE):
            raise AccessError(
                self.env._("Only customer service and managers ask for compensation.")
            )
        self._check_state("draft")
        self.sudo().write(
            {
                "state": "to_approve",
                "requested_by_id": self.env.uid,
                "requested_date": fields.Datetime.now(),
            }
        )
        for compensation in self.sudo():
            manager = compensation.ticket_id._property_manager()
            compensation.activity_schedule(
                "property_fee_collection.mail_activity_type_complaint_compensation",
                user_id=manager.id or self.env.uid,
                summary=self.env._(
                    "Approve compensation of %(amount)s for complaint %(number)s",
                    amount=compensation._format_amount(),
                    number=compensation.ticket_id.number,
                ),
                note=compensation.reason,
            )
        return True

    def action_approve(self):
        """Manager approval: post the credit note and use it on the payer's open bills."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a manager can approve a compensation."))
        self._check_state("to_approve")
        for compensation in self:
            credit = compensation._create_credit_note()
            compensation.sudo().write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.uid,
                    "decision_date": fields.Datetime.now(),
                    "move_id": credit.id,
                }
            )
            compensation._done_approval_tasks()
            compensation.ticket_id.message_post(
                body=self.env._(
                    "Compensation of %(amount)s approved by %(user)s: credit note %(move)s.",
                    amount=compensation._format_amount(),
                    user=self.env.user.name,
                    move=credit.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_refuse(self):
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a manager can refuse a compensation."))
        self._check_state("to_approve")
        self.sudo().write(
            {
                "state": "refused",
                "decided_by_id": self.env.uid,
                "decision_date": fields.Datetime.now(),
            }
        )
        self._done_approval_tasks()
        return True

    def action_cancel(self):
        if not self.env.user.has_group(CUSTOMER_SERVICE):
            raise AccessError(
                self.env._("Only customer service and managers cancel compensations.")
            )
        self._check_state("draft", "to_approve")
        self.sudo().write({"state": "cancelled"})
        self._done_approval_tasks()
        return True

    def action_reset_to_draft(self):
        if not self.env.user.has_group(CUSTOMER_SERVICE):
            raise AccessError(self.env._("Only customer service and managers can do this."))
        self._check_state("refused", "cancelled")
        self.sudo().write({"state": "draft", "decided_by_id": False, "decision_date": False})
        return True

    def action_view_credit_note(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    # === Accounting ===
    def _create_credit_note(self):
        """Posted credit note on the payer's property account, reconciled with their open
        bills of the project, oldest due date first."""
        self.ensure_one()
        Move = self.env["account.move"]
        company = self.company_id
        product = self.env.ref("property_fee_collection.product_property_compensation")
        credit = Move.with_company(company).create(
            {
                "move_type": "out_refund",
                "partner_id": self.partner_id.id,
                "company_id": company.id,
                "journal_id": Move._property_get_journal(company).id,
                "invoice_date": fields.Date.context_today(self),
                "ref": self.env._("Complaint %(number)s", number=self.ticket_id.number),
                "property_project_id": self.project_id.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": self.env._(
                                "Compensation for complaint %(number)s: %(reason)s",
                                number=self.ticket_id.number,
                                reason=self.reason,
                            ),
                            "quantity": 1.0,
                            "price_unit": self.amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        credit.action_post()
        self._reconcile_with_open_bills(credit)
        return credit

    def _reconcile_with_open_bills(self, credit):
        credit_lines = credit.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable" and not line.reconciled
        )
        debits = (
            self.env["property.receivable"]
            ._open_bill_lines(
                credit.commercial_partner_id, credit.company_id, project=self.project_id
            )
            .filtered(lambda line: line.account_id in credit_lines.account_id)
        )
        for debit in debits:
            if all(credit_lines.mapped("reconciled")):
                break
            (credit_lines.filtered(lambda line: not line.reconciled) | debit).reconcile()

    # === Helpers ===
    def _done_approval_tasks(self):
        task = self.env.ref("property_fee_collection.mail_activity_type_complaint_compensation")
        states = dict(self._fields["state"]._description_selection(self.env))
        for compensation in self.sudo():
            compensation.activity_ids.filtered(
                lambda a: a.activity_type_id == task
            ).action_feedback(feedback=states[compensation.state])

    def _format_amount(self):
        self.ensure_one()
        return f"{self.currency_id.symbol or ''}{self.amount:,.2f}"

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import ledger

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
GENERAL_MANAGER = "property_fee_collection.property_fee_collection_group_general_manager"
STATES = [
    ("proposed", "Proposed"),
    ("letter", "Lawyer's Letter"),
    ("filed", "Filed"),
    ("judgment", "Judgment"),
    ("enforcement", "Enforcement"),
    ("closed", "Closed"),
    ("dropped", "Not Pursued"),
]
OPEN_STATES = ("proposed", "letter", "filed", "judgment", "enforcement")
# days a lawyer's letter gives the payer (the letter says "within 15 days of receipt")
LETTER_DAYS = 15
# the next stage of each open stage, and what it needs
NEXT = {"letter": "filed", "filed": "judgment", "judgment": "enforcement"}


class PropertyLegalCase(models.Model):
    """法律诉讼: a payer taken to court or to arbitration for the arrears of a project.

    Opened by the dunning ladder's legal referral (or by a manager) as a proposal; the
    general manager decides which (representative, large) debtors are sued (seed 003). Then:
    lawyer's letter (delivered, deadline passed) → filing with the court or the arbitration
    commission → judgment → enforcement → closed. The claimed, awarded and recovered
    amounts, the lawyer and the costs are on the case; hearings are scheduled as
    activities. The evidence pack (PDF) is assembled from the records: fee standards,
    bills, notices and letters with their proof of delivery, the collection log, promises,
    plans and complaints. An open case pauses the payer's dunning.
    """

    _name = "property.legal.case"
    _description = "Legal Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "property.guarded.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name", "case_number"]
    _guarded_fields = (
        "name",
        "state",
        "partner_id",
        "project_id",
        "state_id",
        "referral_action_id",
        "decided_by_id",
        "date_decided",
        "amount_claimed",
        "amount_paid_start",
        "date_closed",
        "evidence_attachment_id",
    )

    # === Fields ===
    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Defendant", required=True, index=True, tracking=True
    )
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state_id = fields.Many2one(
        "property.dunning.state", string="Dunning State", readonly=True, index=True
    )
    referral_action_id = fields.Many2one(
        "property.dunning.action", string="Legal Referral", readonly=True
    )
    state = fields.Selection(
        STATES, default="proposed", required=True, readonly=True, tracking=True, index=True
    )
    is_open = fields.Boolean(compute="_compute_is_open", store=True, index=True)
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True, tracking=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    decision_note = fields.Text(string="Decision", tracking=True)
    receivable_ids = fields.Many2many(
        "property.receivable",
        "property_legal_case_receivable_rel",
        "case_id",
        "receivable_id",
        string="Claimed Items",
        readonly=True,
    )
    # --- lawyer's letter (律师函) ---
    letter_action_id = fields.Many2one(
        "property.dunning.action",
        string="Lawyer's Letter Sent",
        domain="[('state_id', '=', state_id)]",
        tracking=True,
    )
    letter_date = fields.Date(tracking=True)
    letter_delivery_date = fields.Date(string="Letter Delivered On", tracking=True)
    letter_proof = fields.Char(string="Proof of Delivery", tracking=True)
    letter_deadline = fields.Date(
        tracking=True, help="Last day the letter gave the payer; filing comes after it."
    )
    # --- proceedings ---
    forum = fields.Selection(
        [("court", "Court (Lawsuit)"), ("arbitration", "Arbitration")],
        default="court",
        tracking=True,
    )
    court_name = fields.Char(string="Court / Commission", tracking=True)
    case_number = fields.Char(
        tracking=True, help="The number the court or commission gave the case (案号)."
    )
    lawyer_id = fields.Many2one("res.partner", string="Lawyer / Law Firm", tracking=True)
    date_filed = fields.Date(tracking=True)
    date_judgment = fields.Date(tracking=True)
    judgment_result = fields.Selection(
        [
            ("won", "Won"),
            ("partly", "Partly Won"),
            ("lost", "Lost"),
            ("settled", "Settled / Mediated"),
        ],
        tracking=True,
    )
    date_enforcement = fields.Date(string="Enforcement Applied On", tracking=True)
    date_closed = fields.Date(readonly=True, tracking=True)
    close_reason = fields.Char(tracking=True)
    # --- money ---
    amount_claimed = fields.Monetary(readonly=True, tracking=True)
    amount_awarded = fields.Monetary(tracking=True)
    amount_paid_start = fields.Monetary(readonly=True)
    amount_recovered = fields.Monetary(
        compute="_compute_amount_recovered",
        help="Payments the claimed items received since the case was opened (ledger).",
    )
    cost_lawyer = fields.Monetary(string="Lawyer's Fee", tracking=True)
    cost_court = fields.Monetary(string="Court / Arbitration Fee", tracking=True)
    cost_other = fields.Monetary(string="Other Costs", tracking=True)
    cost_total = fields.Monetary(string="Total Costs", compute="_compute_cost_total", store=True)
    next_hearing = fields.Date(compute="_compute_next_hearing")
    evidence_attachment_id = fields.Many2one(
        "ir.attachment", string="Evidence Pack", readonly=True, copy=False
    )

    _amounts_check = models.Constraint(
        "CHECK (amount_awarded >= 0 AND cost_lawyer >= 0 AND cost_court >= 0 AND cost_other >= 0)",
        "Amounts and costs of a legal case cannot be negative.",
    )

    # === Compute ===
    @api.depends("state")
    def _compute_is_open(self):
        for case in self:
            case.is_open = case.state in OPEN_STATES

    @api.depends("cost_lawyer", "cost_court", "cost_other")
    def _compute_cost_total(self):
        for case in self:
            case.cost_total = case.cost_lawyer + case.cost_court + case.cost_other

    def _compute_amount_recovered(self):
        self.env["property.receivable"].flush_model()
        self.flush_model(["receivable_ids"])
        paid = (
            dict(
                self.env.execute_query(
                    SQL(
                        """SELECT rel.case_id, SUM(r.amount_paid)
                         FROM property_legal_case_receivable_rel rel
                         JOIN property_receivable r ON r.id = rel.receivable_id
                        WHERE rel.case_id = ANY(%s)
                     GROUP BY rel.case_id""",
                        [case.id for case in self if case.id],
                    )
                )
            )
            if self.ids
            else {}
        )
        for case in self:
            total = ledger.to_cents(paid.get(case.id) or 0)
            case.amount_recovered = float(
                ledger.from_cents(max(total - ledger.to_cents(case.amount_paid_start), 0))
            )

    @api.depends("activity_ids.date_deadline", "activity_ids.activity_type_id")
    def _compute_next_hearing(self):
        hearing = self.env.ref(
            "property_fee_collection.mail_activity_type_court_hearing", raise_if_not_found=False
        )
        for case in self:
            dates = case.activity_ids.filtered(lambda a: a.activity_type_id == hearing).mapped(
                "date_deadline"
            )
            case.next_hearing = min(dates) if dates else False

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for case in self:
            case.display_name = f"{case.name} {case.partner_id.name or ''}".strip()

    @api.constrains("letter_date", "letter_delivery_date", "letter_deadline")
    def _check_letter_dates(self):
        for case in self:
            if (
                case.letter_delivery_date
                and case.letter_date
                and (case.letter_delivery_date < case.letter_date)
            ):
                raise ValidationError(self.env._("A letter cannot be delivered before it is sent."))
            if (
                case.letter_deadline
                and case.letter_delivery_date
                and (case.letter_deadline < case.letter_delivery_date)
            ):
                raise ValidationError(
                    self.env._("The letter's deadline cannot be before it was delivered.")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_case(self):
        raise UserError(self.env._("Legal cases are kept: close them or mark them not pursued."))

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        for case in cases:
            case.sudo().name = self.env["ir.sequence"].with_company(case.company_id).next_by_code(
                "property.legal.case"
            ) or str(case.id)
        return cases

    # === Opening: from the ladder's legal referral, or by a manager ===
    @api.model
    def _create_from_referral(self, actions):
        """A proposed case for each payer referred to legal action by ``actions`` (the
        ladder's legal level), unless one is open already; the general manager decides."""
        open_states = (
            self.sudo()
            .search([("state_id", "in", actions.state_id.ids), ("is_open", "=", True)])
            .state_id
        )
        cases = self.browse()
        for action in actions.filtered(lambda a: a.state_id not in open_states):
            cases |= self._open_case(action.state_id, referral=action)
        return cases

    @api.model
    def _open_case(self, state, referral=None):
        """A proposed case over the payer's open items, with the lawyer's letter the ladder
        sent (as superuser: the caller checked the role)."""
        state.ensure_one()
        items = (
            self.env["property.receivable"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", state.partner_id.id),
                    ("project_id", "=", state.project_id.id),
                    ("state", "=", "open"),
                    ("residual", ">", 0),
                ]
            )
        )
        letter = (
            self.env["property.dunning.action"]
            .sudo()
            .search(
                [
                    ("state_id", "=", state.id),
                    ("level_id.channel_lawyer", "=", True),
                    ("approval_state", "in", ("none", "approved")),
                ],
                order="date desc, id desc",
                limit=1,
            )
        )
        currency = state.company_id.currency_id
        case = self.sudo().create(
            {
                "partner_id": state.partner_id.id,
                "project_id": state.project_id.id,
                "state_id": state.id,
                "referral_action_id": referral.id if referral else False,
                "receivable_ids": [Command.set(items.ids)],
                "amount_claimed": currency.round(sum(items.mapped("residual"))),
                "amount_paid_start": currency.round(sum(items.mapped("amount_paid"))),
                **self._letter_vals(letter),
            }
        )
        gm = state.company_id.property_general_manager_id or state.project_id.manager_id
        case.activity_schedule(
            "property_fee_collection.mail_activity_type_legal_decision",
            user_id=(gm or self.env.user).id,
            summary=self.env._(
                "Decide: sue %(payer)s for %(amount)s?",
                payer=state.partner_id.name,
                amount=case.amount_claimed,
            ),
        )
        return case.sudo(False)

    @api.model
    def _letter_vals(self, letter):
        if not letter:
            return {}
        delivered = letter.delivery_date
        return {
            "letter_action_id": letter.id,
            "letter_date": letter.date,
            "letter_delivery_date": delivered,
            "letter_proof": letter.delivery_proof,
            "letter_deadline": fields.Date.add(delivered, days=LETTER_DAYS) if delivered else False,
        }

    # === Decisions and stages ===
    def action_approve_suit(self):
        """The general manager decides to sue (seed 003: representative large debtors)."""
        self._check_role(GENERAL_MANAGER, self.env._("the general manager"))
        for case in self:
            case._check_state("proposed")
            case.sudo().write(
                {
                    "state": "letter",
                    "decided_by_id": self.env.uid,
                    "date_decided": fields.Datetime.now(),
                }
            )
            case.activity_feedback(
                ["property_fee_collection.mail_activity_type_legal_decision"],
                feedback=self.env._("Sue"),
            )
        return True

    def action_drop(self):
        """Not pursued (the general manager decides, or a manager ends a case not yet filed)."""
        for case in self:
            if case.state == "proposed":
                case._check_role(GENERAL_MANAGER, self.env._("the general manager"))
            else:
                case._check_role(MANAGER, self.env._("a manager"))
                case._check_state("letter")
            if not case.decision_note:
                raise UserError(self.env._("Write why the case is not pursued."))
            case.sudo().write(
                {
                    "state": "dropped",
                    "decided_by_id": self.env.uid,
                    "date_decided": fields.Datetime.now(),
                    "date_closed": fields.Date.context_today(self),
                }
            )
            case.activity_feedback(
                ["property_fee_collection.mail_activity_type_legal_decision"],
                feedback=self.env._("Not pursued"),
            )
        return True

    def action_next_stage(self):
        """Filing, judgment, enforcement: each stage needs what the previous one produced."""
        self._check_role(MANAGER, self.env._("a manager"))
        for case in self:
            case._check_state(*NEXT)
            getattr(case, f"_check_ready_{NEXT[case.state]}")()
            case.sudo().state = NEXT[case.state]
        return True

    def action_close(self):
        self._check_role(MANAGER, self.env._("a manager"))
        for case in self:
            case._check_state("letter", "filed", "judgment", "enforcement")
            if not case.close_reason:
                raise UserError(self.env._("Write how the case ended (paid, settled …)."))
            case.sudo().write({"state": "closed", "date_closed": fields.Date.context_today(self)})
        return True

    def _check_ready_filed(self):
        today = fields.Date.context_today(self)
        if not (self.letter_date and self.letter_delivery_date and self.letter_proof):
            raise UserError(
                self.env._(
                    "File only after the lawyer's letter was sent and delivered with proof "
                    "(Civil Code art. 944: demand payment within a reasonable period first)."
                )
            )
        if not self.letter_deadline or self.letter_deadline >= today:
            raise UserError(
                self.env._(
                    "The lawyer's letter gives the payer until %(deadline)s: file after it.",
                    deadline=self.letter_deadline or "-",
                )
            )
        if not (self.forum and self.court_name and self.date_filed):
            raise UserError(self.env._("Enter the court or commission and the filing date."))

    def _check_ready_judgment(self):
        if not (self.date_judgment and self.judgment_result):
            raise UserError(self.env._("Enter the judgment date and result."))

    def _check_ready_enforcement(self):
        if self.judgment_result not in ("won", "partly", "settled"):
            raise UserError(self.env._("Only a judgment in the company's favour is enforced."))
        if not (self.date_enforcement and self.amount_awarded > 0):
            raise UserError(
                self.env._("Enter the amount awarded and the day enforcement was applied for.")
            )

    def _check_role(self, group, label):
        if not self.env.user.has_group(group):
            raise UserError(self.env._("Only %(who)s can do this on a legal case.", who=label))
        self.check_access("write")

    def _check_state(self, *states):
        for case in self:
            if case.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Case %(case)s is %(state)s: this cannot be done now.",
                        case=case.display_name,
                        state=labels[case.state],
                    )
                )

    # === Evidence pack (证据材料) ===
    def action_evidence_pack(self):
        """Assemble the evidence pack PDF and keep it on the case."""
        self._check_role(MANAGER, self.env._("a manager"))
        report = self.env.ref("property_fee_collection.property_legal_case_report_evidence")
        for case in self:
            pdf, _kind = report._render_qweb_pdf(report.report_name, case.ids)
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.env._("Evidence pack %(case)s.pdf", case=case.name),
                    "raw": pdf,
                    "res_model": case._name,
                    "res_id": case.id,
                    "mimetype": "application/pdf",
                }
            )
            case.sudo().evidence_attachment_id = attachment
            case.message_post(
                body=self.env._("Evidence pack assembled."),
                attachment_ids=attachment.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _evidence(self):
        """What the evidence pack lists, read as superuser (the case's readers may print it):
        ``{fee_standards, items, actions, activities, promises, plans, complaints}``."""
        self.ensure_one()
        case = self.sudo()
        items = case.receivable_ids.sorted(lambda i: (i.due_date, i.period_start or i.due_date))
        units = items.unit_id
        standards = (
            self.env["property.fee.assignment"]
            .sudo()
            .search(
                [
                    ("fee_type_id", "in", items.fee_type_id.ids),
                    "|",
                    "|",
                    ("unit_id", "in", units.ids),
                    ("building_id", "in", units.building_id.ids),
                    "&",
                    ("unit_id", "=", False),
                    "&",
                    ("building_id", "=", False),
                    ("project_id", "=", case.project_id.id),
                ],
                order="fee_type_id, date_from",
            )
        )
        domain = [("partner_id", "=", case.partner_id.id), ("project_id", "=", case.project_id.id)]
        return {
            "fee_types": items.fee_type_id,
            "fee_standards": standards,
            "items": items,
            "bills": items.move_id.sorted("invoice_date"),
            "actions": self.env["property.dunning.action"].sudo().search(domain, order="date"),
            "activities": self.env["property.collection.activity"]
            .sudo()
            .search(domain, order="date"),
            "promises": self.env["property.payment.promise"].sudo().search(domain, order="date"),
            "plans": self.env["property.installment.plan"]
            .sudo()
            .search(domain + [("state", "!=", "draft")], order="id"),
            "complaints": self._evidence_complaints(),
        }

    def _evidence_complaints(self):
        """Complaints of the payer and their resolution, as ``[(date, subject, status,
        resolution)]``: none until the complaints module extends this."""
        return []

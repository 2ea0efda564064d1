from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..tools import complaint

GROUP = "property_fee_collection.property_fee_collection_group_"
CUSTOMER_SERVICE = GROUP + "customer_service"
COLLECTOR = GROUP + "collector"
MANAGER = GROUP + "manager"
HELPDESK_MANAGER = "helpdesk_mgmt.group_helpdesk_manager"

# Fields set only by the complaint's own methods (which check the role and write them in
# sudo mode): a plain write or create by a user is refused, whatever the client sends.
PROTECTED_FIELDS = frozenset(
    {
        "registered_by_id",
        "dispute_active",
        "dunning_state_id",
        "collection_activity_id",
        "ack_deadline",
        "resolve_deadline",
        "acknowledged_date",
        "resolved_date",
        "overdue_escalation",
        "satisfaction",
        "followup_comment",
        "followup_date",
        "followup_user_id",
        "reopen_count",
        "escalated",
    }
)


class HelpdeskTicket(models.Model):
    """投诉: OCA helpdesk tickets extended into the complaint register of a property company.

    Registration (《业主投诉登记表》), the links to the unit, the payer and their arrears, and
    the payment-dispute pause of dunning live here; the stage flow in
    ``helpdesk_ticket_flow.py``, deadlines in ``helpdesk_ticket_deadline.py``, the follow-up
    visit in ``helpdesk_ticket_followup.py``, compensation in ``helpdesk_ticket_compensation.py``.
    """

    _inherit = "helpdesk.ticket"
    _check_company_auto = True

    # === Registration (《业主投诉登记表》) ===
    complaint_date = fields.Datetime(
        string="Complaint Time",
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        help="When the owner complained; the deadlines count from this moment.",
    )
    registered_by_id = fields.Many2one(
        "res.users",
        string="Registered By",
        readonly=True,
        copy=False,
        default=lambda self: self.env.user if not self.env.user.share else False,
    )
    location = fields.Char(string="Place")
    people_involved = fields.Char()
    owner_demand = fields.Text(string="Owner's Demand", help="What the complainant asks for.")
    project_id = fields.Many2one(
        "property.project",
        string="Project",
        compute="_compute_project_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    unit_id = fields.Many2one(
        "property.unit",
        string="Unit",
        compute="_compute_unit_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('project_id', '=?', project_id)]",
    )
    payer_id = fields.Many2one(
        "res.partner",
        string="Payer",
        compute="_compute_payer_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        help="Who pays the unit's fees (the owner, or a tenant who is billed): a payment "
        "dispute pauses this payer's dunning in the project.",
    )
    dunning_state_id = fields.Many2one(
        "property.dunning.state",
        string="Payer Record",
        compute="_compute_dunning_state_id",
        store=True,
        index="btree_not_null",
        help="Where the payer stands in the dunning of this project.",
    )
    other_team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        "helpdesk_ticket_other_team_rel",
        "ticket_id",
        "team_id",
        string="Other Departments",
        check_company=True,
        help="Departments involved besides the lead department (牵头部门).",
    )
    collection_activity_id = fields.Many2one(
        "property.collection.activity",
        string="From Collection Call",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The collection call or visit in which the payer refused to pay over this issue.",
    )

    # === Handling ===
    investigation = fields.Html(string="Investigation Notes", sanitize_style=True)
    resolution = fields.Html(sanitize_style=True)
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "helpdesk_ticket_evidence_rel",
        "ticket_id",
        "attachment_id",
        string="Evidence",
        help="Photos, videos and documents gathered during the investigation.",
    )
    property_stage = fields.Selection(
        related="stage_id.property_stage", store=True, index=True, string="Complaint Step"
    )

    # === Payment dispute (拒缴原因) ===
    payment_dispute = fields.Boolean(
        tracking=True,
        copy=False,
        help="The payer refuses to pay until this complaint is handled: dunning of the payer "
        "in this project pauses until the complaint is resolved or closed.",
    )
    dispute_active = fields.Boolean(
        string="Pauses Dunning",
        compute="_compute_dispute_active",
        store=True,
        index=True,
    )

    # === Arrears of the payer ===
    currency_id = fields.Many2one(related="company_id.currency_id")
    payer_overdue_amount = fields.Monetary(
        related="dunning_state_id.overdue_amount", string="Payer Overdue"
    )
    payer_open_amount = fields.Monetary(related="dunning_state_id.open_amount", string="Payer Owes")
    payer_oldest_due_date = fields.Date(
        related="dunning_state_id.oldest_due_date", string="Oldest Overdue Date"
    )
    payer_level_id = fields.Many2one(related="dunning_state_id.level_id", string="Dunning Level")

    # === Compute methods ===
    @api.depends("partner_id")
    def _compute_unit_id(self):
        for ticket in self:
            units = ticket.partner_id and not ticket.unit_id and ticket._property_partner_units()
            ticket.unit_id = ticket.unit_id or (units if units and len(units) == 1 else False)

    @api.depends("unit_id", "partner_id")
    def _compute_project_id(self):
        for ticket in self:
            if ticket.unit_id or ticket.project_id or not ticket.partner_id:
                ticket.project_id = ticket.unit_id.project_id or ticket.project_id
                continue
            projects = ticket._property_partner_units().project_id
            ticket.project_id = projects if len(projects) == 1 else False

    @api.depends("unit_id", "partner_id")
    def _compute_payer_id(self):
        for ticket in self:
            ticket.payer_id = (
                ticket.unit_id.sudo().payer_id or ticket.partner_id.commercial_partner_id
            )

    @api.depends("payer_id", "project_id")
    def _compute_dunning_state_id(self):
        keyed = self.filtered(lambda t: t.payer_id and t.project_id)
        states = {}
        if keyed:
            for state in (
                self.env["property.dunning.state"]
                .sudo()
                .search_fetch(
                    [
                        ("partner_id", "in", keyed.payer_id.commercial_partner_id.ids),
                        ("project_id", "in", keyed.project_id.ids),
                    ],
                    ["partner_id", "project_id"],
                )
            ):
                states[state.partner_id.id, state.project_id.id] = state.id
        for ticket in self:
            key = (ticket.payer_id.commercial_partner_id.id, ticket.project_id.id)
            ticket.dunning_state_id = states.get(key, False)

    @api.depends("payment_dispute", "property_stage", "active")
    def _compute_dispute_active(self):
        for ticket in self:
            ticket.dispute_active = complaint.dispute_pauses(
                ticket.payment_dispute, ticket.property_stage, ticket.active
            )

    @api.onchange("category_id")
    def _onchange_category_id_property(self):
        """The department in charge of the category leads by default."""
        if self.category_id and not self.team_id:
            self.team_id = self.env["helpdesk.ticket.team"].search(
                [
                    ("category_ids", "in", self.category_id.ids),
                    ("company_id", "in", [False, self.company_id.id]),
                ],
                limit=1,
            )

    # === CRUD ===
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._property_check_protected(vals)
                if vals.get("payment_dispute"):
                    self._property_check_dispute_rights()
                self._property_check_initial_stage(vals.get("stage_id"))
        tickets = super().create(vals_list)
        tickets._property_ensure_dunning_states()
        return tickets

    def write(self, vals):
        if not self.env.su:
            self._property_check_protected(vals)
            if "payment_dispute" in vals:
                self._property_check_dispute_rights()
        stage = self.env["helpdesk.ticket.stage"].browse(vals.get("stage_id") or [])
        moving = self.filtered(lambda t: stage and t.stage_id != stage)
        if moving:
            moving._property_check_transition(stage, vals)
        old_steps = {ticket.id: ticket.property_stage for ticket in moving}
        result = super().write(vals)
        if moving:
            moving._property_after_stage_change(old_steps)
        if vals.keys() & {"payment_dispute", "payer_id", "project_id", "unit_id", "partner_id"}:
            self._property_ensure_dunning_states()
        return result

    def _prepare_ticket_number(self, values):
        """Registration number of the complaint register: TS2026-00001."""
        sequence = self.env["ir.sequence"]
        if values.get("company_id"):
            sequence = sequence.with_company(values["company_id"])
        number = sequence.next_by_code("property.complaint")
        return number or super()._prepare_ticket_number(values)

    # === Rights ===
    def _property_check_protected(self, vals):
        forbidden = PROTECTED_FIELDS & vals.keys()
        if forbidden:
            raise AccessError(
                self.env._(
                    "These complaint fields change only through the complaint's buttons: "
                    "%(fields)s.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(forbidden)
                    ),
                )
            )

    def _property_check_dispute_rights(self):
        user = self.env.user
        if not (user.has_group(CUSTOMER_SERVICE) or user.has_group(COLLECTOR)):
            raise AccessError(
                self.env._(
                    "Only customer service, collectors and managers can mark or clear a "
                    "payment dispute: it pauses the payer's dunning."
                )
            )

    def _property_is_desk(self):
        user = self.env.user
        return self.env.su or user.has_group(CUSTOMER_SERVICE) or user.has_group(HELPDESK_MANAGER)

    def _property_is_manager(self):
        user = self.env.user
        return self.env.su or user.has_group(MANAGER) or user.has_group(HELPDESK_MANAGER)

    def _property_is_handler(self):
        """The responsible person, a member or the leader of the lead department, or the desk."""
        self.ensure_one()
        user = self.env.user
        team = self.sudo().team_id
        return (
            self._property_is_desk()
            or self.sudo().user_id == user
            or user in team.user_ids
            or team.user_id == user
        )

    # === Links to the register and to dunning ===
    def _property_partner_units(self):
        """Units the complainant (or their company) owns, rents or occupies today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        occupancies = self.env["property.unit.occupancy"].search(
            Domain("partner_id", "child_of", self.partner_id.commercial_partner_id.id)
            & Domain("date_from", "<=", today)
            & (Domain("date_to", "=", False) | Domain("date_to", ">=", today))
        )
        return occupancies.unit_id

    def _property_ensure_dunning_states(self):
        """A payment dispute pauses the payer's dunning state: create it when the payer has
        none yet in the project (the daily dunning run fills in the amounts)."""
        missing = self.filtered(
            lambda t: t.payment_dispute and t.payer_id and t.project_id and not t.dunning_state_id
        )
        if not missing:
            return
        States = self.env["property.dunning.state"].sudo()
        keys = {(t.payer_id.commercial_partner_id.id, t.project_id.id) for t in missing}
        States.create([{"partner_id": partner, "project_id": project} for partner, project in keys])
        # the dunning state's create() links the complaints of its payer and project

    def _property_review_task(self, activity):
        """The manager reviews a complaint a payer gave as the reason not to pay."""
        self.ensure_one()
        ticket = self.sudo()
        ticket.activity_schedule(
            "property_fee_collection.mail_activity_type_complaint_review",
            date_deadline=fields.Date.context_today(self),
            user_id=ticket._property_manager().id or self.env.uid,
            summary=self.env._(
                "%(payer)s refuses to pay over complaint %(number)s",
                payer=activity.partner_id.name,
                number=ticket.number,
            ),
            note=activity.note or False,
        )

    # === Actions ===
    def action_view_dunning_state(self):
        self.ensure_one()
        if not self.dunning_state_id:
            raise UserError(self.env._("The payer has no dunning record in this project."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.dunning.state",
            "res_id": self.dunning_state_id.id,
            "view_mode": "form",
        }

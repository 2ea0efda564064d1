from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import billing

MANAGER = "property_fee_collection.property_fee_collection_group_manager"
TERMS = (
    "collector_id",
    "month",
    "project_id",
    "building_ids",
    "target_amount",
    "date_deadline",
    "company_id",
)


class PropertyCollectionPlan(models.Model):
    """月度催缴计划: what a collector is to collect in a month, over which buildings, how
    and by when (seed 003: the team leader's monthly plan).

    What was collected is read from the receivable ledger: the payments dated in the month
    on the items of the units the collector works (``property.unit.collector_id``), in the
    plan's project and buildings. Collections above the plan earn the company's commission
    (seed 003: 2 %).
    """

    _name = "property.collection.plan"
    _description = "Monthly Collection Plan"
    _inherit = ["mail.thread", "property.guarded.mixin"]
    _order = "month desc, collector_id, id"
    _check_company_auto = True
    _guarded_fields = ("state", "confirmed_by_id", "date_confirmed")

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    month = fields.Date(required=True, index=True, tracking=True, help="Any day of the month.")
    project_id = fields.Many2one(
        "property.project", string="Project", check_company=True, tracking=True
    )
    building_ids = fields.Many2many(
        "property.building",
        "property_collection_plan_building_rel",
        "plan_id",
        "building_id",
        string="Area (Buildings)",
        check_company=True,
        help="Empty: every unit the collector works.",
    )
    method = fields.Text(string="Methods", help="Calls, visits, letters … and when.")
    date_deadline = fields.Date(string="Complete By", tracking=True)
    target_amount = fields.Monetary(string="Target", required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True)
    date_confirmed = fields.Datetime(readonly=True)
    collected_amount = fields.Monetary(string="Collected", compute="_compute_collected")
    achievement = fields.Float(string="Achieved (%)", compute="_compute_collected")
    over_plan_amount = fields.Monetary(string="Above Plan", compute="_compute_collected")
    commission = fields.Monetary(compute="_compute_collected")

    _target_check = models.Constraint(
        "CHECK (target_amount > 0)", "A monthly plan needs a positive target."
    )
    _collector_month_uniq = models.UniqueIndex(
        "(company_id, collector_id, month, COALESCE(project_id, 0))",
        "This collector has a plan for this month and project already.",
    )

    # === Compute ===
    @api.depends("collector_id", "month", "project_id", "building_ids")
    def _compute_collected(self):
        collected = self._collected()
        for plan in self:
            amount = collected.get(plan.id, 0.0)
            over = max(amount - plan.target_amount, 0.0)
            plan.collected_amount = amount
            plan.achievement = amount / plan.target_amount * 100 if plan.target_amount else 0.0
            plan.over_plan_amount = over
            plan.commission = plan.currency_id.round(
                over * plan.company_id.property_collector_commission / 100
            )

    @api.depends("collector_id", "month")
    def _compute_display_name(self):
        for plan in self:
            month = plan.month.strftime("%Y-%m") if plan.month else ""
            plan.display_name = f"{plan.collector_id.name or ''} {month}".strip()

    def _guarded_fields_for_user(self):
        fnames = super()._guarded_fields_for_user()
        if any(plan.state != "draft" for plan in self):
            fnames |= set(TERMS)
        return fnames

    # === CRUD: the month is stored as its first day ===
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = billing.month_bounds(fields.Date.to_date(vals["month"]))[0]
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = billing.month_bounds(fields.Date.to_date(vals["month"]))[0]
        return super().write(vals)

    @api.constrains("month", "date_deadline")
    def _check_deadline(self):
        for plan in self:
            if plan.date_deadline and plan.date_deadline < plan.month:
                raise ValidationError(
                    self.env._("A plan cannot have to be completed before its month starts.")
                )

    # === Actions ===
    def action_confirm(self):
        self._check_manager()
        for plan in self.filtered(lambda p: p.state == "draft"):
            plan.sudo().write(
                {
                    "state": "confirmed",
                    "confirmed_by_id": self.env.uid,
                    "date_confirmed": fields.Datetime.now(),
                }
            )
        return True

    def action_close(self):
        self._check_manager()
        self.filtered(lambda p: p.state == "confirmed").sudo().state = "closed"
        return True

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager confirms or closes monthly plans."))
        self.check_access("write")

    # === From the ledger ===
    def _collected(self):
        """``{plan_id: amount}``: payments dated in each plan's month on the items of the
        units its collector works, in its project and buildings (one query)."""
        plans = [plan for plan in self if plan.id and plan.collector_id and plan.month]
        if not plans:
            return {}
        self.env["property.receivable.allocation"].flush_model()
        self.env["property.receivable"].flush_model()
        self.env["property.unit"].flush_model(["collector_id"])
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s::date, %s::date, %s::int, %s::int[])",
                plan.id,
                plan.company_id.id,
                plan.collector_id.id,
                *billing.month_bounds(plan.month),
                plan.project_id.id or None,
                plan.building_ids.ids,
            )
            for plan in plans
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT v.id, COALESCE(SUM(a.amount), 0)
                     FROM (VALUES %s) AS v(id, company, collector, date_from, date_to,
                                             project, buildings)
                     JOIN property_receivable r ON r.company_id = v.company
                     JOIN property_unit u ON u.id = r.unit_id AND u.collector_id = v.collector
                     JOIN property_receivable_allocation a ON a.receivable_id = r.id
                    WHERE a.kind = 'payment' AND a.date BETWEEN v.date_from AND v.date_to
                      AND (v.project IS NULL OR r.project_id = v.project)
                      AND (CARDINALITY(v.buildings) = 0 OR r.building_id = ANY(v.buildings))
                 GROUP BY v.id""",
                values,
            )
        )
        return {plan_id: float(amount) for plan_id, amount in rows}

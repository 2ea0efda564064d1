from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import occupancy as occ

UNIT_TYPES = [
    ("residential", "Residential"),
    ("commercial", "Commercial"),
    ("parking", "Parking Space"),
    ("storage", "Storage Room"),
]


class PropertyUnit(models.Model):
    _name = "property.unit"
    _description = "Property Unit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "project_id, building_id, floor, name, id"
    _check_company_auto = True
    _rec_names_search = [
        "name",
        "building_id.name",
        "project_id.name",
        "owner_id.name",
        # front desk: find a unit by its owner's or payer's phone or the payer's name
        "owner_id.phone",
        "payer_id.name",
        "payer_id.phone",
    ]

    # === Basic information ===
    name = fields.Char(
        string="Unit Code",
        required=True,
        tracking=True,
        help="Room code as written on bills, e.g. 3-2-1501 (building-entrance-room).",
    )
    active = fields.Boolean(default=True, tracking=True)
    building_id = fields.Many2one(
        "property.building",
        string="Building",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    project_id = fields.Many2one(
        related="building_id.project_id", store=True, index=True, string="Project"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    floor = fields.Integer(tracking=True)
    unit_type = fields.Selection(
        UNIT_TYPES,
        string="Type",
        required=True,
        default="residential",
        tracking=True,
    )
    area = fields.Float(
        string="Gross Area (㎡)",
        required=True,
        digits=(12, 2),
        tracking=True,
        help="建筑面积: the area fees per ㎡ are computed on.",
    )
    state = fields.Selection(
        [
            ("unsold", "Unsold"),
            ("vacant", "Vacant"),
            ("occupied", "Occupied"),
            ("renovating", "Renovating"),
        ],
        string="Status",
        required=True,
        default="vacant",
        tracking=True,
    )
    note = fields.Text()

    # === Occupancy ===
    occupancy_ids = fields.One2many(
        "property.unit.occupancy", "unit_id", string="Occupancy History", groups="base.group_user"
    )
    # The current parties are internal data: a former owner or tenant (portal) who can
    # still read the unit sees nothing of who lives there now.
    owner_id = fields.Many2one(
        "res.partner",
        string="Current Owner",
        compute="_compute_current_parties",
        store=True,
        index=True,
        groups="base.group_user",
        help="Owner whose ownership period covers today.",
    )
    payer_id = fields.Many2one(
        "res.partner",
        string="Current Payer",
        compute="_compute_current_parties",
        store=True,
        index=True,
        groups="base.group_user",
        help="Party billed today: a tenant or occupant marked 'bills to this party', else "
        "the owner (jointly liable), else the project's developer for unsold units.",
    )
    tenant_id = fields.Many2one(
        "res.partner",
        string="Current Tenant",
        compute="_compute_current_parties",
        store=True,
        groups="base.group_user",
    )
    owner_phone = fields.Char(
        related="owner_id.phone", string="Owner Phone", groups="base.group_user"
    )
    # === Collector (楼管): the building's, unless the unit is assigned to another ===
    assigned_collector_id = fields.Many2one(
        "res.users",
        string="Assigned Collector",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Collector of this unit when it is not the building's collector.",
    )
    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        compute="_compute_collector_id",
        store=True,
        index=True,
        help="Receives the unit's call and visit tasks and its task sheet: the assigned "
        "collector, else the building's.",
    )

    # === Front desk: arrears and bills of the unit (from the receivable ledger) ===
    arrears_amount = fields.Monetary(
        string="Arrears",
        compute="_compute_arrears",
        help="Unpaid ledger items of this unit, whoever was billed (应收台账).",
    )
    overdue_amount = fields.Monetary(string="Overdue", compute="_compute_arrears")
    bill_count = fields.Integer(string="Bills", compute="_compute_arrears")

    # === Constraints and indexes ===
    _building_code_uniq = models.Constraint(
        "UNIQUE (building_id, name)",
        "A unit code must be unique within its building.",
    )

    # === Compute methods ===
    @api.depends("building_id")
    def _compute_company_id(self):
        for unit in self:
            if unit.building_id:
                unit.company_id = unit.building_id.company_id

    @api.depends("assigned_collector_id", "building_id.collector_id")
    def _compute_collector_id(self):
        for unit in self:
            unit.collector_id = unit.assigned_collector_id or unit.building_id.collector_id

    @api.depends(
        "occupancy_ids.role",
        "occupancy_ids.partner_id",
        "occupancy_ids.date_from",
        "occupancy_ids.date_to",
        "occupancy_ids.is_payer",
        "project_id.developer_id",
        "state",
    )
    def _compute_current_parties(self):
        today = fields.Date.context_today(self)
        for unit in self:
            stays = unit._get_stays()
            unit.owner_id = occ.owner_at(stays, today)
            unit.tenant_id = next(
                (s.partner for s in stays if s.role == occ.TENANT and occ.is_active(s, today)),
                False,
            )
            fallback = unit.project_id.developer_id if unit.state == "unsold" else None
            unit.payer_id = occ.payer_at(stays, today, fallback) or False

    @api.depends("name", "project_id.name")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = (
                f"{unit.project_id.name} {unit.name}" if unit.project_id else unit.name
            )

    def _compute_arrears(self):
        today = fields.Date.context_today(self)
        Receivable = self.env["property.receivable"]
        open_rows = Receivable._read_group(
            [("unit_id", "in", self.ids), ("state", "=", "open")],
            ["unit_id", "due_date:day"],
            ["residual:sum"],
        )
        bills = dict(
            Receivable._read_group(
                [("unit_id", "in", self.ids)], ["unit_id"], ["move_id:count_distinct"]
            )
        )
        arrears, overdue = defaultdict(float), defaultdict(float)
        for unit, due, residual in open_rows:
            arrears[unit] += residual
            if due and due < today:
                overdue[unit] += residual
        for unit in self:
            unit.arrears_amount = arrears.get(unit, 0.0)
            unit.overdue_amount = overdue.get(unit, 0.0)
            unit.bill_count = bills.get(unit, 0)

    # === Constrains ===
    @api.constrains("area")
    def _check_area(self):
        for unit in self:
            if unit.area <= 0:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s: the gross area must be greater than 0 ㎡.",
                        unit=unit.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_history(self):
        billed = self.filtered(
            lambda u: self.env["account.move.line"]._property_has_lines(
                [("property_unit_id", "=", u.id)]
            )
        )
        if billed:
            raise UserError(
                self.env._(
                    "Unit %(unit)s has bills: it cannot be deleted. Archive it instead.",
                    unit=billed[0].display_name,
                )
            )
        if self.occupancy_ids:
            raise UserError(
                self.env._(
                    "Units with an occupancy history cannot be deleted: archive them instead."
                )
            )

    # === Business helpers ===
    def _get_stays(self):
        """The unit's occupancy history as ``tools.occupancy.Stay`` tuples."""
        self.ensure_one()
        return [occupancy._as_stay() for occupancy in self.occupancy_ids]

    def _get_payer_segments(self, date_from, date_to, stays=None):
        """Payers of the unit over a period, split by day (see tools.occupancy).

        ``stays``: the unit's stays when already loaded (see ``_get_stays_map``).
        """
        self.ensure_one()
        fallback = self.project_id.developer_id if self.state == "unsold" else None
        stays = self._get_stays() if stays is None else stays
        return occ.payer_segments(stays, date_from, date_to, fallback or None)

    def _get_stays_map(self):
        """``{unit_id: [Stay, ...]}`` for all units, in one query."""
        occupancies = self.env["property.unit.occupancy"].search_fetch(
            [("unit_id", "in", self.ids)],
            ["unit_id", "partner_id", "role", "date_from", "date_to", "is_payer"],
        )
        stays = defaultdict(list)
        for occupancy in occupancies:
            stays[occupancy.unit_id.id].append(occupancy._as_stay())
        return stays

    @api.model
    def _cron_refresh_current_parties(self):
        """Daily: units whose occupancy starts today or ended yesterday get new parties."""
        today = fields.Date.context_today(self)
        changed = self.env["property.unit.occupancy"].search(
            ["|", ("date_from", "=", today), ("date_to", "=", fields.Date.subtract(today, days=1))]
        )
        self._refresh_current_parties(changed.unit_id)

    @api.model
    def _refresh_current_parties(self, units):
        fnames = ["owner_id", "payer_id", "tenant_id"]
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], units)
        units._recompute_recordset(fnames)

    # === Actions ===
    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_bill_action"
        )
        action["domain"] = [
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("property_project_id", "!=", False),
            ("property_unit_ids", "in", self.ids),
        ]
        action["context"] = {"create": False}
        return action

    def action_collect(self):
        """Open the front desk (收费台) on this unit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cashier Desk"),
            "res_model": "property.cashier.desk",
            "view_mode": "form",
            "target": "current",
            "context": {"default_unit_id": self.id},
        }

    def action_transfer_ownership(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ownership Transfer"),
            "res_model": "property.unit.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_unit_id": self.id},
        }

from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import periods
from .property_unit import UNIT_TYPES

LEVEL_RANK = {"unit": 3, "building": 2, "project": 1}


class PropertyFeeAssignment(models.Model):
    """Which fee applies to which units, at which rate, from when (收费标准分配).

    An assignment targets a whole project, a building or a single unit, optionally only the
    units of one type. For a unit and a day the most specific assignment wins: unit over
    building over project, and a type-specific one over a generic one at the same level.
    """

    _name = "property.fee.assignment"
    _description = "Fee Assignment"
    _inherit = ["mail.thread"]
    _order = "fee_type_id, project_id, building_id, unit_id, date_from"
    _check_company_auto = True

    fee_type_id = fields.Many2one(
        "property.fee.type",
        string="Fee Type",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    pricing_method = fields.Selection(related="fee_type_id.pricing_method")
    project_id = fields.Many2one(
        "property.project",
        string="Project",
        required=True,
        index=True,
        check_company=True,
        compute="_compute_project_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    building_id = fields.Many2one(
        "property.building",
        string="Building",
        check_company=True,
        domain="[('project_id', '=', project_id)]",
    )
    unit_id = fields.Many2one(
        "property.unit", string="Unit", check_company=True, index="btree_not_null"
    )
    unit_type = fields.Selection(
        UNIT_TYPES,
        string="Only Units of Type",
        help="Leave empty to apply to every unit of the target.",
    )
    level = fields.Selection(
        [("project", "Project"), ("building", "Building"), ("unit", "Unit")],
        compute="_compute_level",
        store=True,
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Float(
        string="Rate",
        digits="Product Price",
        tracking=True,
        help="Overrides the fee type's standard rate; 0 uses the standard rate.",
    )
    date_from = fields.Date(string="Valid From", required=True, tracking=True)
    date_to = fields.Date(string="Valid To", tracking=True)
    active = fields.Boolean(default=True)

    @api.depends("unit_id", "building_id")
    def _compute_project_id(self):
        for assignment in self:
            target = assignment.unit_id or assignment.building_id
            if target:
                assignment.project_id = target.project_id

    @api.depends("unit_id", "building_id")
    def _compute_level(self):
        for assignment in self:
            assignment.level = (
                "unit"
                if assignment.unit_id
                else "building"
                if assignment.building_id
                else "project"
            )

    @api.depends("fee_type_id", "project_id", "building_id", "unit_id", "unit_type")
    def _compute_display_name(self):
        for assignment in self:
            target = assignment.unit_id or assignment.building_id or assignment.project_id
            assignment.display_name = f"{assignment.fee_type_id.name} · {target.display_name}"

    @api.constrains("price", "date_from", "date_to")
    def _check_price_and_dates(self):
        for assignment in self:
            if assignment.price < 0:
                raise ValidationError(self.env._("A rate cannot be negative."))
            if assignment.date_to and assignment.date_to < assignment.date_from:
                raise ValidationError(self.env._("The end date cannot be before the start date."))

    @api.constrains(
        "fee_type_id", "project_id", "building_id", "unit_id", "unit_type", "date_from", "date_to"
    )
    def _check_overlap(self):
        for assignment in self:
            domain = [
                ("id", "!=", assignment.id),
                ("fee_type_id", "=", assignment.fee_type_id.id),
                ("project_id", "=", assignment.project_id.id),
                ("building_id", "=", assignment.building_id.id),
                ("unit_id", "=", assignment.unit_id.id),
                ("unit_type", "=", assignment.unit_type),
                ("date_from", "<=", assignment.date_to or date.max),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", assignment.date_from),
            ]
            if self.search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(assignment)s overlaps another assignment of the same target "
                        "from %(date)s: end the previous one first (a new rate starts "
                        "the day after the old one ends).",
                        assignment=assignment.display_name,
                        date=assignment.date_from,
                    )
                )
            target_project = (assignment.unit_id or assignment.building_id).project_id
            if target_project and target_project != assignment.project_id:
                raise ValidationError(
                    self.env._("The building or unit must belong to the assignment's project.")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        """A rate that priced bills is history: archive it (or end it) instead."""
        for assignment in self:
            if self.env["account.move.line"]._property_has_lines(assignment._billed_domain()):
                raise UserError(
                    self.env._(
                        "The fee standard %(standard)s priced bills: it cannot be deleted. "
                        "Archive it, or give it an end date.",
                        standard=assignment.display_name,
                    )
                )

    def _billed_domain(self):
        """Bill lines of the fee type, units and dates this assignment covers."""
        self.ensure_one()
        domain = [
            ("property_fee_type_id", "=", self.fee_type_id.id),
            ("property_billing_line", "=", True),
            ("property_period_end", ">=", self.date_from),
        ]
        if self.date_to:
            domain.append(("property_period_start", "<=", self.date_to))
        if self.unit_id:
            domain.append(("property_unit_id", "=", self.unit_id.id))
        elif self.building_id:
            domain.append(("property_unit_id.building_id", "=", self.building_id.id))
        else:
            domain.append(("property_unit_id.project_id", "=", self.project_id.id))
        if self.unit_type:
            domain.append(("property_unit_id.unit_type", "=", self.unit_type))
        return domain

    # === Pricing lookup (batch) ===
    @api.model
    def _get_price_segments(self, units, date_from, date_to, fee_types=None):
        """Rates of every (unit, fee type) over ``[date_from, date_to]``.

        Returns ``{(unit_id, fee_type_id): [(from, to, rate), ...]}`` where each day is priced
        by the most specific assignment valid that day; days with no assignment are absent.
        One search for all units.
        """
        domain = [
            ("project_id", "in", units.project_id.ids),
            ("date_from", "<=", date_to),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", date_from),
        ]
        if fee_types is not None:
            domain.append(("fee_type_id", "in", fee_types.ids))
        by_project = defaultdict(list)
        for assignment in self.search(domain):
            by_project[assignment.project_id.id].append(assignment)
        result = {}
        for unit in units:
            candidates = defaultdict(list)
            for assignment in by_project.get(unit.project_id.id, ()):
                if assignment._applies_to(unit):
                    candidates[assignment.fee_type_id].append(assignment)
            for fee_type, assignments in candidates.items():
                segments = self._resolve_segments(assignments, fee_type, date_from, date_to)
                if segments:
                    result[unit.id, fee_type.id] = segments
        return result

    def _applies_to(self, unit):
        self.ensure_one()
        if self.unit_id and self.unit_id != unit:
            return False
        if self.building_id and self.building_id != unit.building_id:
            return False
        return not self.unit_type or self.unit_type == unit.unit_type

    def _rank(self):
        return (LEVEL_RANK[self.level], bool(self.unit_type))

    @api.model
    def _resolve_segments(self, assignments, fee_type, date_from, date_to):
        """Day ranges priced by the winning assignment (consecutive equal rates merged);
        days without an assignment are left out."""

        def rate_on(day):
            valid = [
                a for a in assignments if a.date_from <= day and (not a.date_to or a.date_to >= day)
            ]
            if not valid:
                return None
            return max(valid, key=lambda a: a._rank()).price or fee_type.unit_price

        cuts = periods.boundaries((a.date_from, a.date_to) for a in assignments)
        return [
            piece
            for piece in periods.segments(date_from, date_to, cuts, rate_on)
            if piece[2] is not None
        ]

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class PropertyBuilding(models.Model):
    _name = "property.building"
    _description = "Property Building"
    _inherit = ["mail.thread"]
    _order = "project_id, sequence, name, id"
    _check_company_auto = True
    _rec_names_search = ["name", "code", "project_id.name"]

    name = fields.Char(string="Building", required=True, tracking=True)
    code = fields.Char(help="Building number used in unit codes, e.g. 3 in 3-2-1501.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    project_id = fields.Many2one(
        "property.project",
        string="Project",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
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
    collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Building steward (楼管) who receives the building's call and visit tasks.",
    )
    floor_count = fields.Integer(string="Floors")
    unit_ids = fields.One2many("property.unit", "building_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_count")

    _project_name_uniq = models.Constraint(
        "UNIQUE (project_id, name)",
        "A building name must be unique within its project.",
    )

    @api.depends("project_id")
    def _compute_company_id(self):
        for building in self:
            if building.project_id:
                building.company_id = building.project_id.company_id

    @api.depends("unit_ids")
    def _compute_unit_count(self):
        counts = dict(
            self.env["property.unit"]._read_group(
                [("building_id", "in", self.ids)], ["building_id"], ["__count"]
            )
        )
        for building in self:
            building.unit_count = counts.get(building, 0)

    @api.depends("name", "project_id.name")
    def _compute_display_name(self):
        for building in self:
            building.display_name = (
                f"{building.project_id.name} {building.name}"
                if building.project_id
                else building.name
            )

    @api.model
    def _search_display_name(self, operator, value):
        """Also find "<project> <building>", the display name used in imports."""
        domain = super()._search_display_name(operator, value)
        if operator not in ("in", "=", "ilike"):
            return domain
        op = "ilike" if operator == "ilike" else "="
        for text in [value] if isinstance(value, str) else value:
            if isinstance(text, str) and " " in text.strip():
                project, _sep, building = text.strip().rpartition(" ")
                domain |= Domain("project_id.name", op, project) & Domain("name", op, building)
        return domain

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_units(self):
        if self.with_context(active_test=False).unit_ids:
            raise UserError(
                self.env._("A building with units cannot be deleted: archive it instead.")
            )

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_unit_action"
        )
        action["domain"] = [("building_id", "=", self.id)]
        action["context"] = {"default_building_id": self.id}
        return action

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class PropertyProject(models.Model):
    _name = "property.project"
    _description = "Property Project"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, code, id"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]

    # === Basic information ===
    name = fields.Char(string="Project Name", required=True, tracking=True, translate=False)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code used in unit references and bill numbers, e.g. LJY.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("active", "In Service"), ("exited", "Exited")],
        string="Status",
        required=True,
        default="active",
        tracking=True,
        help="Exited (撤场): the company no longer manages the estate. Receivables and "
        "dunning of the project stay open until they are settled.",
    )
    date_exit = fields.Date(string="Exit Date", tracking=True)
    street = fields.Char(string="Address")
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", string="Province")
    country_id = fields.Many2one("res.country", default=lambda self: self.env.company.country_id)
    manager_id = fields.Many2one(
        "res.users",
        string="Project Manager",
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    user_ids = fields.Many2many(
        "res.users",
        "property_project_team_rel",
        "project_id",
        "user_id",
        string="Collection Team",
        domain="[('share', '=', False)]",
        help="Collectors and customer-service staff working on this project. They see only "
        "the projects whose team includes them.",
    )
    developer_id = fields.Many2one(
        "res.partner",
        string="Developer",
        check_company=True,
        help="Billed for units that are not sold yet (空置未售房).",
    )
    dunning_policy_id = fields.Many2one(
        "property.dunning.policy",
        string="Dunning Policy",
        default=lambda self: self.env["property.dunning.policy"]._get_default(),
        tracking=True,
    )
    # === Dunning go-live (issue 14) ===
    dunning_start_date = fields.Date(
        string="Dunning Starts On",
        tracking=True,
        help="The daily dunning run escalates this project's payers from this day on (set by "
        "the go-live wizard); empty: dunning runs.",
    )
    dunning_start_level_id = fields.Many2one(
        "property.dunning.level",
        string="Start Everyone at Level",
        readonly=True,
        help="Go-live option: on the first run from the start date, payers are placed on this "
        "level at most (cleared after that run).",
    )
    building_ids = fields.One2many("property.building", "project_id", string="Buildings")
    unit_ids = fields.One2many("property.unit", "project_id", string="Units")
    building_count = fields.Integer(compute="_compute_counts")
    unit_count = fields.Integer(compute="_compute_counts")
    total_area = fields.Float(
        string="Total Gross Area (㎡)", compute="_compute_counts", digits=(16, 2)
    )
    note = fields.Html()

    # === Constraints and indexes ===
    _code_company_uniq = models.Constraint(
        "UNIQUE (company_id, code)",
        "The project code must be unique per company.",
    )

    # === Compute methods ===
    @api.depends("building_ids", "unit_ids.area")
    def _compute_counts(self):
        buildings = dict(
            self.env["property.building"]._read_group(
                [("project_id", "in", self.ids)], ["project_id"], ["__count"]
            )
        )
        units = {
            project: (count, area)
            for project, count, area in self.env["property.unit"]._read_group(
                [("project_id", "in", self.ids)], ["project_id"], ["__count", "area:sum"]
            )
        }
        for project in self:
            project.building_count = buildings.get(project, 0)
            project.unit_count, project.total_area = units.get(project, (0, 0.0))

    # === Constrains ===
    @api.constrains("state", "date_exit")
    def _check_exit_date(self):
        for project in self:
            if project.state == "exited" and not project.date_exit:
                raise ValidationError(
                    self.env._(
                        "Project %(project)s is marked exited: enter the exit date.",
                        project=project.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_units(self):
        if (
            self.env["account.move"]
            .sudo()
            .search_count([("property_project_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._("A project with bills cannot be deleted: archive it instead.")
            )
        if self.with_context(active_test=False).unit_ids:
            raise UserError(
                self.env._("A project with units cannot be deleted: archive it instead.")
            )

    # === Actions ===
    def action_view_buildings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_building_action"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

    def action_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "property_fee_collection.property_unit_action"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action

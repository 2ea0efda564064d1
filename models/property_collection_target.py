from odoo import api, fields, models

from ..tools import reports


class PropertyCollectionTarget(models.Model):
    """收缴目标: a project's targets for a year, compared with the actual rates in the
    target report and the manager dashboard."""

    _name = "property.collection.target"
    _description = "Collection Target"
    _order = "year desc, project_id"
    _check_company_auto = True
    _rec_names_search = ["project_id.name", "project_id.code"]

    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(
        related="project_id.company_id", store=True, index=True, string="Company"
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    collection_rate_target = fields.Float(
        string="Collection Rate Target (%)",
        default=reports.DEFAULT_COLLECTION_TARGET,
        digits=(5, 2),
        help="收缴率 to reach: collected ÷ receivable of the year's service periods.",
    )
    arrears_rate_target = fields.Float(
        string="Arrears Rate Ceiling (%)",
        default=reports.DEFAULT_ARREARS_TARGET,
        digits=(5, 2),
        help="欠费率 not to exceed: unpaid principal at the end of a month ÷ the receivable "
        "of the twelve service months ending with it.",
    )
    note = fields.Char()

    _project_year_uniq = models.Constraint(
        "UNIQUE (project_id, year)", "A project has one set of targets per year."
    )
    _rates_check = models.Constraint(
        "CHECK (collection_rate_target BETWEEN 0 AND 100 "
        "AND arrears_rate_target BETWEEN 0 AND 100)",
        "Targets are percentages between 0 and 100.",
    )
    _year_check = models.Constraint(
        "CHECK (year BETWEEN 2000 AND 2999)", "Enter the year with four digits."
    )

    @api.depends("project_id", "year")
    def _compute_display_name(self):
        for target in self:
            target.display_name = f"{target.project_id.display_name or ''} {target.year or ''}"

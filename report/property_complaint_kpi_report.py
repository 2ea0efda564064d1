from odoo import fields, models
from odoo.tools import SQL

from ..tools import complaint

RATES = {
    "ack_on_time_rate": ("acknowledged_on_time", "complaints"),
    "on_time_rate": ("resolved_on_time", "resolved"),
    "satisfaction_rate": ("satisfied", "visited"),
}


class PropertyComplaintKpiReport(models.Model):
    """投诉指标: complaints per project, category, department and month (of registration).

    - complaints: registered complaints (cancelled and rejected ones included);
    - acknowledged on time: acknowledged before the acknowledgement deadline (rate over the
      complaints);
    - on-time rate: resolved before the resolution deadline ÷ resolved;
    - overdue: not resolved and past the resolution deadline now;
    - satisfaction: follow-up visits (回访) with a score; satisfied = score ≥ 3 (rate over the
      visits); average score 1–5.
    """

    _name = "property.complaint.kpi.report"
    _description = "Complaint KPIs"
    _inherit = ["property.report.mixin"]
    _auto = False
    _report_rates = RATES
    _order = "month desc, project_id, category_id"
    _rec_name = "category_id"
    _depends = {
        "helpdesk.ticket": [
            "complaint_date",
            "company_id",
            "project_id",
            "category_id",
            "team_id",
            "ack_deadline",
            "acknowledged_date",
            "resolve_deadline",
            "resolved_date",
            "satisfaction",
            "active",
        ],
    }

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    project_id = fields.Many2one("property.project", string="Project", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", string="Category", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Department", readonly=True)
    complaints = fields.Integer(readonly=True)
    acknowledged_on_time = fields.Integer(readonly=True)
    ack_on_time_rate = fields.Float(
        string="Acknowledged on Time (%)", readonly=True, aggregator="avg"
    )
    resolved = fields.Integer(readonly=True)
    resolved_on_time = fields.Integer(readonly=True)
    on_time_rate = fields.Float(string="Resolved on Time (%)", readonly=True, aggregator="avg")
    overdue = fields.Integer(string="Open and Overdue", readonly=True)
    visited = fields.Integer(string="Follow-up Visits", readonly=True)
    satisfied = fields.Integer(readonly=True)
    satisfaction_rate = fields.Float(string="Satisfied (%)", readonly=True, aggregator="avg")
    score = fields.Float(string="Average Satisfaction (1–5)", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT t.id, date_trunc('month', COALESCE(t.complaint_date, t.create_date))::date
                       AS month,
                   t.company_id, t.project_id, t.category_id, t.team_id,
                   1 AS complaints,
                   (t.acknowledged_date IS NOT NULL
                    AND t.acknowledged_date <= COALESCE(t.ack_deadline, t.acknowledged_date))::int
                       AS acknowledged_on_time,
                   NULL::float8 AS ack_on_time_rate,
                   (t.resolved_date IS NOT NULL)::int AS resolved,
                   (t.resolved_date IS NOT NULL
                    AND t.resolved_date <= COALESCE(t.resolve_deadline, t.resolved_date))::int
                       AS resolved_on_time,
                   NULL::float8 AS on_time_rate,
                   (t.resolved_date IS NULL AND t.resolve_deadline < NOW() AT TIME ZONE 'UTC')::int
                       AS overdue,
                   (t.satisfaction IS NOT NULL)::int AS visited,
                   (t.satisfaction IS NOT NULL AND t.satisfaction::int >= %(satisfied)s)::int
                       AS satisfied,
                   NULL::float8 AS satisfaction_rate,
                   t.satisfaction::int::float8 AS score
              FROM helpdesk_ticket t
             WHERE t.active IS TRUE
            """,
            satisfied=complaint.SATISFIED_FROM,
        )

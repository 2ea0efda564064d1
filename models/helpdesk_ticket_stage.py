from odoo import fields, models

from ..tools import complaint

PROPERTY_STAGES = [
    (complaint.RECEIVED, "Received"),
    (complaint.ACKNOWLEDGED, "Acknowledged"),
    (complaint.ASSIGNED, "Assigned"),
    (complaint.IN_PROGRESS, "In Progress"),
    (complaint.RESOLVED, "Resolved"),
    (complaint.FOLLOWUP, "Follow-up Visit"),
    (complaint.CLOSED, "Closed"),
    (complaint.CANCELLED, "Cancelled"),
]


class HelpdeskTicketStage(models.Model):
    """Complaint stages: each stage of the flow is marked with its step, so the code never
    depends on stage names or ids (stages can be renamed and translated freely)."""

    _inherit = "helpdesk.ticket.stage"

    property_stage = fields.Selection(
        PROPERTY_STAGES,
        string="Complaint Step",
        index=True,
        help="The step of the complaint flow (受理 → 确认 → 派单 → 处理 → 解决 → 回访 → 关闭) "
        "this stage stands for. Buttons on the complaint move it to the stage of the next step.",
    )

from odoo import models


class PropertyDunningState(models.Model):
    """Where a payer stands in the ladder is computed by the dunning run (superuser): the
    level, the amounts and the last action are not edited by hand. Pauses (dispute,
    exclusion) stay editable by the roles allowed to write dunning states, and are tracked."""

    _name = "property.dunning.state"
    _inherit = ["property.dunning.state", "property.guarded.mixin"]
    _guarded_fields = (
        "partner_id",
        "project_id",
        "unit_ids",
        "collector_id",
        "level_id",
        "open_amount",
        "overdue_amount",
        "oldest_due_date",
        "last_action_id",
        "last_action_date",
    )

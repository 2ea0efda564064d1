from odoo import fields, models
from odoo.tools.safe_eval import safe_eval

ACTIONS = {
    "collection": "property_fee_collection.property_collection_rate_report_action",
    "recovery": "property_fee_collection.property_collection_rate_report_action_recovery",
    "targets": "property_fee_collection.property_collection_target_report_action",
}


class PropertyCollectionRateAsOf(models.TransientModel):
    """Open the collection, recovery or target report as of the end of a chosen day: what
    was billed, paid, credited or waived after it is left out."""

    _name = "property.collection.rate.as.of"
    _description = "Collection Rates as of a Date"
    _rec_name = "date"

    date = fields.Date(string="As of", required=True, default=fields.Date.context_today)
    report = fields.Selection(
        [
            ("collection", "Collection Rates (收缴率)"),
            ("recovery", "Arrears Recovery (清欠率)"),
            ("targets", "Rates against Targets"),
        ],
        required=True,
        default="collection",
    )

    def action_open(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(ACTIONS[self.report])
        action["context"] = {
            **safe_eval(action.get("context") or "{}", {"uid": self.env.uid}),
            "report_date": fields.Date.to_string(self.date),
        }
        action["name"] = action["display_name"] = self.env._(
            "%(report)s as of %(date)s",
            report=action["name"],
            date=self.date,
        )
        return action

from odoo import Command, fields, models
from odoo.exceptions import UserError

MANAGER = "property_fee_collection.property_fee_collection_group_manager"


class PropertyDunningState(models.Model):
    """The collection work reachable from a payer's dunning line: the credit rating and tags
    collectors see in the dunning and today lists, and the buttons that start an
    installment plan, a waiver or a legal case for the payer.

    Kept beside ``property_dunning_state.py`` (the ladder) as a concern of its own; the
    ladder reads the plans and cases only for the pause reason.
    """

    _inherit = "property.dunning.state"

    credit_rating = fields.Selection(
        related="partner_id.property_credit_rating", string="Credit Rating"
    )
    payer_tag_ids = fields.Many2many(related="partner_id.property_tag_ids", string="Payer Tags")
    waiver_count = fields.Integer(compute="_compute_collection_counts")
    plan_count = fields.Integer(compute="_compute_collection_counts")
    case_count = fields.Integer(compute="_compute_collection_counts")

    def _compute_collection_counts(self):
        for name, model in (
            ("waiver_count", "property.waiver"),
            ("plan_count", "property.installment.plan"),
            ("case_count", "property.legal.case"),
        ):
            counts = {
                (partner.id, project.id): count
                for partner, project, count in self.env[model]._read_group(
                    [
                        ("partner_id", "in", self.partner_id.ids),
                        ("project_id", "in", self.project_id.ids),
                    ],
                    ["partner_id", "project_id"],
                    ["__count"],
                )
            }
            for state in self:
                state[name] = counts.get((state.partner_id.id, state.project_id.id), 0)

    def _open_items(self, overdue_only=False):
        self.ensure_one()
        domain = [
            ("partner_id", "=", self.partner_id.id),
            ("project_id", "=", self.project_id.id),
            ("state", "=", "open"),
            ("residual", ">", 0),
        ]
        if overdue_only:
            domain.append(("due_date", "<", fields.Date.context_today(self)))
        return self.env["property.receivable"].search(domain)

    def action_new_installment_plan(self):
        """A draft plan over the payer's overdue items, first instalment next month."""
        self.ensure_one()
        plan = self.env["property.installment.plan"].create(
            {
                "partner_id": self.partner_id.id,
                "project_id": self.project_id.id,
                "receivable_ids": [Command.set(self._open_items(overdue_only=True).ids)],
                "first_due_date": fields.Date.add(fields.Date.context_today(self), months=1),
            }
        )
        return self._open_form(plan)

    def action_new_waiver(self):
        self.ensure_one()
        waiver = self.env["property.waiver"].create(
            {
                "partner_id": self.partner_id.id,
                "project_id": self.project_id.id,
                "reason": "hardship" if self.partner_id.property_hardship else "service",
            }
        )
        return self._open_form(waiver)

    def action_refer_to_legal(self):
        """A manager proposes a legal case for this payer (the general manager decides)."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager refers a payer to legal action."))
        self.check_access("read")
        case = self.env["property.legal.case"].search(
            [("state_id", "=", self.id), ("is_open", "=", True)], limit=1
        ) or self.env["property.legal.case"]._open_case(self)
        return self._open_form(case)

    def action_view_collection(self):
        """The payer's plans, waivers or legal cases (``context['collection_model']``)."""
        self.ensure_one()
        model = self.env.context.get("collection_model")
        if model not in ("property.waiver", "property.installment.plan", "property.legal.case"):
            model = "property.waiver"
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "name": self.env["ir.model"]._get(model).display_name,
            "view_mode": "list,form",
            "domain": [
                ("partner_id", "=", self.partner_id.id),
                ("project_id", "=", self.project_id.id),
            ],
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_project_id": self.project_id.id,
            },
        }

    def _open_form(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

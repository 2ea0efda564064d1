from babel.dates import format_skeleton
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import babel_locale_parse

from ..tools import billing
from ..tools import charges as charge_tools

SYNC_PAYER_LIMIT = 2000  # bigger runs go to the cron (progress visible on the run)


class PropertyBillingRunWizard(models.TransientModel):
    """出账向导: preview what a billing run would bill, then confirm."""

    _name = "property.billing.run.wizard"
    _description = "Billing Run Preview"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_start = fields.Date(
        string="Billing Month",
        required=True,
        default=lambda self: billing.month_bounds(fields.Date.context_today(self))[0],
    )
    period_label = fields.Char(string="Month", compute="_compute_period_label")
    invoice_date = fields.Date(string="Bill Date")
    mode = fields.Selection(
        [("cycle", "Regular Billing"), ("annual", "Annual Prepayment (12 months)")],
        required=True,
        default="cycle",
    )
    project_ids = fields.Many2many(
        "property.project", string="Projects", help="Leave empty for every project in service."
    )
    run_id = fields.Many2one("property.billing.run", string="Previewed Run", readonly=True)
    previewed = fields.Boolean(readonly=True)
    preview_unit_count = fields.Integer(string="Units", readonly=True)
    preview_payer_count = fields.Integer(string="Payers (Bills)", readonly=True)
    preview_amount = fields.Monetary(string="Amount (untaxed)", readonly=True)
    preview_problem_count = fields.Integer(string="Problems", readonly=True)
    preview_html = fields.Html(string="Preview", readonly=True, sanitize=False)

    @api.depends("period_start")
    def _compute_period_label(self):
        """The billing month as words ("2026年12月"), beside the month picker."""
        locale = babel_locale_parse(self.env.lang or "en_US")
        for wizard in self:
            wizard.period_label = (
                format_skeleton("yMMMM", wizard.period_start, locale=locale)
                if wizard.period_start
                else False
            )

    # === Display name (breadcrumbs, links) ===
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("New Billing Run")

    @api.onchange("period_start", "mode", "project_ids", "invoice_date")
    def _onchange_reset_preview(self):
        self.previewed = False

    def _run_values(self):
        self.ensure_one()
        self.env["property.billing.run"]._check_period_values(
            self.period_start,
            self.invoice_date or billing.month_bounds(self.period_start)[0],
            self.mode,
        )
        return {
            "company_id": self.company_id.id,
            "period_start": billing.month_bounds(self.period_start)[0],
            "invoice_date": self.invoice_date or billing.month_bounds(self.period_start)[0],
            "mode": self.mode,
            "project_ids": [fields.Command.set(self.project_ids.ids)],
        }

    def action_preview(self):
        """Plan a draft run: its charges are computed once and reused when it is billed
        (unless something billing reads changes in between)."""
        self.ensure_one()
        if self.run_id.state == "draft":
            self.run_id.write(self._run_values())
        else:
            self.run_id = self.env["property.billing.run"].create(self._run_values())
        groups, problems = self.run_id._preview()
        payers = []
        for (project_id, partner_id), charges in groups.items():
            units = self.env["property.unit"].browse({c.unit_id for c in charges if c.unit_id})
            payers.append(
                (
                    self.env["property.project"].browse(project_id),
                    self.env["res.partner"].browse(partner_id),
                    units,
                    charge_tools.total(charges),
                )
            )
        payers.sort(key=lambda row: -row[3])
        self.write(
            {
                "previewed": True,
                "preview_unit_count": len({u for _p, _r, units, _a in payers for u in units}),
                "preview_payer_count": len(payers),
                "preview_amount": float(sum(row[3] for row in payers)),
                "preview_problem_count": len(problems),
                "preview_html": self._render_preview(payers[:50], problems[:200]),
            }
        )
        return self._reopen()

    def _render_preview(self, payers, problems):
        Unit = self.env["property.unit"]
        return Markup(
            self.env["ir.qweb"]._render(
                "property_fee_collection.billing_run_preview",
                {
                    "payers": payers,
                    "problems": [
                        (Unit.browse(p["unit_id"]), p.get("fee_type_id"), p["reason"])
                        for p in problems
                    ],
                    "fee_types": self.env["property.fee.type"],
                    "currency": self.currency_id,
                },
            )
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Billing Run"),
        }

    def action_confirm(self):
        self.ensure_one()
        if self.run_id.state == "draft":
            run = self.run_id
            run.write(self._run_values())
        else:
            run = self.env["property.billing.run"].create(self._run_values())
        if self.previewed and self.preview_payer_count > SYNC_PAYER_LIMIT:
            run.action_queue()
        else:
            run.action_process()
        return {
            "type": "ir.actions.act_window",
            "res_model": "property.billing.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }

import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

LETTER_BATCH = 50


class PropertyDunningAction(models.Model):
    """The ladder side of a dunning action: catch-up record, when it went out, the letter's
    deadline, and what approving or rejecting it does to the payer's place on the ladder."""

    _inherit = "property.dunning.action"

    catch_up = fields.Boolean(
        string="Caught Up",
        readonly=True,
        help="The payer was placed on this level directly (first entry or back from a long "
        "pause); the levels passed over were not sent.",
    )
    skipped_level_ids = fields.Many2many(
        "property.dunning.level",
        "property_dunning_action_skipped_level_rel",
        "action_id",
        "level_id",
        string="Levels Skipped",
        readonly=True,
    )
    sent_date = fields.Date(
        string="Sent On",
        readonly=True,
        help="The day the action went out (the approval day for levels needing approval).",
    )
    deadline_date = fields.Date(
        string="Payment Deadline",
        readonly=True,
        help="The day by which the letter asks the payer to pay; a legal level waits until "
        "it has passed and the letter was delivered.",
    )
    note = fields.Char(readonly=True)
    letter_pending = fields.Boolean(
        string="Letter Being Prepared",
        readonly=True,
        index=True,
        help="The letter's PDF is rendered in the background (a few minutes after the run).",
    )

    # === Approval decisions ===
    def action_approve(self):
        to_do = self.filtered(lambda a: a.approval_state == "to_approve")
        result = super().action_approve()
        approved = to_do.filtered(lambda a: a.approval_state == "approved")
        if approved:
            approved._after_approval()
        return result

    def action_reject(self):
        to_do = self.filtered(lambda a: a.approval_state == "to_approve")
        result = super().action_reject()
        rejected = to_do.filtered(lambda a: a.approval_state == "rejected")
        if rejected:
            rejected._after_rejection()
        return result

    def _after_approval(self):
        """The payer stands on the approved level; its other channels go out (the letter
        was rendered by the approval itself)."""
        today = fields.Date.context_today(self)
        States = self.env["property.dunning.state"].sudo()
        States._approved(self.sudo(), today)
        for level, actions in self.sudo().grouped("level_id").items():
            States._carry_out(level, actions, letters=False)

    def _after_rejection(self):
        today = fields.Date.context_today(self)
        self.env["property.dunning.state"].sudo()._rejected(self.sudo(), today)
        approve = self.env.ref("property_fee_collection.mail_activity_type_approve_letter")
        self.state_id.activity_ids.filtered(
            lambda act: act.activity_type_id == approve
        ).action_feedback(feedback=self.env._("Rejected"))

    # === Going out ===
    def _stamp_sent(self):
        """Record the day the actions go out and the deadline their letter gives (one write
        per day and level)."""
        today = fields.Date.context_today(self)

        def sent_on(action):
            if action.approval_state == "approved":
                return max(action.date, today)
            return action.date

        to_stamp = self.filtered(lambda a: not a.sent_date)
        for (day, level), actions in to_stamp.grouped(lambda a: (sent_on(a), a.level_id)).items():
            vals = {"sent_date": day}
            if level.deadline_days:
                vals["deadline_date"] = fields.Date.add(day, days=level.deadline_days)
            actions.sudo().write(vals)

    def _send_letters(self):
        self._stamp_sent()
        result = super()._send_letters()
        self.filtered("letter_pending").sudo().write({"letter_pending": False})
        return result

    def _queue_letters(self):
        """The dunning run does not render PDFs (a second each): the letters cron does."""
        self._stamp_sent()
        self.filtered(lambda a: a.level_id.report_id).sudo().write({"letter_pending": True})
        cron = self.env.ref(
            "property_fee_collection.ir_cron_property_dunning_letters", raise_if_not_found=False
        )
        if cron:
            cron._trigger()

    @api.model
    def _cron_send_letters(self, batch=LETTER_BATCH):
        """Render the queued letters, a batch at a time; one failing letter does not stop the
        others (it stays queued and is logged)."""
        pending = self.search([("letter_pending", "=", True)], order="date, id")
        done = 0
        for action in pending:
            try:
                with self.env.cr.savepoint():
                    action._send_letters()
            except Exception:  # noqa: BLE001 - logged, retried on the next run
                _logger.exception("dunning letter of action %s could not be rendered", action.id)
                continue
            done += 1
            if done % batch == 0 and self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(batch, remaining=len(pending) - done)
        return done

    def _as_row(self):
        """The action's amounts as the dunning run's aggregate row."""
        self.ensure_one()
        return {
            "open": self.amount,
            "overdue": self.overdue_amount,
            "oldest": self.oldest_due_date,
            "move_ids": self.move_ids.ids,
        }

    # === Lawyer's letter (律师函) ===
    def _letter_items(self):
        """Open items of the receivable ledger (应收台账) the letter claims, oldest first."""
        self.ensure_one()
        return self.env["property.receivable"].search(
            [
                ("partner_id", "=", self.partner_id.commercial_partner_id.id),
                ("project_id", "=", self.project_id.id),
                ("state", "=", "open"),
                ("residual", ">", 0),
            ],
            order="is_late_fee, due_date, period_start, id",
        )

    @api.model
    def _letter_totals(self, items):
        principal = sum(items.filtered(lambda i: not i.is_late_fee).mapped("residual"))
        late_fees = sum(items.filtered("is_late_fee").mapped("residual"))
        return {"principal": principal, "late_fees": late_fees, "total": principal + late_fees}

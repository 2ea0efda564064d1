import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)
LETTER_BATCH = 50

MANAGER = "property_fee_collection.property_fee_collection_group_manager"


class PropertyDunningAction(models.Model):
    """One escalation of one payer: the grouped communication listing every open item."""

    _name = "property.dunning.action"
    _description = "Dunning Action"
    _inherit = ["mail.thread", "property.guarded.mixin", "property.company.check.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Written by the dunning run (superuser), the approval buttons and the delivery wizard;
    # a plain write by any user is refused (see property.guarded.mixin).
    _guarded_fields = (
        "state_id",
        "partner_id",
        "project_id",
        "level_id",
        "date",
        "channels",
        "collector_id",
        "move_ids",
        "amount",
        "overdue_amount",
        "oldest_due_date",
        "letter_attachment_id",
        "approval_state",
        "approved_by_id",
        "delivered",
        "delivery_date",
        "delivery_proof",
        "delivery_attachment_id",
    )

    state_id = fields.Many2one(
        "property.dunning.state",
        string="Dunning State",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one("res.partner", string="Payer", required=True, index=True)
    project_id = fields.Many2one(
        "property.project", string="Project", required=True, index=True, check_company=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_id = fields.Many2one("property.dunning.level", string="Level", required=True)
    date = fields.Date(required=True, index=True, readonly=True)
    channels = fields.Char(readonly=True)
    collector_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    # Bills are visible to invoicing users and to collectors (their projects' bills only,
    # security/account_move_security.xml); customer service sees the amounts below.
    move_ids = fields.Many2many(
        "account.move",
        "property_dunning_action_move_rel",
        "action_id",
        "move_id",
        string="Bills Listed",
        readonly=True,
        groups="account.group_account_invoice,property_fee_collection.property_fee_collection_group_collector",
    )
    amount = fields.Monetary(string="Amount Listed", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    oldest_due_date = fields.Date(readonly=True)
    letter_attachment_id = fields.Many2one("ir.attachment", string="Letter", readonly=True)
    approval_state = fields.Selection(
        [
            ("none", "Not Needed"),
            ("to_approve", "Waiting for Approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="none",
        required=True,
        readonly=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True)
    is_written_demand = fields.Boolean(related="level_id.is_written_demand", store=True)
    delivered = fields.Boolean(
        readonly=True,
        tracking=True,
        help="Proof of delivery recorded (EMS receipt, signed copy …).",
    )
    delivery_date = fields.Date(readonly=True, tracking=True)
    delivery_proof = fields.Char(
        readonly=True,
        tracking=True,
        help="Tracking number or reference of the proof of delivery.",
    )
    delivery_attachment_id = fields.Many2one(
        "ir.attachment", string="Proof of Delivery", readonly=True, tracking=True
    )
    delivered_by_id = fields.Many2one(
        "res.users", string="Delivery Recorded By", readonly=True, tracking=True
    )

    @api.depends("level_id", "partner_id", "date")
    def _compute_display_name(self):
        for action in self:
            action.display_name = (
                f"{action.level_id.display_name} · {action.partner_id.name} · {action.date}"
            )

    @api.constrains("delivered", "delivery_date", "delivery_proof")
    def _check_delivery(self):
        today = fields.Date.context_today(self)
        for action in self.filtered("delivered"):
            if not action.delivery_date or not action.delivery_proof:
                raise ValidationError(
                    self.env._("Enter the date the letter was delivered and the proof of delivery.")
                )
            if action.delivery_date < action.date:
                raise ValidationError(
                    self.env._("A letter cannot be delivered before it was sent.")
                )
            if action.delivery_date > today:
                raise ValidationError(
                    self.env._(
                        "The delivery date %(date)s is in the future.", date=action.delivery_date
                    )
                )

    # === Approval (lawyer's letters and other approved levels) ===
    def action_approve(self):
        self._check_manager()
        to_do = self.filtered(lambda a: a.approval_state == "to_approve")
        to_do._set_approval("approved")
        to_do.sudo()._send_letters()
        to_do.state_id.activity_ids.filtered(
            lambda act: act.activity_type_id
            == self.env.ref("property_fee_collection.mail_activity_type_approve_letter")
        ).action_feedback(feedback=self.env._("Approved"))
        approved = to_do.filtered(lambda a: a.approval_state == "approved")
        if approved:
            approved._after_approval()
        return True

    def action_reject(self):
        self._check_manager()
        to_do = self.filtered(lambda a: a.approval_state == "to_approve")
        to_do._set_approval("rejected")
        rejected = to_do.filtered(lambda a: a.approval_state == "rejected")
        if rejected:
            rejected._after_rejection()
        return True

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER):
            raise UserError(self.env._("Only a manager can approve or reject this level."))
        self.check_access("write")

    def _set_approval(self, approval_state):
        """Record the decision, who took it and when (role checked by the caller)."""
        self.sudo().write(
            {
                "approval_state": approval_state,
                "approved_by_id": self.env.uid,
                "date_approved": fields.Datetime.now(),
            }
        )

    def action_mark_delivered(self):
        """Ask for the delivery date and the proof (EMS receipt, signed copy …)."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proof of Delivery"),
            "res_model": "property.dunning.delivery",
            "view_mode": "form",
            "target": "new",
            "context": {"default_action_id": self.id},
        }

    def _record_delivery(self, delivery_date, proof, attachment=None):
        """Mark written demands delivered (access checked here, written as superuser)."""
        self.check_access("write")
        not_letters = self.filtered(lambda a: not a.is_written_demand)
        if not_letters:
            raise UserError(
                self.env._(
                    "Only written demands (letters, express mail, lawyer's letters) are marked "
                    "delivered: %(actions)s",
                    actions=", ".join(not_letters.mapped("display_name")),
                )
            )
        if self.filtered("delivered"):
            raise UserError(self.env._("This demand is already marked delivered."))
        self.sudo().write(
            {
                "delivered": True,
                "delivery_date": delivery_date,
                "delivery_proof": proof,
                "delivery_attachment_id": attachment.id if attachment else False,
                "delivered_by_id": self.env.uid,
            }
        )

    # === Created in batches by the dunning run ===
    def _insert_many2many(self, fname, ids_list):
        """Link these new actions to ``ids_list`` (one list of ids per action, in order) in
        the many2many ``fname`` with one INSERT, not one ORM command per action."""
        field = self._fields[fname]
        pairs = [
            (action_id, other_id)
            for action_id, ids in zip(self.ids, ids_list, strict=True)
            for other_id in ids
        ]
        if pairs:
            action_ids, other_ids = zip(*pairs, strict=True)
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) SELECT * FROM unnest(%s::int[], %s::int[])",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    SQL.identifier(field.column2),
                    list(action_ids),
                    list(other_ids),
                )
            )
        self.invalidate_recordset([fname])
        self.modified([fname])

    # === Channels (called in batches by the dunning run) ===
    def _queue_sms(self):
        """Queue one SMS per action in Odoo's SMS queue (sent by the sms cron)."""
        vals_list = []
        for action in self.filtered(lambda a: a.partner_id.phone):
            text = action.level_id.with_context(lang=action.partner_id.lang).sms_text or ""
            vals_list.append(
                {
                    "number": action.partner_id.phone,
                    "partner_id": action.partner_id.id,
                    "body": action._format_sms(text),
                    "state": "outgoing",
                }
            )
        if vals_list:
            self.env["sms.sms"].sudo().create(vals_list)

    def _format_sms(self, text):
        self.ensure_one()
        return text.format_map(
            {
                "name": self.partner_id.name,
                "amount": f"{self.amount:.2f}",
                "units": "、".join(self.state_id.unit_ids.mapped("name")),
                "company": self.company_id.name,
                "phone": self.company_id.phone or "",
            }
        )

    def _queue_emails(self):
        """Queue the level's e-mail, listing all open bills, for payers with an address."""
        for template, actions in self.grouped(lambda a: a.level_id.mail_template_id).items():
            with_email = actions.filtered(lambda a: a.partner_id.email)
            if template and with_email:
                template.send_mail_batch(with_email.ids)

    def _send_letters(self):
        """Render each action's letter as PDF and attach it to the action."""
        self._stamp_sent()
        for action in self.filtered(lambda a: a.level_id.report_id):
            report = action.level_id.report_id
            pdf, _kind = report._render_qweb_pdf(report.report_name, action.ids)
            action.sudo().letter_attachment_id = self.env["ir.attachment"].create(
                {
                    "name": f"{action.level_id.name}-{action.partner_id.name}-{action.date}.pdf",
                    "raw": pdf,
                    "res_model": action._name,
                    "res_id": action.id,
                    "mimetype": "application/pdf",
                }
            )
        self.filtered("letter_pending").sudo().write({"letter_pending": False})

    # ===== Ladder: letters rendered in the background, deadlines, delivery =====
    # The ladder side of a dunning action: catch-up record, when it went out, the letter's
    # deadline, and what approving or rejecting it does to the payer's place on the ladder.

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
            actions.sudo().write(self._sent_vals(level, day))

    @api.model
    def _sent_vals(self, level, day):
        """An action of ``level`` going out on ``day``: that day, and the deadline its letter
        gives."""
        vals = {"sent_date": day}
        if level.deadline_days:
            vals["deadline_date"] = fields.Date.add(day, days=level.deadline_days)
        return vals

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

from odoo import Command, fields, models
from odoo.tools import SQL


class PropertyDunningState(models.Model):
    """What an escalation does: grouped action record, e-mail, SMS, letter, tasks."""

    _inherit = "property.dunning.state"

    def _apply_level(self, level, items, today):
        states = self.browse([state.id for state, _row in items])
        actions = self.env["property.dunning.action"].create(
            [self._prepare_action_vals(level, state, row, today) for state, row in items]
        )
        states.write({"level_id": level.id, "last_action_date": today})
        self._write_last_actions(actions)
        waiting = actions.filtered(lambda a: a.approval_state == "to_approve")
        ready = actions - waiting
        if level.channel_sms:
            ready._queue_sms()
        if level.channel_email and level.mail_template_id:
            ready._queue_emails()
        if level.report_id and (level.channel_letter or level.channel_express):
            ready._send_letters()
        tasks = []
        if level.channel_call or level.channel_visit or level.channel_legal:
            tasks += [self._prepare_task_vals(level, action) for action in actions]
        if waiting:
            tasks += [self._prepare_approval_vals(action) for action in waiting]
        if tasks:
            self.env["mail.activity"].create(tasks)
        return actions

    def _prepare_action_vals(self, level, state, row, today):
        return {
            "state_id": state.id,
            "partner_id": state.partner_id.id,
            "project_id": state.project_id.id,
            "level_id": level.id,
            "date": today,
            "channels": level._channels_label(),
            "collector_id": self._responsible(level, state),
            "move_ids": [Command.set(row["move_ids"])],
            "amount": row["open"],
            "overdue_amount": row["overdue"],
            "oldest_due_date": row["oldest"],
            "approval_state": "to_approve" if level.needs_approval else "none",
        }

    def _responsible(self, level, state):
        if level.responsible == "manager":
            return state.project_id.manager_id.id or state.collector_id.id or False
        return state.collector_id.id or state.project_id.manager_id.id or False

    def _write_last_actions(self, actions):
        actions.flush_recordset()
        self.env.cr.execute(
            SQL(
                """UPDATE property_dunning_state s SET last_action_id = a.id
                     FROM property_dunning_action a
                    WHERE a.id = ANY(%s) AND s.id = a.state_id""",
                actions.ids,
            )
        )
        self.invalidate_model(["last_action_id"])

    def _prepare_task_vals(self, level, action):
        activity_type = level.activity_type_id or self.env.ref(
            "property_fee_collection.mail_activity_type_collection_call"
        )
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": action.state_id.id,
            "activity_type_id": activity_type.id,
            "user_id": action.collector_id.id or self.env.uid,
            "date_deadline": fields.Date.add(action.date, days=level.activity_days),
            "summary": level.name,
            "note": self.env._(
                "%(amount)s open since %(date)s (%(count)s bills).",
                amount=action.amount,
                date=action.oldest_due_date,
                count=len(action.move_ids),
            ),
        }

    def _prepare_approval_vals(self, action):
        approve = self.env.ref("property_fee_collection.mail_activity_type_approve_letter")
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": action.state_id.id,
            "activity_type_id": approve.id,
            "user_id": action.state_id.project_id.manager_id.id or self.env.uid,
            "date_deadline": action.date,
            "summary": self.env._("Approve: %(level)s", level=action.level_id.name),
        }

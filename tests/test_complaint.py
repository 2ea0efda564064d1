import re
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common_complaint import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaint(ComplaintCommon):
    # === Registration ===
    def test_registration_links_unit_payer_and_arrears(self):
        self._bill(date(2026, 1, 1), 300.0)
        self._dun(date(2026, 2, 1))
        ticket = self._register()
        self.assertRegex(ticket.number, r"^TS\d{4}-\d{5}$")
        self.assertEqual(ticket.project_id, self.project)
        self.assertEqual(ticket.payer_id, self.owner)
        self.assertEqual(ticket.dunning_state_id, self._state())
        self.assertEqual(ticket.payer_overdue_amount, 300.0)
        self.assertEqual(ticket.registered_by_id, self.cs_a)
        self.assertFalse(ticket.user_id, "dispatched later, not assigned to who registers it")
        self.assertEqual(ticket.property_stage, "received")
        # the complainant alone is enough when they have one unit
        ticket2 = self._register(unit_id=None)
        self.assertEqual((ticket2.unit_id, ticket2.project_id), (self.unit, self.project))
        # open and past complaints on the payer's dunning record and partner form
        self.assertEqual(self._state().complaint_ids, ticket | ticket2)
        self.assertEqual(self.owner.property_complaint_ids, ticket | ticket2)
        self.assertEqual(self.owner.property_open_complaint_count, 2)

    def test_new_complaint_starts_received(self):
        with self.assertRaises(UserError):
            self._register(stage_id=self._stage("closed").id)

    # === Deadlines ===
    def test_deadline_across_weekend_and_holiday(self):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "物业服务中心 周一至周五",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    Command.clear(),
                    *[
                        Command.create(
                            {
                                "name": f"{day} {period}",
                                "dayofweek": str(day),
                                "hour_from": hour_from,
                                "hour_to": hour_to,
                                "day_period": period,
                            }
                        )
                        for day in range(5)
                        for period, hour_from, hour_to in (
                            ("morning", 8, 12),
                            ("afternoon", 13, 17),
                        )
                    ],
                ],
            }
        )
        # Monday 12 October 2026 is a public holiday (00:00–24:00 Beijing time)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "调休",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 10, 11, 16, 0),
                "date_to": datetime(2026, 10, 12, 15, 59, 59),
                "time_type": "leave",
            }
        )
        self.env.company.resource_calendar_id = calendar
        self.env["property.complaint.deadline"].create(
            {"category_id": self.category_engineering.id, "ack_days": 1, "resolve_days": 3}
        )
        # received on Friday 9 October 2026 at 15:00 Beijing time (07:00 UTC)
        ticket = self._register(complaint_date=datetime(2026, 10, 9, 7, 0))
        # 1 working day = 8 h: Fri 15–17, (Sat, Sun, holiday Mon), Tue 8–12, 13–15
        self.assertEqual(ticket.ack_deadline, datetime(2026, 10, 13, 7, 0))
        # 3 working days = 24 h: Fri 2 h, Tue 8 h, Wed 8 h, Thu 8–12, 13–15
        self.assertEqual(ticket.resolve_deadline, datetime(2026, 10, 15, 7, 0))
        # urgency rule (no category rule): very high = 2 working hours
        ticket.with_user(self.cs_a).write(
            {"category_id": self.category_cleaning.id, "priority": "3"}
        )
        self.assertEqual(ticket.ack_deadline, datetime(2026, 10, 9, 9, 0))  # Fri 17:00
        self.assertEqual(ticket.resolve_deadline, datetime(2026, 10, 13, 7, 0))  # Tue 15:00

        # overdue: highlighted, found by the filter, the manager gets one task
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2026-10-13 02:00:00"):
            ticket.invalidate_recordset(["is_overdue", "next_deadline"])
            self.assertTrue(ticket.is_overdue)
            self.assertIn(ticket, Ticket.search([("is_overdue", "=", True)]))
            Ticket._cron_complaint_deadlines()
            Ticket._cron_complaint_deadlines()
        overdue = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("property_fee_collection.mail_activity_type_complaint_overdue")
        )
        self.assertEqual(len(overdue), 1)
        self.assertEqual(overdue.user_id, self.manager)
        self.assertEqual(ticket.overdue_escalation, "ack")

    # === Flow ===
    def test_full_stage_flow(self):
        self._with_tracking()
        self.owner.email = "zhangwei@example.cn"
        cs = self.cs_a
        ticket = self._register()
        self._flush_tracking()
        as_cs = ticket.with_user(cs)
        # department staff cannot acknowledge; the flow cannot be skipped, not even by kanban
        with self.assertRaises(AccessError):
            ticket.with_user(self.engineer).write({"stage_id": self._stage("acknowledged").id})
        with self.assertRaises(UserError):
            as_cs.write({"stage_id": self._stage("closed").id})

        as_cs.action_acknowledge()
        self._flush_tracking()
        self.assertEqual(ticket.property_stage, "acknowledged")
        self.assertTrue(ticket.acknowledged_date)
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("subject", "ilike", ticket.number),
            ]
        )
        self.assertIn(self.owner, mail.recipient_ids, "the complainant gets number and deadline")
        self.assertEqual(set(mail.mapped("state")), {"outgoing"}, "queued, never sent at once")
        self.assertIn("TS", mail.filtered(lambda m: self.owner in m.recipient_ids).body_html)

        with self.assertRaises(UserError):  # no department nor responsible yet
            as_cs.action_dispatch()
        as_cs.write({"team_id": self.team.id, "user_id": self.engineer.id})
        as_cs.action_dispatch()
        self._flush_tracking()
        self.assertEqual(ticket.property_stage, "assigned")
        self.assertIn(self.engineer.partner_id, ticket.message_partner_ids)
        handle = self.env.ref("property_fee_collection.mail_activity_type_complaint_handle")
        task = ticket.activity_ids.filtered(lambda a: a.activity_type_id == handle)
        self.assertEqual(task.user_id, self.engineer)

        as_staff = ticket.with_user(self.engineer)
        as_staff.action_start()
        self._flush_tracking()
        with self.assertRaises(UserError):  # resolution first
            as_staff.action_resolve()
        as_staff.write({"resolution": "<p>更换了电梯控制板</p>"})
        as_staff.action_resolve()
        self._flush_tracking()
        self.assertEqual(ticket.property_stage, "resolved")
        self.assertTrue(ticket.resolved_date)
        self.assertFalse(ticket.activity_ids.filtered(lambda a: a.activity_type_id == handle))

        # the follow-up visit is recorded only through its form
        with self.assertRaises(AccessError):
            as_cs.write({"satisfaction": "5"})
        with self.assertRaises(AccessError):
            self.env["property.complaint.followup"].with_user(self.engineer).create(
                {"ticket_id": ticket.id, "satisfaction": "5"}
            )
        # unsatisfied: reopened and escalated to the manager
        self._followup(cs, ticket, "2", "又停了一次", "escalate")
        self.assertEqual(ticket.property_stage, "in_progress")
        self.assertEqual((ticket.reopen_count, ticket.escalated, ticket.priority), (1, True, "3"))
        escalation = self.env.ref("property_fee_collection.mail_activity_type_complaint_escalation")
        self.assertEqual(
            ticket.activity_ids.filtered(lambda a: a.activity_type_id == escalation).user_id,
            self.manager,
        )
        as_staff.action_resolve()
        self._flush_tracking()
        as_cs.action_start_followup()
        self._flush_tracking()
        self.assertEqual(ticket.property_stage, "followup")
        with self.assertRaises(UserError):  # the visit first
            as_cs.action_close()
        self._followup(cs, ticket, "5", "电梯正常了,很满意")
        self.assertEqual(ticket.property_stage, "closed")
        self.assertEqual(ticket.satisfaction, "5")
        self.assertTrue(ticket.closed)
        # reopen
        as_cs.action_reopen()
        self._flush_tracking()
        self.assertEqual((ticket.property_stage, ticket.reopen_count), ("in_progress", 2))
        self.assertFalse(ticket.satisfaction)
        # every step is in the chatter
        tracked = ticket.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "stage_id"
        )
        self.assertGreaterEqual(len(tracked), 9)

    def _followup(self, user, ticket, score, comment, action="reopen"):
        wizard = (
            self.env["property.complaint.followup"]
            .with_user(user)
            .create(
                {
                    "ticket_id": ticket.id,
                    "satisfaction": score,
                    "comment": comment,
                    "unsatisfied_action": action,
                }
            )
        )
        wizard.action_confirm()
        self._flush_tracking()

    def test_manager_closes_without_visit_others_cannot(self):
        ticket = self._register()
        ticket.write({"team_id": self.team.id, "user_id": self.engineer.id})
        ticket.with_user(self.cs_a).action_dispatch()
        ticket.with_user(self.engineer).action_start()
        ticket.with_user(self.engineer).write({"resolution": "<p>已修复</p>"})
        ticket.with_user(self.engineer).action_resolve()
        with self.assertRaises(AccessError):
            ticket.with_user(self.cs_a).action_close()
        ticket.with_user(self.manager).action_close()
        self.assertEqual(ticket.property_stage, "closed")

    # === Dispute pause of dunning ===
    def test_dispute_pauses_and_resumes_dunning(self):
        self.project.dunning_start_level_id = self.levels[0]  # go-live at the reminder
        self._bill(date(2026, 1, 1), 300.0)
        self._dun(date(2026, 12, 1))
        state = self._state()
        level = state.level_id.sequence
        ticket = self._register(payment_dispute=True)
        self.assertTrue(ticket.dispute_active)
        self.assertEqual(state.pause_reason, "dispute")
        self.assertEqual(state.dispute_ticket_id, ticket, "the pause shows the complaint")
        self.assertFalse(self._dun(date(2026, 12, 2)), "paused")
        # the flag is set on the complaint, never on the dunning record
        with self.assertRaises(AccessError):
            state.with_user(self.finance).write({"payment_dispute": False})
        with self.assertRaises(AccessError):
            ticket.with_user(self.engineer).write({"payment_dispute": False})
        # resolving the complaint resumes dunning
        ticket.write({"team_id": self.team.id, "user_id": self.engineer.id})
        ticket.with_user(self.cs_a).action_dispatch()
        ticket.with_user(self.engineer).action_start()
        self.assertEqual(state.pause_reason, "dispute")
        ticket.with_user(self.engineer).write({"resolution": "<p>已修复</p>"})
        ticket.with_user(self.engineer).action_resolve()
        self.assertFalse(state.pause_reason)
        self.assertFalse(state.dispute_ticket_id)
        # dunning continues with the ladder's normal spacing (no burst after the pause)
        self.assertFalse(self._dun(date(2026, 12, 3)))
        self.assertEqual(self._dun(date(2026, 12, 16)).level_id.sequence, level + 1)
        # reopening pauses again
        ticket.with_user(self.cs_a).action_reopen()
        self.assertEqual(state.pause_reason, "dispute")

    def test_dispute_before_the_payer_has_a_dunning_record(self):
        ticket = self._register(payment_dispute=True)
        state = ticket.dunning_state_id
        self.assertTrue(state)
        self.assertEqual((state.partner_id, state.project_id), (self.owner, self.project))
        self.assertEqual(state.pause_reason, "dispute")
        # the daily run keeps the pause when the arrears arrive
        self._bill(date(2026, 1, 1), 300.0)
        self.assertFalse(self._dun(date(2026, 12, 1)))
        self.assertEqual(state.overdue_amount, 300.0)

    # === Outcome E → complaint ===
    def test_outcome_e_registers_the_complaint(self):
        self._bill(date(2026, 1, 1), 300.0)
        self._dun(date(2026, 12, 1))
        state = self._state()
        action = state.with_user(self.collector).action_log_call()
        log = (
            self.env["property.collection.activity"]
            .with_user(self.collector)
            .with_context(**action["context"])
            .create(
                {
                    "outcome": "e_refuses",
                    "reason": "service",
                    "note": "楼道垃圾三天没人清理,不解决不交物业费",
                }
            )
        )
        result = log.action_create_complaint()
        ticket = self.env["helpdesk.ticket"].browse(result["res_id"])
        self.assertEqual(log.complaint_ticket_id, ticket)
        self.assertEqual(ticket.collection_activity_id, log)
        self.assertEqual(ticket.unit_id, self.unit)
        self.assertEqual(ticket.payer_id, self.owner)
        self.assertEqual(ticket.category_id, self.category_cleaning)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("property_fee_collection.helpdesk_ticket_channel_collection"),
        )
        self.assertIn("楼道垃圾三天没人清理", ticket.description)
        self.assertTrue(ticket.payment_dispute)
        self.assertEqual(state.pause_reason, "dispute")
        review = self.env.ref("property_fee_collection.mail_activity_type_complaint_review")
        task = ticket.activity_ids.filtered(lambda a: a.activity_type_id == review)
        self.assertEqual(task.user_id, self.manager)
        # one complaint per call: the button opens the same one again
        self.assertEqual(log.action_create_complaint()["res_id"], ticket.id)
        other = log.copy({"outcome": "b_no_date"})
        with self.assertRaises(UserError):
            other.with_user(self.collector).action_create_complaint()

    # === Compensation ===
    def test_compensation_credit_note_needs_a_manager(self):
        self._with_tracking()
        bill = self._bill(date(2026, 1, 1), 3000.0)
        ticket = self._register(
            category_id=self.env["helpdesk.ticket.category"]
            ._property_find("developer_quality", self.env.company)
            .id
        )
        ticket.with_user(self.cs_a).action_acknowledge()
        action = ticket.with_user(self.cs_a).action_request_compensation()
        compensation = (
            self.env["property.complaint.compensation"]
            .with_user(self.cs_a)
            .with_context(**action["context"])
            .create({"amount": 1000.0, "reason": "卧室渗水,与业主协商补偿 1000 元"})
        )
        self.assertEqual(compensation.partner_id, self.owner)
        # not approvable nor writable by others than a manager
        with self.assertRaises(AccessError):
            compensation.with_user(self.cs_a).write({"state": "approved"})
        with self.assertRaises(AccessError):
            self.env["property.complaint.compensation"].with_user(self.cs_a).create(
                {
                    "ticket_id": ticket.id,
                    "partner_id": self.owner.id,
                    "amount": 5.0,
                    "reason": "x",
                    "state": "approved",
                }
            )
        compensation.with_user(self.cs_a).action_request()
        self._flush_tracking()
        self.assertEqual(compensation.state, "to_approve")
        with self.assertRaises(UserError):
            compensation.with_user(self.cs_a).write({"amount": 3000.0})
        for user in (self.cs_a, self.finance, self.collector):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                compensation.with_user(user).action_approve()
        with self.assertRaises(AccessError):
            compensation.with_user(self.finance).write({"move_id": bill.id})
        self.assertFalse(compensation.move_id)

        compensation.with_user(self.manager).action_approve()
        self._flush_tracking()
        credit = compensation.move_id
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.decided_by_id, self.manager)
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertEqual(credit.amount_total, 1000.0)
        self.assertEqual(credit.partner_id, self.owner)
        self.assertEqual(credit.property_project_id, self.project)
        self.assertEqual(bill.amount_residual, 2000.0, "used on the open bill")
        self.assertEqual(ticket.compensation_amount, 1000.0)
        # the decision is tracked in the chatter
        states = compensation.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "state"
        )
        self.assertEqual(set(states.mapped("new_value_char")), {"Waiting for Approval", "Approved"})

    def test_compensation_refused(self):
        ticket = self._register()
        compensation = (
            self.env["property.complaint.compensation"]
            .with_user(self.cs_a)
            .create(
                {
                    "ticket_id": ticket.id,
                    "partner_id": self.owner.id,
                    "amount": 200.0,
                    "reason": "x",
                }
            )
        )
        compensation.with_user(self.cs_a).action_request()
        with self.assertRaises(AccessError):
            compensation.with_user(self.cs_a).action_refuse()
        compensation.with_user(self.manager).action_refuse()
        self.assertEqual((compensation.state, compensation.move_id.id), ("refused", False))

    # === Access ===
    def test_access_by_project_team_and_company(self):
        ticket_a = self._register(self.cs_a)
        ticket_b = self._register(
            self.cs_b, partner_id=self.owner2.id, unit_id=self.unit_b.id, name="绿化带无人修剪"
        )
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket.with_user(self.cs_a).search([]), ticket_a)
        self.assertEqual(Ticket.with_user(self.cs_b).search([]), ticket_b)
        with self.assertRaises(AccessError):
            ticket_b.with_user(self.cs_a).read(["name"])
        with self.assertRaises(AccessError):
            ticket_b.with_user(self.cs_a).write({"priority": "3"})
        with self.assertRaises(AccessError):  # not into another team's project either
            self._register(self.cs_a, partner_id=self.owner2.id, unit_id=self.unit_b.id)
        # collectors: their projects; managers and finance: the company's
        self.assertEqual(Ticket.with_user(self.collector).search([]), ticket_a)
        self.assertEqual(Ticket.with_user(self.manager).search([]), ticket_a | ticket_b)
        self.assertEqual(Ticket.with_user(self.finance).search([]), ticket_a | ticket_b)
        # department staff: what is assigned to them or their department
        self.assertFalse(Ticket.with_user(self.engineer).search([]))
        ticket_b.write({"team_id": self.team.id, "user_id": self.engineer.id})
        self.assertEqual(Ticket.with_user(self.engineer).search([]), ticket_b)
        # another company sees none, not even its manager
        company2 = self.env["res.company"].create({"name": "苏州另一家物业"})
        manager2 = self._create_user("manager_other", "manager", company=company2)
        self.assertFalse(Ticket.with_user(manager2).search([]))
        with self.assertRaises(AccessError):
            ticket_a.with_user(manager2).read(["name"])
        Compensation = self.env["property.complaint.compensation"]
        compensation = Compensation.create(
            {"ticket_id": ticket_b.id, "partner_id": self.owner2.id, "amount": 10.0, "reason": "x"}
        )
        self.assertFalse(Compensation.with_user(self.cs_a).search([]))
        self.assertEqual(Compensation.with_user(self.cs_b).search([]), compensation)
        self.assertFalse(Compensation.with_user(manager2).search([]))

    # === Portal ===
    def test_portal_complaint_gets_the_unit_and_its_payer(self):
        portal = self._create_user("tenant_portal", groups="base.group_portal")
        self._add_stay(self.unit_b, portal.partner_id, role="tenant", is_payer=False)
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(portal)
            .sudo()  # as the portal controller creates it
            .create(
                {
                    "name": "车库漏水",
                    "description": "<p>B2 车位上方漏水</p>",
                    "partner_id": portal.partner_id.id,
                    "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
                }
            )
        )
        self.assertEqual((ticket.unit_id, ticket.project_id), (self.unit_b, self.project_b))
        self.assertEqual(ticket.payer_id, self.owner2, "the owner pays, not the tenant")
        self.assertEqual(ticket.property_stage, "received")
        self.assertTrue(re.match(r"^TS\d{4}-\d{5}$", ticket.number))
        self.assertEqual(self.env["helpdesk.ticket"].with_user(portal).search([]), ticket)

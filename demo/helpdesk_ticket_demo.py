"""Demo complaints (投诉): a few dozen over the demo estate, in every stage of the flow, some
of them payment disputes that pause dunning, some compensated. Built through the same
buttons the users press, as the users who press them (demo data only)."""

import random
from datetime import timedelta

from odoo import api, fields, models

from ..tools import complaint

# category, title, description, place, people involved, demand, urgency
CASES = [
    (
        complaint.ENGINEERING,
        "电梯频繁停运",
        "3号电梯本周停运三次，老人上下楼很不方便。",
        "3号楼电梯",
        "",
        "尽快彻底维修，并公布维保记录",
        "2",
    ),
    (
        complaint.ENGINEERING,
        "楼道灯不亮",
        "12层楼道感应灯坏了一个多星期，晚上回家看不见。",
        "12层楼道",
        "",
        "三天内修好",
        "1",
    ),
    (
        complaint.ENGINEERING,
        "地下车库漏水",
        "车位上方管道漏水，车身被污水弄脏。",
        "地下车库 B 区",
        "",
        "修好管道并赔偿洗车费",
        "2",
    ),
    (
        complaint.CLEANING,
        "楼道垃圾无人清理",
        "门口的垃圾放了三天没人收，有异味。",
        "单元楼道",
        "保洁员",
        "每天按时清运垃圾",
        "1",
    ),
    (
        complaint.CLEANING,
        "电梯轿厢卫生差",
        "电梯里有宠物便溺，保洁没有及时处理。",
        "电梯轿厢",
        "",
        "加强巡查和消毒",
        "1",
    ),
    (
        complaint.SECURITY,
        "陌生人随意进出",
        "门禁坏了，外卖和陌生人随意进出单元门。",
        "单元门禁",
        "门岗保安",
        "修好门禁，加强门岗登记",
        "2",
    ),
    (
        complaint.SECURITY,
        "电动车被盗",
        "停在小区车棚的电动车被盗，要求调取监控。",
        "南门车棚",
        "夜班保安",
        "调取监控配合报警",
        "3",
    ),
    (
        complaint.LANDSCAPING,
        "绿化带长期无人修剪",
        "楼下绿化带杂草丛生，蚊虫很多。",
        "楼前绿化带",
        "",
        "定期修剪、喷药灭蚊",
        "0",
    ),
    (
        complaint.CUSTOMER_SERVICE,
        "客服态度差",
        "打客服电话反映问题，接线人员态度冷淡、推诿。",
        "客服热线",
        "客服接线员",
        "道歉并改进服务",
        "1",
    ),
    (
        complaint.FINANCE,
        "物业费计费有误",
        "账单面积按 128㎡ 计算，房产证面积是 118㎡。",
        "缴费通知单",
        "",
        "按实际面积重新计费并退还多收部分",
        "1",
    ),
    (
        complaint.DEVELOPER_QUALITY,
        "卧室墙体渗水",
        "雨水管三通密封不良，卧室墙体渗水发霉，已影响居住。",
        "主卧外墙",
        "开发商售后",
        "彻底修复并赔偿损失，否则不交物业费",
        "2",
    ),
    (
        complaint.DEVELOPER_QUALITY,
        "地漏堵塞反水",
        "卫生间地漏交房后就堵塞，多次反水。",
        "卫生间",
        "开发商售后",
        "联系开发商维修",
        "1",
    ),
]

# where the complaints end up: (stage, how many)
PLAN = [
    (complaint.RECEIVED, 4),
    (complaint.ACKNOWLEDGED, 4),
    (complaint.ASSIGNED, 5),
    (complaint.IN_PROGRESS, 6),
    (complaint.RESOLVED, 4),
    (complaint.FOLLOWUP, 3),
    (complaint.CLOSED, 8),
    (complaint.CANCELLED, 2),
]
RESOLUTIONS = {
    complaint.ENGINEERING: "工程部已到场维修，更换损坏部件并测试正常。",
    complaint.CLEANING: "已调整保洁排班，增加每日巡查一次。",
    complaint.SECURITY: "已修复门禁并加强门岗登记，监控已调取交派出所。",
    complaint.LANDSCAPING: "绿化组已完成修剪和喷药。",
    complaint.CUSTOMER_SERVICE: "客服主管已电话致歉，相关人员已培训。",
    complaint.FINANCE: "已核实面积，开具红字账单冲减多收部分。",
    complaint.DEVELOPER_QUALITY: "已协调开发商售后上门修复，三方确认完毕。",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    @api.model
    def _demo_complaints(self, company):
        """Demo data only: complaints in every stage, disputes and compensations."""
        rng = random.Random(20261130)
        # No internet in the demo: notifications are queued like every other mail. Texts in
        # the company's language, whose translations Odoo loads only after the demo data.
        lang = company.partner_id.lang or "zh_CN"
        self = self.with_context(mail_notify_force_send=False, lang=lang)
        env = self.env
        env["ir.module.module"].search(
            [("name", "in", ("property_fee_collection", "helpdesk_mgmt", "helpdesk_mgmt_rating"))]
        )._update_translations(filter_lang=[lang])
        desk = env.ref("property_fee_collection.res_users_service_demo")
        manager = env.ref("property_fee_collection.res_users_manager_demo")
        teams = env["helpdesk.ticket.team"].search([("company_id", "=", company.id)])
        units = env["property.unit"].search(
            [("company_id", "=", company.id), ("payer_id", "!=", False)], order="id"
        )
        disputed = env["property.dunning.state"].search(
            [("company_id", "=", company.id), ("overdue_amount", ">", 0)], order="id"
        )
        now = fields.Datetime.now()
        tickets = self.browse()
        number = 0
        for step, count in PLAN:
            for _index in range(count):
                case = CASES[number % len(CASES)]
                dispute = number % 6 == 5 and len(disputed) > number // 6
                if dispute:
                    state = disputed[number // 6]
                    unit = state.unit_ids[:1] or units[rng.randrange(len(units))]
                else:
                    unit = units[rng.randrange(len(units))]
                received = now - timedelta(days=rng.randint(0, 25), hours=rng.randint(1, 8))
                if step == complaint.RECEIVED and number % 2:
                    received = now - timedelta(days=4)  # missed its acknowledgement deadline
                ticket = self._demo_register(case, unit, received, dispute, desk, company)
                ticket._demo_walk(step, teams, desk, manager, rng)
                tickets |= ticket
                number += 1
        self._demo_outcome_e(company)
        self._demo_compensations(tickets, desk, manager)
        self._cron_complaint_deadlines()
        self._demo_commit()
        return tickets

    @api.model
    def _demo_register(self, case, unit, received, dispute, desk, company):
        code, title, description, place, people, demand, priority = case
        partner = unit.occupancy_ids.filtered(lambda o: not o.date_to)[:1].partner_id
        category = self.env["helpdesk.ticket.category"]._property_find(code, company)
        channels = [
            "property_fee_collection.helpdesk_ticket_channel_front_desk",
            "helpdesk_mgmt.helpdesk_ticket_channel_phone",
            "helpdesk_mgmt.helpdesk_ticket_channel_web",
            "property_fee_collection.helpdesk_ticket_channel_wechat",
            "helpdesk_mgmt.helpdesk_ticket_channel_email",
            "property_fee_collection.helpdesk_ticket_channel_suggestion_box",
        ]
        ticket = (
            self.with_user(desk)
            .with_company(company)
            .create(
                {
                    "name": title,
                    "description": f"<p>{description}</p>",
                    "partner_id": (partner or unit.payer_id).id,
                    "unit_id": unit.id,
                    "category_id": category.id,
                    "channel_id": self.env.ref(channels[unit.id % len(channels)]).id,
                    "priority": priority,
                    "complaint_date": received,
                    "location": place,
                    "people_involved": people,
                    "owner_demand": demand,
                    "payment_dispute": dispute,
                    "company_id": company.id,
                }
            )
        )
        ticket._demo_commit()
        return self.browse(ticket.id)

    def _demo_commit(self):
        """As at the end of a request: chatter tracking and the stage e-mails (queued)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _demo_walk(self, step, teams, desk, manager, rng):
        """Move the complaint to ``step`` through the buttons, as the users who press them."""
        order = list(complaint.STAGES[: complaint.STAGES.index(complaint.CLOSED) + 1])
        as_desk = self.with_user(desk)
        if step == complaint.CANCELLED:
            as_desk.action_cancel_complaint()
            self._demo_commit()
            return
        target = order.index(step)
        if target >= order.index(complaint.ACKNOWLEDGED):
            as_desk.action_acknowledge()
            self._demo_commit()
        if target >= order.index(complaint.ASSIGNED):
            team = teams.filtered(lambda t: self.category_id in t.category_ids)[:1] or teams[:1]
            others = (teams - team)[: rng.randint(0, 1)]
            as_desk.write(
                {
                    "team_id": team.id,
                    "user_id": (team.user_id or team.user_ids[:1]).id,
                    "other_team_ids": [fields.Command.set(others.ids)],
                }
            )
            as_desk.action_dispatch()
            self._demo_commit()
        handler = self.with_user(self.user_id or desk)
        if target >= order.index(complaint.IN_PROGRESS):
            handler.action_start()
            handler.write({"investigation": "<p>已到现场核实，情况属实。</p>"})
            self._demo_commit()
        if target >= order.index(complaint.RESOLVED):
            handler.write(
                {"resolution": f"<p>{RESOLUTIONS[self.category_id.property_category]}</p>"}
            )
            handler.action_resolve()
            self._demo_commit()
        if target >= order.index(complaint.FOLLOWUP):
            as_desk.action_start_followup()
            self._demo_commit()
        if target >= order.index(complaint.CLOSED):
            if rng.random() < 0.25:  # unsatisfied first: reopened, handled again
                as_desk._property_record_followup(2, "问题没有彻底解决。", "escalate")
                self._demo_commit()
                handler.action_resolve()
                as_desk.action_start_followup()
                self._demo_commit()
            as_desk._property_record_followup(rng.choice([3, 4, 4, 5, 5]), "业主表示满意。")
            self._demo_commit()
        self._demo_backdate()

    def _demo_backdate(self):
        """Handling dates after the complaint time, as if handled over the last weeks."""
        start = self.complaint_date
        vals = {}
        if self.acknowledged_date:
            vals["acknowledged_date"] = start + timedelta(hours=2)
        if self.resolved_date:
            vals["resolved_date"] = min(start + timedelta(days=2), fields.Datetime.now())
        if self.followup_date:
            vals["followup_date"] = min(start + timedelta(days=3), fields.Datetime.now())
        if vals:
            self.sudo().write(vals)

    @api.model
    def _demo_outcome_e(self, company):
        """Two payers refused to pay over the service during collection calls (outcome E)."""
        states = self.env["property.dunning.state"].search(
            [
                ("company_id", "=", company.id),
                ("overdue_amount", ">", 0),
                ("payment_dispute", "=", False),
                ("collector_id", "!=", False),
            ],
            order="overdue_amount desc",
            limit=2,
        )
        notes = [
            "业主说楼下绿化带一个月没人修剪、蚊子多，不解决不交物业费。",
            "业主反映电梯经常坏，报修没人来，拒交物业费。",
        ]
        for state, note in zip(states, notes, strict=False):
            activity = (
                self.env["property.collection.activity"]
                .with_user(state.collector_id)
                .create(
                    {
                        "state_id": state.id,
                        "partner_id": state.partner_id.id,
                        "project_id": state.project_id.id,
                        "unit_ids": [fields.Command.set(state.unit_ids.ids)],
                        "activity_type": "call",
                        "outcome": "e_refuses",
                        "reason": "service",
                        "note": note,
                    }
                )
            )
            activity.action_create_complaint()

    @api.model
    def _demo_compensations(self, tickets, desk, manager):
        """Seed 002's case: ¥1,000 agreed for water damage; others waiting or refused."""
        quality = tickets.filtered(
            lambda t: t.category_id.property_category == complaint.DEVELOPER_QUALITY
            and t.property_stage in (complaint.RESOLVED, complaint.FOLLOWUP, complaint.CLOSED)
        )
        others = tickets.filtered(
            lambda t: t.property_stage in (complaint.IN_PROGRESS, complaint.CLOSED)
            and t not in quality
        )
        plan = [
            (
                quality[:1],
                1000.0,
                "墙体渗水造成装修损坏，与业主本人协商补偿 1000 元，冲抵物业费。",
                "approve",
            ),
            (others[:1], 150.0, "车辆被漏水污损，补偿洗车费。", "approve"),
            (others[1:2], 300.0, "停电导致冰箱食品损坏，业主要求补偿。", "request"),
            (others[2:3], 2000.0, "业主要求补偿精神损失费。", "refuse"),
        ]
        Compensation = self.env["property.complaint.compensation"].with_user(desk)
        for ticket, amount, reason, decision in plan:
            if not ticket:
                continue
            compensation = Compensation.create(
                {
                    "ticket_id": ticket.id,
                    "partner_id": ticket.payer_id.id,
                    "amount": amount,
                    "reason": reason,
                }
            )
            compensation.action_request()
            if decision == "approve":
                compensation.with_user(manager).action_approve()
            elif decision == "refuse":
                compensation.with_user(manager).action_refuse()
            ticket._demo_commit()

import base64
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models

from ..tools import billing


class PropertyInstallmentPlan(models.Model):
    """Demo collection work (demo only): installment plans kept, waiting and broken,
    waivers in each state, a legal case, monthly plans, a signed-off day, payer tags and
    the credit ratings — all made through the same buttons as in the product."""

    _inherit = "property.installment.plan"

    @api.model
    def _demo_collection_work(self, company):
        self = self.with_company(company)
        env = self.env
        today = fields.Date.context_today(self)
        ref = env.ref
        manager = ref("property_fee_collection.res_users_manager_demo")
        admin = ref("base.user_admin")
        collector = ref("property_fee_collection.res_users_collector_ljy_demo")
        company.write(
            {"property_waiver_manager_limit": 300.0, "property_general_manager_id": admin.id}
        )
        states = env["property.dunning.state"].search(
            [("company_id", "=", company.id), ("overdue_amount", ">", 0)],
            order="overdue_amount desc, id",
        )
        ljy = states.filtered(
            lambda s: s.project_id == ref("property_fee_collection.property_project_ljy_demo")
        )
        others = states - ljy
        if len(ljy) < 8 or not others:
            return
        self._demo_plans(ljy[2:5], collector, manager, today)
        self._demo_waivers(ljy[5:8], collector, manager)
        self._demo_legal_case(others[:1], admin)
        self._demo_tags(ljy[:3], others[:1])
        self._demo_month_plans(company, manager, today)
        self._demo_day(company, ljy[8:11], collector, manager, today)
        env["res.partner"]._property_rate_payers(today)

    @api.model
    def _demo_plans(self, states, collector, manager, today):
        Plan = self.env["property.installment.plan"]
        signed = base64.b64encode(b"%PDF-1.4\n% demo: scan of the signed agreement\n%%EOF\n")
        specs = [
            # (first instalment due, start it, count)
            (today + timedelta(days=20), True, 6),
            (today + timedelta(days=30), False, 3),
            (today - timedelta(days=25), True, 4),
        ]
        for state, (first_due, start, count) in zip(states, specs, strict=False):
            plan = Plan.with_user(collector).create(
                {
                    "partner_id": state.partner_id.id,
                    "project_id": state.project_id.id,
                    "receivable_ids": [Command.set(state._open_items(overdue_only=True).ids)],
                    "first_due_date": first_due,
                    "installment_count": count,
                    "late_fee_waiver_percent": 50.0,
                    "note": "业主近期失业，经协商分期缴纳欠费。",
                }
            )
            plan.action_submit()
            if not start:
                continue
            plan.with_user(manager).action_approve()
            plan.with_user(collector).write(
                {"signed_copy": signed, "signed_copy_name": f"{plan.name}-signed.pdf"}
            )
            plan.with_user(collector).action_start()
        Plan.search([("state", "=", "active")])._check_plans(today)

    @api.model
    def _demo_waivers(self, states, collector, manager):
        Waiver = self.env["property.waiver"].with_user(collector)
        proof = (
            self.env["ir.attachment"]
            .with_user(collector)
            .create(
                {
                    "name": "低保证明.txt",
                    "raw": "最低生活保障金领取证（演示）".encode(),
                    "mimetype": "text/plain",
                }
            )
        )
        specs = [
            ("hardship", 0.5, "业主为低保户，减免部分物业费。", "done"),
            ("service", 1.0, "电梯长期故障，经核实减免当月物业费作为服务补偿。", "to_approve_gm"),
            ("vacancy", 0.3, "房屋空置，按合同约定减免。", "draft"),
        ]
        for state, (reason, share, why, target) in zip(states, specs, strict=False):
            items = state._open_items(overdue_only=True)[:2]
            waiver = Waiver.create(
                {
                    "partner_id": state.partner_id.id,
                    "project_id": state.project_id.id,
                    "reason": reason,
                    "description": why,
                    "complaint_ref": "TS-2026-0012" if reason == "service" else False,
                    "attachment_ids": [Command.set(proof.ids)] if reason == "hardship" else [],
                    "line_ids": [
                        Command.create(
                            {
                                "receivable_id": item.id,
                                "amount": float(billing.round_fen(item.residual * share)),
                            }
                        )
                        for item in items
                    ],
                }
            )
            if target != "draft":
                waiver.action_submit()
                waiver.with_user(manager).action_approve()

    @api.model
    def _demo_legal_case(self, states, general_manager):
        for state in states:
            case = self.env["property.legal.case"]._open_case(state)
            case.sudo().write(
                {
                    "letter_date": fields.Date.subtract(fields.Date.context_today(self), days=30),
                    "letter_delivery_date": fields.Date.subtract(
                        fields.Date.context_today(self), days=27
                    ),
                    "letter_proof": "EMS 1190 2233 4455",
                    "letter_deadline": fields.Date.subtract(
                        fields.Date.context_today(self), days=12
                    ),
                    "lawyer_id": self.env["res.partner"]
                    .create({"name": "浙江明理律师事务所", "is_company": True})
                    .id,
                    "cost_lawyer": 2000.0,
                    "decision_note": "欠费金额较大且长期拒缴，作为代表性案件起诉。",
                }
            )
            case.with_user(general_manager).action_approve_suit()

    @api.model
    def _demo_tags(self, states, legal_states):
        tag = self.env.ref
        for partner, xmlid in zip(
            (legal_states.partner_id[:1] | states.partner_id)[:3],
            (
                "property_fee_collection.property_payer_tag_hardcore",
                "property_fee_collection.property_payer_tag_swing",
                "property_fee_collection.property_payer_tag_key",
            ),
            strict=False,
        ):
            partner.sudo().property_tag_ids = tag(xmlid)

    @api.model
    def _demo_month_plans(self, company, manager, today):
        Plan = self.env["property.collection.plan"].with_user(manager).with_company(company)
        month = billing.month_bounds(today)
        # one collector short of the plan, the other above it (commission)
        for xmlid, share in (
            ("property_fee_collection.res_users_collector_ljy_demo", 1.15),
            ("property_fee_collection.res_users_collector_chhy_demo", 0.9),
        ):
            plan = Plan.create(
                {
                    "collector_id": self.env.ref(xmlid).id,
                    "month": month[0],
                    "target_amount": 10000.0,
                    "date_deadline": month[1],
                    "method": "电话催缴为主，逾期30天以上上门拜访。",
                }
            )
            target = round(plan.collected_amount * share / 1000) * 1000
            plan.target_amount = max(target, 10000.0)
            plan.action_confirm()

    @api.model
    def _demo_day(self, company, states, collector, manager, today):
        """Yesterday's calls of collector1, submitted and signed off."""
        yesterday = today - timedelta(days=1)
        Log = self.env["property.collection.activity"].with_user(collector)
        outcomes = ["b_no_date", "c_unreachable", "d_away"]
        for index, (state, outcome) in enumerate(zip(states, outcomes, strict=False)):
            Log.create(
                {
                    "partner_id": state.partner_id.id,
                    "project_id": state.project_id.id,
                    "unit_ids": [Command.set(state.unit_ids.ids)],
                    "date": datetime.combine(yesterday, time(2 + index, 0)),
                    "outcome": outcome,
                    "note": "演示通话记录",
                }
            )
        Day = self.env["property.collection.day"].with_company(company)
        day = Day.with_user(collector).create({"collector_id": collector.id, "date": yesterday})
        day.with_user(collector).action_submit()
        day.with_user(manager).action_sign()

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_dunning import DunningCommon

TODAY = date(2026, 12, 1)


def days_ago(days):
    return TODAY - timedelta(days=days)


@tagged("post_install", "-at_install")
class TestDunningGolive(DunningCommon):
    """Issue 14: the first run puts each payer on the level of their days overdue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.payers = {}
        for days in (5, 20, 45, 200):
            partner = cls.env["res.partner"].create(
                {"name": f"欠费{days}天", "phone": f"1390000{days:04d}"}
            )
            unit = cls._create_unit(cls.building, f"1-2-{days:03d}", state="occupied")
            cls._add_stay(unit, partner, date_from=date(2020, 1, 1))
            cls._bill(days_ago(days), 250.0, partner=partner, unit=unit)
            cls.payers[days] = partner
        cls.finance = cls._create_user("finance_g", "finance")

    def _actions_by_days(self, actions):
        by_partner = {action.partner_id: action for action in actions}
        return {days: by_partner.get(partner) for days, partner in self.payers.items()}

    def _levels(self, *sequences):
        return [self.levels[sequence] for sequence in sequences]

    def test_first_run_lands_each_payer_on_the_level_of_their_days(self):
        actions = self._dun(TODAY)
        self.assertEqual(len(actions), 4, "one action each")
        by_days = self._actions_by_days(actions)
        self.assertEqual(
            [by_days[days].level_id for days in (5, 20, 45, 200)], self._levels(2, 4, 5, 6)
        )
        self.assertEqual(
            [by_days[days].approval_state for days in (5, 20, 45, 200)],
            ["none", "none", "none", "to_approve"],
        )
        # the levels passed over are recorded as caught up, not sent
        self.assertEqual(
            by_days[20].skipped_level_ids,
            self.levels[0] | self.levels[1] | (self.levels[2] | self.levels[3]),
        )
        self.assertTrue(all(by_days[days].catch_up for days in (5, 20, 45, 200)))
        state_200 = self._state(self.payers[200])
        self.assertEqual(state_200.caught_up_level_ids, by_days[200].skipped_level_ids)
        self.assertEqual(state_200.caught_up_date, TODAY)
        self.assertEqual(
            self.env["sms.sms"].search_count([("partner_id", "in", actions.partner_id.ids)]),
            0,
            "the skipped reminders' SMS are not sent",
        )
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "property.dunning.action")]),
            "nor the skipped levels' e-mails",
        )
        self.assertTrue(by_days[20].letter_pending, "the final written notice goes out")
        # the lawyer's letter is never reached by catching up: the payer waits on L5, in the
        # manager's approval list, and nothing goes out
        self.assertEqual(state_200.level_id, self.levels[5])
        self.assertEqual(state_200.pause_reason, "approval")
        self.assertFalse(by_days[200].letter_attachment_id or by_days[200].letter_pending)
        approvals = self.env["property.dunning.action"].search(
            [("approval_state", "=", "to_approve")]
        )
        self.assertEqual(approvals.partner_id, self.payers[200])
        self.assertEqual(
            state_200.activity_ids.user_id, self.manager, "the manager's approval task only"
        )
        # the others stand on their level, with that level's task
        self.assertEqual(self._state(self.payers[45]).level_id, self.levels[5])
        visit = self.env.ref("property_fee_collection.mail_activity_type_collection_visit")
        self.assertEqual(self._state(self.payers[45]).activity_ids.activity_type_id, visit)
        # a second run the same day creates nothing, nor does the next day's (no burst)
        self.assertFalse(self._dun(TODAY))
        self.assertFalse(self._dun(TODAY + timedelta(days=1)))

    def test_payer_back_from_a_60_day_hardship_pause_is_caught_up(self):
        partner = self.payers[5]
        self._dun(days_ago(3))  # two days overdue: first call
        state = self._state(partner)
        self.assertEqual(state.level_id, self.levels[2])
        with freeze_time(days_ago(2)):
            partner.write({"property_hardship": True})
        paused = self._dun(TODAY + timedelta(days=30)).filtered(lambda a: a.partner_id == partner)
        self.assertFalse(paused)
        with freeze_time(TODAY + timedelta(days=58)):
            partner.write({"property_hardship": False})  # 60 paused days
        day = TODAY + timedelta(days=58)  # 63 days overdue
        actions = self._dun(day).filtered(lambda a: a.partner_id == partner)
        self.assertEqual(actions.level_id, self.levels[6])
        self.assertEqual(actions.approval_state, "to_approve")
        self.assertTrue(actions.catch_up)
        self.assertEqual(
            actions.skipped_level_ids, self.levels[3] | self.levels[4] | self.levels[5]
        )
        self.assertEqual(state.level_id, self.levels[5])
        self.assertFalse(
            self._dun(day + timedelta(days=1)).filtered(lambda a: a.partner_id == partner)
        )

    def test_short_pause_continues_with_normal_spacing(self):
        partner = self.payers[5]
        self.assertEqual(
            self._dun(days_ago(3)).filtered(lambda a: a.partner_id == partner).level_id,
            self.levels[2],
        )
        with freeze_time(days_ago(2)):
            partner.write({"property_hardship": True})
        with freeze_time(TODAY + timedelta(days=8)):
            partner.write({"property_hardship": False})  # 10 paused days
        state = self._state(partner)
        # on the ladder clock: day 2 before the pause, day 3 when it ends; the second notice
        # (day 10) comes 7 days later
        day = TODAY + timedelta(days=8)
        for offset in range(7):
            self.assertFalse(
                self._dun(day + timedelta(days=offset)).filtered(lambda a: a.partner_id == partner),
                f"day {offset} after the pause",
            )
        action = self._dun(day + timedelta(days=7)).filtered(lambda a: a.partner_id == partner)
        self.assertEqual(action.level_id, self.levels[3])
        self.assertFalse(action.catch_up)
        self.assertEqual(state.level_id, self.levels[3])

    @freeze_time("2026-12-01 10:00:00")
    def test_rejected_catch_up_sends_the_level_before(self):
        self._dun(TODAY)
        proposal = self.env["property.dunning.action"].search(
            [("approval_state", "=", "to_approve")]
        )
        proposal.with_user(self.manager).action_reject()
        state = self._state(self.payers[200])
        self.assertEqual(state.level_id, self.levels[5])
        self.assertFalse(state.pause_reason)
        fallback = state.action_ids - proposal
        self.assertEqual(fallback.level_id, self.levels[5], "the visit goes out instead")
        visit = self.env.ref("property_fee_collection.mail_activity_type_collection_visit")
        self.assertIn(visit, state.activity_ids.activity_type_id)
        # proposed again after the ladder's spacing from L5 to L6 (30 days), not tomorrow
        today = state.last_action_date
        self.assertFalse(
            self._dun(today + timedelta(days=29)).filtered(
                lambda a: a.partner_id == self.payers[200]
            )
        )
        again = self._dun(today + timedelta(days=30)).filtered(
            lambda a: a.partner_id == self.payers[200]
        )
        self.assertEqual(again.level_id, self.levels[6])
        self.assertEqual(again.approval_state, "to_approve")

    # === Go-live wizard ===
    def _golive(self, user=None, **vals):
        Golive = self.env["property.dunning.golive"].with_user(user or self.manager)
        return Golive.create({"project_id": self.project.id, **vals})

    def _preview_counts(self, wizard):
        return {(line.level_id.sequence, line.approval): line.count for line in wizard.line_ids}

    def _action_counts(self, actions):
        counts = {}
        for action in actions:
            key = (action.level_id.sequence, action.approval_state == "to_approve")
            counts[key] = counts.get(key, 0) + 1
        return counts

    @freeze_time("2026-12-01 10:00:00")
    def test_golive_preview_counts_equal_the_confirmed_run(self):
        later = self.env["res.partner"].create({"name": "预缴户"})
        unit = self._create_unit(self.building, "1-3-001", state="occupied")
        self._bill(TODAY + timedelta(days=30), 250.0, partner=later, unit=unit)
        wizard = self._golive()
        wizard.action_preview()
        preview = self._preview_counts(wizard)
        self.assertEqual(preview, {(2, False): 1, (4, False): 1, (5, False): 1, (6, True): 1})
        self.assertEqual(
            (wizard.payer_count, wizard.action_count, wizard.approval_count, wizard.waiting_count),
            (5, 4, 1, 1),
        )
        self.assertEqual(sum(wizard.line_ids.mapped("amount")), 1000.0)
        self.assertFalse(
            self.env["property.dunning.action"].search([]), "nothing is sent by a preview"
        )
        self.assertFalse(self.env["property.dunning.state"].search([]), "nor written")
        wizard.action_confirm()
        actions = self.env["property.dunning.action"].search([])
        self.assertEqual(self._action_counts(actions), preview)
        self.assertEqual(self.project.dunning_start_date, TODAY)

    @freeze_time("2026-12-01 10:00:00")
    def test_golive_on_a_later_day_sends_nothing_before(self):
        wizard = self._golive(date_start=TODAY + timedelta(days=7))
        wizard.action_preview()
        preview = self._preview_counts(wizard)
        wizard.action_confirm()
        self.assertFalse(self.env["property.dunning.action"].search([]))
        self.assertFalse(self._dun(TODAY + timedelta(days=6)), "not before the start day")
        self.assertTrue(self._state(self.payers[200]), "the list shows the arrears meanwhile")
        actions = self._dun(TODAY + timedelta(days=7))
        self.assertEqual(self._action_counts(actions), preview)

    @freeze_time("2026-12-01 10:00:00")
    def test_golive_start_everyone_at_a_chosen_level(self):
        wizard = self._golive(start_mode="level", level_id=self.levels[1].id)
        wizard.action_preview()
        self.assertEqual(self._preview_counts(wizard), {(1, False): 4})
        wizard.action_confirm()
        actions = self.env["property.dunning.action"].search([])
        self.assertEqual(actions.level_id, self.levels[1], "everyone gets the due notice")
        self.assertFalse(self.project.dunning_start_level_id, "applies to the go-live run only")
        # the next levels follow with the ladder's normal spacing (L1 → L2: one day)
        self.assertEqual(self._dun(TODAY + timedelta(days=1)).level_id, self.levels[2])
        self.assertEqual(len(self.env["property.dunning.action"].search([])), 8)
        self.assertFalse(self._dun(TODAY + timedelta(days=9)))
        self.assertEqual(
            len(self._dun(TODAY + timedelta(days=10))), 4, "second notice on the ladder's day 10"
        )

    def test_golive_is_the_managers(self):
        for user in (self.collector, self.finance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._golive(user=user)
        with self.assertRaises(UserError):
            self._golive(start_mode="level", level_id=self.levels[6].id).action_preview()
        with self.assertRaises(UserError):
            self._golive().action_confirm()  # not previewed

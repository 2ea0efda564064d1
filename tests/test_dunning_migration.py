import importlib.util
from datetime import date
from pathlib import Path

from freezegun import freeze_time

from odoo.tests import tagged

from .common_dunning import DunningCommon

MIGRATION = Path(__file__).parent.parent / "migrations" / "19.0.1.2.0" / "post-migrate.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("pfc_migrate_19_0_1_2_0", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestLadderMigration(DunningCommon):
    """19.0.1.2.0 brings existing databases to the new ladder without losing anyone's place."""

    def test_default_ladder_updated_only_where_unchanged(self):
        old_letter = self.env.ref("property_fee_collection.property_dunning_action_report_letter")
        self.levels[1].letter_kind = "demand"
        self.levels[2].write({"days": 3, "activity_days": 1})
        self.levels[4].deadline_days = 0
        self.levels[6].write({"report_id": old_letter.id, "letter_kind": "demand"})
        self.policy.call_window = "09:30-12:00, 15:00-21:00"
        # a company that moved its first call to day +2 keeps it
        custom = self.env["property.dunning.policy"].create(
            {
                "name": "自定义",
                "level_ids": [
                    (0, 0, {"sequence": 0, "name": "a", "days": 2, "channel_call": True}),
                ],
            }
        )
        load_migration()._update_default_ladder(self.env)
        self.assertEqual(self.levels[1].letter_kind, "notice")
        self.assertEqual((self.levels[2].days, self.levels[2].activity_days), (1, 2))
        self.assertEqual(self.levels[4].deadline_days, 10)
        self.assertEqual(self.levels[6].letter_kind, "lawyer")
        self.assertEqual(self.levels[6].deadline_days, 15)
        self.assertEqual(
            self.levels[6].report_id,
            self.env.ref("property_fee_collection.property_dunning_action_report_lawyer_letter"),
        )
        self.assertIn("944", self.levels[6].legal_basis)
        self.assertIn("Sat-Sun 10:30", self.policy.call_window)
        self.assertEqual(custom.level_ids.days, 2)

    def test_customised_levels_are_kept(self):
        self.levels[2].write({"days": 2, "activity_days": 1})
        self.policy.call_window = "10:00-12:00"
        load_migration()._update_default_ladder(self.env)
        self.assertEqual(self.levels[2].days, 2)
        self.assertEqual(self.policy.call_window, "10:00-12:00")

    def test_payers_keep_their_place(self):
        self._bill(date(2026, 9, 1), 300.0)
        self._dun(date(2026, 10, 20))  # visit
        proposal = self._dun(date(2026, 10, 31))  # lawyer's letter waiting for approval
        state = self._state()
        # as the previous version left it: the level moved when the proposal was created
        state.write({"level_id": self.levels[6].id, "approval_pending": False})
        state.write({"ladder_anchor_date": False, "last_contact_date": False})
        proposal.sudo().write({"sent_date": False})
        load_migration()._place_existing_payers(self.env)
        state.invalidate_recordset()
        self.assertEqual(state.level_id, self.levels[5])
        self.assertTrue(state.approval_pending)
        self.assertEqual(state.pause_reason, "approval")
        self.assertEqual(state.ladder_anchor_date, date(2026, 10, 31))
        visit = state.action_ids.filtered(lambda a: a.level_id == self.levels[5])
        self.assertEqual(visit.sent_date, visit.date)
        self.assertFalse(proposal.sent_date, "not sent before it is approved")

    def test_payers_left_behind_are_caught_up_once(self):
        """The previous version placed a payer 76 days overdue on L0 and moved them one level a
        day: after the upgrade the next run places them on their level instead."""
        self._bill(date(2026, 9, 15), 300.0)
        self._dun(date(2026, 11, 30))
        state = self._state()
        state.write({"level_id": self.levels[0].id, "approval_pending": False})
        state.action_ids.sudo().write({"level_id": self.levels[0].id, "approval_state": "none"})
        with freeze_time("2026-11-30"):
            load_migration()._place_existing_payers(self.env)
        self.assertTrue(state.catch_up_due)
        action = self._dun(date(2026, 12, 1))
        self.assertEqual(action.level_id, self.levels[6], "77 days: the lawyer's letter proposed")
        self.assertEqual(action.skipped_level_ids.mapped("sequence"), [1, 2, 3, 4, 5])
        self.assertEqual(state.level_id, self.levels[5])
        self.assertFalse(state.catch_up_due)

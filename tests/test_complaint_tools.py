from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import complaint as c


@tagged("post_install", "-at_install")
class TestComplaintTools(BaseCase):
    def test_transitions(self):
        cases = [
            # from, to, who may
            (c.RECEIVED, c.ACKNOWLEDGED, c.DESK),
            (c.ACKNOWLEDGED, c.ASSIGNED, c.DESK),
            (c.ASSIGNED, c.IN_PROGRESS, c.HANDLER),
            (c.IN_PROGRESS, c.RESOLVED, c.HANDLER),
            (c.RESOLVED, c.FOLLOWUP, c.DESK),
            (c.FOLLOWUP, c.CLOSED, c.DESK),
            (c.RESOLVED, c.CLOSED, c.MANAGER),
            (c.CLOSED, c.IN_PROGRESS, c.DESK),
            (c.FOLLOWUP, c.IN_PROGRESS, c.DESK),
            (c.RECEIVED, c.CLOSED, None),
            (c.RECEIVED, c.RESOLVED, None),
            (c.ASSIGNED, c.CLOSED, None),
            (c.CANCELLED, c.CLOSED, None),
            (None, c.RECEIVED, c.DESK),
        ]
        for from_stage, to_stage, role in cases:
            with self.subTest(from_stage=from_stage, to_stage=to_stage):
                self.assertEqual(c.transition_role(from_stage, to_stage), role)

    def test_dispute_pauses_while_open(self):
        for stage in c.STAGES:
            with self.subTest(stage=stage):
                self.assertEqual(c.dispute_pauses(True, stage), stage in c.OPEN_STAGES)
                self.assertFalse(c.dispute_pauses(False, stage))
        self.assertFalse(c.dispute_pauses(True, c.RECEIVED, active=False))

    def test_pick_rule_most_specific(self):
        R = c.Rule
        rules = [
            R(1, None, None, 100),  # default
            R(2, None, "3", 10),  # very urgent
            R(3, 7, None, 30),  # category 7
            R(4, 7, "3", 50),  # category 7 and very urgent
            R(5, 8, None, 30),
            R(6, 8, None, 20),  # same specificity, lower sequence
        ]
        cases = [
            (9, "1", 1),
            (9, "3", 2),
            (7, "1", 3),
            (7, "3", 4),
            (8, "3", 6),
            (None, None, 1),
        ]
        for category, priority, expected in cases:
            with self.subTest(category=category, priority=priority):
                self.assertEqual(c.pick_rule(rules, category, priority), expected)
        self.assertIsNone(c.pick_rule([R(5, 8, None, 30)], 9, "1"))

    def test_working_hours(self):
        self.assertEqual(c.working_hours(1, 0, 8.0), 8.0)
        self.assertEqual(c.working_hours(0, 2, 8.0), 2.0)
        self.assertEqual(c.working_hours(3, 4, 7.5), 26.5)
        self.assertEqual(c.working_hours(-1, -1, 8.0), 0)

    def test_satisfaction(self):
        self.assertEqual([c.is_satisfied(s) for s in "12345"], [False, False, True, True, True])

    def test_guess_category(self):
        cases = [
            ("楼道垃圾三天没人清理", None, c.CLEANING),
            ("电梯又坏了,报修没人来", None, c.ENGINEERING),
            ("卧室墙体渗水,开发商不管", None, c.DEVELOPER_QUALITY),
            ("小区门禁坏了,车库被盗", None, c.SECURITY),
            ("草坪一个月没修剪", None, c.LANDSCAPING),
            ("物业费多收了一个月", None, c.FINANCE),
            ("客服态度差", None, c.CUSTOMER_SERVICE),
            ("不想交", "quality", c.DEVELOPER_QUALITY),
            ("", None, c.CUSTOMER_SERVICE),
        ]
        for notes, reason, expected in cases:
            with self.subTest(notes=notes):
                self.assertEqual(c.guess_category(notes, reason), expected)

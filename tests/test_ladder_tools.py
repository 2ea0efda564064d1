from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.property_fee_collection.tools import call_window as cw
from odoo.addons.property_fee_collection.tools import ladder

D = date
SEEDS = "09:30-12:00, 15:00-21:00; Sat-Sun 10:30-12:00, 15:00-21:00"
WEEK = (570, 720), (900, 1260)
WEEKEND = (630, 720), (900, 1260)


@tagged("post_install", "-at_install")
class TestCallWindowTools(BaseCase):
    def test_parse(self):
        cases = [
            ("09:30-12:00, 15:00-21:00", (WEEK,) * 7),
            (SEEDS, (WEEK,) * 5 + (WEEKEND,) * 2),
            ("9:30-12:00,15:00-21:00；周末 10:30-12:00、15:00-21:00", (WEEK,) * 5 + (WEEKEND,) * 2),
            ("09:30-12:00; Sun off", (((570, 720),),) * 6 + ((),)),
            ("09:30-12:00; 周日 休息", (((570, 720),),) * 6 + ((),)),
            ("weekdays 09:00-17:00", (((540, 1020),),) * 5 + ((), ())),
            ("Fri-Mon 10:00-11:00", (((600, 660),),) + ((),) * 3 + (((600, 660),),) * 3),
            ("15:00-21:00, 09:30-12:00", (WEEK,) * 7),  # sorted
            ("08:00-22:00", (((480, 1320),),) * 7),  # the whole day, not the night
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(cw.parse(text), expected)

    def test_parse_errors(self):
        cases = [
            ("", "empty"),
            ("  ;  ", "empty"),
            ("09:30", "syntax"),
            ("9h30-12h", "syntax"),
            ("09:30-12:00; 10:00-11:00", "syntax"),  # two groups without days
            ("Moonday 09:30-12:00", "day"),
            ("09:30-12:70", "time"),
            ("25:00-26:00", "time"),
            ("12:00-09:30", "order"),
            ("09:30-09:30", "order"),
            ("09:30-12:00, 11:00-13:00", "overlap"),
            ("07:00-09:00", "night"),
            ("15:00-23:00", "night"),
            ("Mon-Sun off", "no_window"),
            ("Sun off 10:00-11:00", "syntax"),
        ]
        for text, code in cases:
            with self.subTest(text=text):
                with self.assertRaises(cw.CallWindowError) as error:
                    cw.parse(text)
                self.assertEqual(error.exception.code, code)

    def test_classify(self):
        windows = cw.parse(SEEDS)
        cases = [
            (datetime(2026, 12, 1, 9, 29), "outside"),  # Tuesday
            (datetime(2026, 12, 1, 9, 30), "window"),
            (datetime(2026, 12, 1, 11, 59), "window"),
            (datetime(2026, 12, 1, 12, 0), "outside"),
            (datetime(2026, 12, 1, 20, 59), "window"),
            (datetime(2026, 12, 1, 21, 0), "outside"),
            (datetime(2026, 12, 1, 22, 0), "night"),
            (datetime(2026, 12, 1, 7, 59), "night"),
            (datetime(2026, 12, 1, 3, 0), "night"),
            (datetime(2026, 12, 5, 9, 45), "outside"),  # Saturday: from 10:30
            (datetime(2026, 12, 5, 10, 30), "window"),
        ]
        for moment, expected in cases:
            with self.subTest(moment=moment):
                self.assertEqual(cw.classify(windows, moment), expected)

    def test_next_slot_and_call_day(self):
        windows = cw.parse(SEEDS + "; Wed off")
        cases = [
            # moment (Tue 1 Dec 2026), next slot
            (datetime(2026, 12, 1, 2, 0), datetime(2026, 12, 1, 9, 30)),
            (datetime(2026, 12, 1, 10, 15), datetime(2026, 12, 1, 10, 15)),
            (datetime(2026, 12, 1, 12, 30), datetime(2026, 12, 1, 15, 0)),
            (datetime(2026, 12, 1, 21, 30), datetime(2026, 12, 3, 9, 30)),  # Wed off
            (datetime(2026, 12, 4, 22, 0), datetime(2026, 12, 5, 10, 30)),  # Sat 10:30
        ]
        for moment, expected in cases:
            with self.subTest(moment=moment):
                self.assertEqual(cw.next_slot(windows, moment), expected)
        self.assertEqual(cw.call_day(windows, D(2026, 12, 2)), D(2026, 12, 3))
        self.assertEqual(cw.call_day(windows, D(2026, 12, 1)), D(2026, 12, 1))
        self.assertEqual(cw.first_slot(windows, D(2026, 12, 6)), datetime(2026, 12, 6, 10, 30))


R = ladder.Rung
# the default ladder: L0 -15, L1 0, L2 +1, L3 +10, L4 +17, L5 +30, L6 +60 (approval, or 6
# months), L7 +75 legal
LADDER = [
    R(-15, 0, False, False),
    R(0, 0, False, False),
    R(1, 0, False, False),
    R(10, 0, False, False),
    R(17, 0, False, False),
    R(30, 0, False, False),
    R(60, 6, True, False),
    R(75, 0, False, True),
]
ALL = [True] * 8


@tagged("post_install", "-at_install")
class TestLadderTools(BaseCase):
    def test_catch_up_first_entry(self):
        cases = [
            # days overdue, (action level, placed on, skipped, approval) or None
            (-16, None),
            (-15, (0, 0, (), False)),
            (-1, (0, 0, (), False)),
            (0, (1, 1, (0,), False)),
            (5, (2, 2, (0, 1), False)),
            (20, (4, 4, (0, 1, 2, 3), False)),
            (45, (5, 5, (0, 1, 2, 3, 4), False)),
            (59, (5, 5, (0, 1, 2, 3, 4), False)),
            # never past the lawyer's letter: proposed to the manager, placed before it
            (60, (6, 5, (0, 1, 2, 3, 4, 5), True)),
            (200, (6, 5, (0, 1, 2, 3, 4, 5), True)),
        ]
        for days, expected in cases:
            with self.subTest(days=days):
                step = ladder.catch_up(LADDER, ALL, -1, days, letter_ok=False)
                got = step and (step.index, step.placed, step.skipped, step.approval)
                self.assertEqual(got, expected)

    def test_catch_up_limits(self):
        # back from a long pause on L5 with 200 days: the lawyer's letter is proposed
        step = ladder.catch_up(LADDER, ALL, 5, 200, letter_ok=False)
        self.assertEqual((step.index, step.placed, step.skipped, step.approval), (6, 5, (), True))
        # on L6 with the letter delivered and expired: the legal level is proposed too
        step = ladder.catch_up(LADDER, ALL, 6, 200, letter_ok=True)
        self.assertEqual((step.index, step.placed, step.approval), (7, 6, True))
        self.assertIsNone(ladder.catch_up(LADDER, ALL, 6, 200, letter_ok=False))
        # go-live "nobody above L1"
        step = ladder.catch_up(LADDER, ALL, -1, 200, top=1)
        self.assertEqual((step.index, step.placed, step.skipped), (1, 1, (0,)))
        step = ladder.catch_up(LADDER, ALL, -1, -10, top=1)
        self.assertEqual((step.index, step.skipped), (0, ()))
        # amounts below a level's minimum: the highest level the amounts allow
        eligible = [True] * 4 + [False] * 4
        step = ladder.catch_up(LADDER, eligible, -1, 45)
        self.assertEqual((step.index, step.placed), (3, 3))
        # six months in arrears reach the lawyer's letter whatever the days
        self.assertTrue(ladder.reached(LADDER[6], 180))
        self.assertFalse(ladder.reached(LADDER[6], 59))

    def test_next_step(self):
        cases = [
            # current, clock days, letter ok, (index, placed, approval) or None
            (1, 0, False, None),
            (1, 1, False, (2, 2, False)),
            (2, 9, False, None),
            (2, 40, False, (3, 3, False)),  # one level at a time, never a jump
            (5, 60, False, (6, 5, True)),  # the letter waits for approval
            (6, 100, False, None),  # no legal step without an expired, delivered letter
            (6, 100, True, (7, 7, False)),
            (7, 400, True, None),
        ]
        for current, days, letter_ok, expected in cases:
            with self.subTest(current=current, days=days):
                step = ladder.next_step(LADDER, ALL, current, days, letter_ok)
                self.assertEqual(step and (step.index, step.placed, step.approval), expected)

    def test_held_days(self):
        intervals = [
            (D(2026, 12, 2), D(2026, 12, 10)),  # 9 days
            (D(2026, 12, 8), D(2026, 12, 12)),  # overlaps: 2 more
            (D(2026, 12, 20), None),  # still open
        ]
        cases = [
            # from, to (excluded), held days, longest hold
            (D(2026, 12, 1), D(2026, 12, 15), 11, 11),
            (D(2026, 12, 5), D(2026, 12, 15), 8, 8),
            (D(2026, 12, 1), D(2026, 12, 25), 16, 11),
            (D(2026, 12, 13), D(2026, 12, 20), 0, 0),
            (D(2026, 12, 1), D(2026, 12, 1), 0, 0),
        ]
        for start, end, held, longest in cases:
            with self.subTest(start=start, end=end):
                self.assertEqual(ladder.held_days(intervals, start, end), held)
                self.assertEqual(ladder.longest_pause(intervals, start, end), longest)

    def test_contact_rule(self):
        cases = [
            # oldest due, last contact, attempts a week, next contact
            (D(2026, 12, 1), None, 2, D(2026, 12, 2)),
            (D(2026, 12, 1), D(2026, 12, 5), 2, D(2026, 12, 8)),
            (D(2026, 12, 1), D(2026, 11, 20), 2, D(2026, 12, 2)),  # before this arrears
            (D(2026, 12, 1), D(2026, 12, 5), 3, D(2026, 12, 7)),
            (D(2026, 12, 1), D(2026, 12, 5), 7, D(2026, 12, 6)),
            (D(2026, 12, 1), D(2026, 12, 5), 1, D(2026, 12, 12)),
            (D(2026, 12, 1), D(2026, 12, 5), 0, None),
        ]
        for oldest, last, per_week, expected in cases:
            with self.subTest(last=last, per_week=per_week):
                self.assertEqual(ladder.next_contact(oldest, last, per_week), expected)
        # every 3 days: any 7 consecutive days hold at least 2 attempts
        interval = ladder.contact_interval(2)
        attempts = {D(2026, 12, 1).toordinal() + interval * i for i in range(20)}
        for start in range(D(2026, 12, 1).toordinal(), D(2026, 12, 1).toordinal() + 40):
            self.assertGreaterEqual(len(attempts & set(range(start, start + 7))), 2)

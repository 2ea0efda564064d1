"""Owner credit rating (业主信用等级 A–D) from payment history: pure scoring, no database.

A payer starts at 100 points; every bill item paid late, every item still overdue, every
broken promise and every lawsuit costs points, every promise kept earns a few back (never
above 100). An open legal case rates D whatever the points. A payer without any history
(nothing billed and due, no promise, no case) gets no rating.

    A ≥ 90 > B ≥ 75 > C ≥ 60 > D
"""

from collections import namedtuple

History = namedtuple(
    "History",
    "paid_on_time late_days overdue_days promises_kept promises_broken legal_open legal_closed",
    defaults=(0, (), (), 0, 0, False, 0),
)
"""What is known of a payer over the rating window.

``paid_on_time``: items paid in full by their due date; ``late_days``: for each item paid
after its due date, how many days late; ``overdue_days``: for each item still unpaid past
its due date, how many days overdue; promises kept and broken; whether a legal case is
open; how many legal cases ended in the window.
"""

MAX_SCORE = 100
# (up to N days, points lost per item); None = beyond the last limit
LATE_PENALTIES = ((30, 2), (90, 5), (None, 10))
OVERDUE_PENALTIES = ((30, 5), (90, 15), (None, 30))
PROMISE_BROKEN = 10
PROMISE_KEPT = 2
LEGAL_CLOSED = 30
GRADES = (("A", 90), ("B", 75), ("C", 60))
LOWEST = "D"
WINDOW_MONTHS = 24


def penalty(days, table):
    """Points lost for one item ``days`` late (or overdue) under ``table``."""
    for limit, points in table:
        if limit is None or days <= limit:
            return points
    return 0


def score(history):
    """0–100 points of a payer's ``History``."""
    points = MAX_SCORE
    points -= sum(penalty(days, LATE_PENALTIES) for days in history.late_days)
    points -= sum(penalty(days, OVERDUE_PENALTIES) for days in history.overdue_days)
    points -= PROMISE_BROKEN * history.promises_broken
    points -= LEGAL_CLOSED * history.legal_closed
    points += PROMISE_KEPT * history.promises_kept
    return max(0, min(MAX_SCORE, points))


def grade(points):
    """The letter of a score."""
    for letter, minimum in GRADES:
        if points >= minimum:
            return letter
    return LOWEST


def has_history(history):
    return bool(
        history.paid_on_time
        or history.late_days
        or history.overdue_days
        or history.promises_kept
        or history.promises_broken
        or history.legal_open
        or history.legal_closed
    )


def rate(history):
    """``(letter, score)`` of a payer, or ``(None, None)`` without history."""
    if not has_history(history):
        return None, None
    points = score(history)
    if history.legal_open:
        return LOWEST, points
    return grade(points), points

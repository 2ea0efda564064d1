"""The dunning ladder's arithmetic: which level a payer is due for. Plain functions, no DB.

A ladder is a list of ``Rung`` (sorted by level) with the days after the due date at which
each level applies (or its months in arrears), and whether it needs a manager's approval or
is a legal step. Indexes are positions in that list; ``-1`` means "not in the ladder yet".

Two ways to move (see README "Dunning ladder rules"):

- **A step** (``next_step``): a payer in the ladder moves one level when the ladder clock
  reaches the next level's day. The clock is the payer's days overdue minus the days their
  dunning was held (pauses: promise, hardship, dispute, exclusion) and minus an offset set
  when they were placed below their days (go-live at a chosen level, rejected approval) —
  so after a pause the payer continues where they were, with the ladder's normal spacing.
- **A catch-up** (``catch_up``): a payer entering the ladder for the first time, or coming
  back from a pause longer than the policy allows, is placed directly on the highest level
  their real days overdue call for; only that level's action goes out and the levels
  passed over are recorded as skipped. A catch-up never passes a level that needs approval
  or is legal: it stops on the level before and proposes the gated level to the manager.
"""

from collections import namedtuple
from datetime import timedelta

MONTH_DAYS = 30

Rung = namedtuple("Rung", "days min_months approval legal")
# index: the level of the action; placed: the level the payer stands on once the action is
# created (the level before a proposal waiting for approval); skipped: levels passed over.
Step = namedtuple("Step", "index placed skipped approval catch_up")


def gated(rung):
    return rung.approval or rung.legal


def reached(rung, days):
    """The rung's threshold is passed after ``days`` days overdue."""
    return days >= rung.days or bool(rung.min_months and days >= rung.min_months * MONTH_DAYS)


def next_step(rungs, eligible, current, days, letter_ok=True):
    """The one-level step due after ``days`` days on the ladder clock, or None.

    ``eligible[i]``: the amounts owed allow level ``i`` (its minimum amount);
    ``letter_ok``: a lawyer's letter was approved, delivered and its deadline passed (a legal
    level waits for it).
    """
    index = current + 1
    if index >= len(rungs) or not eligible[index] or not reached(rungs[index], days):
        return None
    rung = rungs[index]
    if rung.legal and not letter_ok:
        return None
    placed = current if rung.approval else index
    return Step(index, placed, (), rung.approval, False)


def catch_up(rungs, eligible, current, days, top=None, letter_ok=True):
    """Placement of a payer entering the ladder (``current`` = -1) or coming back from a long
    pause, after ``days`` real days overdue; None when no level above ``current`` applies.

    ``top``: no payer is placed above this level (go-live "start everyone at level …").
    """
    last = len(rungs) - 1 if top is None else min(top, len(rungs) - 1)
    candidates = [
        i for i in range(current + 1, last + 1) if eligible[i] and reached(rungs[i], days)
    ]
    if not candidates:
        return None
    target = max(candidates)
    gate = next((i for i in range(current + 1, target + 1) if gated(rungs[i])), None)
    if gate is None:
        skipped = tuple(range(current + 1, target))
        return Step(target, target, skipped, False, bool(skipped))
    if eligible[gate] and (letter_ok or not rungs[gate].legal):
        # the manager decides: the gated level waits for approval, the payer stands before it
        return Step(gate, gate - 1, tuple(range(current + 1, gate)), True, True)
    if gate - 1 > current:
        skipped = tuple(range(current + 1, gate - 1))
        return Step(gate - 1, gate - 1, skipped, False, bool(skipped))
    return None


def merge(intervals, start, end):
    """Union of inclusive date intervals ``(first, last)`` (``last`` None = still open),
    clipped to ``[start, end)``, as sorted disjoint inclusive intervals."""
    if start >= end:
        return []
    last_day = end - timedelta(days=1)
    clipped = sorted(
        (max(first, start), min(last or last_day, last_day))
        for first, last in intervals
        if first <= last_day and (last is None or last >= start)
    )
    merged = []
    for first, last in clipped:
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def held_days(intervals, start, end):
    """Days of ``[start, end)`` on which dunning was held by one of the intervals."""
    return sum((last - first).days + 1 for first, last in merge(intervals, start, end))


def longest_pause(intervals, start, end):
    """Length in days of the longest uninterrupted hold within ``[start, end)``."""
    return max(((last - first).days + 1 for first, last in merge(intervals, start, end)), default=0)


def contact_interval(attempts_per_week):
    """Days between two contact attempts so that every 7 consecutive days hold at least
    ``attempts_per_week`` of them (2 a week → every 3 days); None: no contact rule."""
    if not attempts_per_week or attempts_per_week <= 0:
        return None
    return max(1, 7 // attempts_per_week)


def next_contact(oldest_due, last_contact, attempts_per_week):
    """The day a payer overdue since ``oldest_due`` is due for the next contact attempt."""
    interval = contact_interval(attempts_per_week)
    if interval is None or not oldest_due:
        return None
    first = oldest_due + timedelta(days=1)
    if last_contact and last_contact + timedelta(days=interval) > first:
        return last_contact + timedelta(days=interval)
    return first

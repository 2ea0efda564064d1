"""Installment plan arithmetic (分期缴费): plain functions on whole fen, no database.

A plan spreads an agreed total over 3–12 instalments; the amounts add up exactly to the
total. Payments cover the instalments in their order; credits granted during the plan
(waivers, credit notes) lower what is left to pay, so they shorten the plan from its end.
An instalment still not covered ``grace_days`` after its due date is missed, and a missed
instalment breaks the plan.
"""

from decimal import ROUND_HALF_UP, Decimal

from .billing import add_months

MIN_COUNT = 3
MAX_COUNT = 12

# state of one instalment on a given day
PENDING = "pending"  # not due yet
LATE = "late"  # due, not covered, still within the grace days
KEPT = "kept"  # covered by the payments
MISSED = "missed"  # not covered ``grace_days`` after its due date


def split(total, count, first=None):
    """The amounts of ``count`` instalments adding up to ``total`` fen.

    Equal parts, rounded down to the fen, the remainder on the last instalment. With
    ``first`` (a down payment), the first instalment is ``first`` and the rest of the total
    is split evenly over the others. Every instalment is at least one fen.
    """
    if not MIN_COUNT <= count <= MAX_COUNT:
        raise ValueError(f"an installment plan has {MIN_COUNT} to {MAX_COUNT} instalments")
    if total < count:
        raise ValueError("every instalment must be at least 0.01")
    if first is None:
        part = total // count
        return [part] * (count - 1) + [total - part * (count - 1)]
    rest = total - first
    if first < 1 or rest < count - 1:
        raise ValueError("the first instalment leaves too little for the others")
    part = rest // (count - 1)
    return [first] + [part] * (count - 2) + [rest - part * (count - 2)]


def due_dates(first_due, count, months=1):
    """Due dates every ``months`` months from ``first_due`` (each counted from the first
    one, so 31 January gives 28/29 February, then 31 March)."""
    return [add_months(first_due, index * months) for index in range(count)]


def schedule(total, count, first_due, months=1, first=None):
    """``[(due_date, cents), ...]`` of a plan (see ``split`` and ``due_dates``)."""
    return list(zip(due_dates(first_due, count, months), split(total, count, first), strict=True))


def instalment_states(lines, paid, credited, today, grace_days):
    """The state of each instalment of ``lines`` (``[(due_date, cents), ...]``) on ``today``.

    ``paid``: payments received on the plan's items since it started (fen); ``credited``:
    credits granted on them since (fen). An instalment is kept when the payments reach the
    plan's amounts up to and including it, where credits lower the plan's total (from the
    end); it is missed when it is not kept more than ``grace_days`` days after it was due.
    """
    target = sum(cents for _due, cents in lines) - credited
    cumulative = 0
    states = []
    for due, cents in lines:
        cumulative += cents
        if paid >= min(cumulative, target):
            states.append(KEPT)
        elif (today - due).days > grace_days:
            states.append(MISSED)
        elif today > due:
            states.append(LATE)
        else:
            states.append(PENDING)
    return states


def plan_outcome(states):
    """``"done"`` when every instalment is kept, ``"broken"`` when one was missed, else
    ``"active"``."""
    if MISSED in states:
        return "broken"
    if all(state == KEPT for state in states):
        return "done"
    return "active"


def share(amounts, percent):
    """``percent`` % of ``amounts`` (fen): the share of their total, rounded half-up to
    the fen, spread over them in proportion (largest remainder); never more than each."""
    total = sum(amounts)
    part = int((Decimal(total) * Decimal(str(percent)) / 100).quantize(Decimal(1), ROUND_HALF_UP))
    part = max(0, min(part, total))
    if not total:
        return [0] * len(amounts)
    exact = [Decimal(part) * amount / total for amount in amounts]
    parts = [int(value) for value in exact]
    order = sorted(range(len(amounts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[: part - sum(parts)]:
        parts[index] += 1
    return parts

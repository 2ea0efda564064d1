"""Late fees (滞纳金/违约金) and limitation periods: plain functions, no database.

Late fees are simple interest on the overdue principal only — never on earlier late fees —
at a daily rate in percent, after grace days, day by day on what is still unpaid each day,
and capped at a share of the principal over the item's life (courts reduce excessive late
fees). Amounts are rounded to the fen half-up, once per accrual.
"""

from datetime import timedelta
from decimal import Decimal

from . import periods
from .billing import round_fen, to_decimal

LIMITATION_YEARS = 3  # 《民法典》第一百八十八条


def chargeable_days(due_date, grace_days, period_start, period_end):
    """Days of ``[period_start, period_end]`` after the due date and the grace days."""
    first = max(period_start, due_date + timedelta(days=grace_days + 1))
    return max((period_end - first).days + 1, 0)


def late_fee(principal, rate_percent, days):
    """Simple interest: principal × rate %/day × days, to the fen."""
    return round_fen(to_decimal(principal) * to_decimal(rate_percent) / 100 * days)


def cap(billed_principal, cap_percent):
    """Maximum total late fee of a bill line."""
    return round_fen(to_decimal(billed_principal) * to_decimal(cap_percent) / 100)


def accrue_daily(
    principal,
    settled,
    due_date,
    grace_days,
    period_start,
    period_end,
    rate_percent,
    room,
    paused=(),
):
    """Late fee of one ledger item for the days of ``[period_start, period_end]``.

    Each day after ``due_date`` + ``grace_days``, the principal still unpaid that day ×
    ``rate_percent`` %/day: money that reached the item on a day is no longer charged from
    that day on (paid on the 31st: charged up to the 30th). ``settled`` lists
    ``(date, amount)`` of what reached the item (payments, credit notes, waivers).
    ``paused`` lists ``(from, to)`` day ranges that accrue nothing (hardship, dispute).
    The sum is rounded to the fen once, and never exceeds ``room`` (the cap minus what was
    already charged) nor goes below zero. Amounts are yuan (Decimal, float or str).
    """
    first = max(period_start, due_date + timedelta(days=grace_days + 1))
    if first > period_end:
        return round_fen(0)
    principal = to_decimal(principal)
    settled = sorted((day, to_decimal(amount)) for day, amount in settled)
    paused = [(start, end) for start, end in paused if start <= period_end]

    def unpaid_on(day):
        if any(start <= day and (end is None or day <= end) for start, end in paused):
            return Decimal(0)
        return max(principal - sum(amount for when, amount in settled if when <= day), 0)

    cuts = {day for day, _amount in settled} | periods.boundaries(paused)
    total = sum(
        (
            unpaid * ((end - start).days + 1)
            for start, end, unpaid in periods.segments(first, period_end, cuts, unpaid_on)
        ),
        Decimal(0),
    )
    fee = round_fen(total * to_decimal(rate_percent) / 100)
    return max(min(fee, round_fen(room)), round_fen(0))

"""Late fees (滞纳金/违约金) and limitation periods: plain functions, no database.

Late fees are simple interest on the overdue principal only — never on earlier late fees —
at a daily rate in percent, after grace days, and capped at a share of the principal
(courts reduce excessive late fees). Amounts are rounded to the fen half-up.
"""

from datetime import timedelta

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


def accrue(
    unpaid_principal,
    billed_principal,
    due_date,
    period_start,
    period_end,
    rate_percent,
    grace_days,
    cap_percent,
    already_charged=0,
):
    """Late fee to charge for ``[period_start, period_end]``.

    Computed on the principal still unpaid, never beyond the cap minus what was already
    charged, never negative.
    """
    days = chargeable_days(due_date, grace_days, period_start, period_end)
    fee = late_fee(unpaid_principal, rate_percent, days)
    room = cap(billed_principal, cap_percent) - round_fen(already_charged)
    return max(min(fee, room), round_fen(0))

"""Rules of the manager reports, as plain functions (no ORM, no database).

The SQL of the report models (``report/``) follows the same definitions; the constants here
are the single place where bucket limits, the recovery window and the rates are defined.

- 收缴率 (collection rate) = collected ÷ receivable of the same service periods, in %;
  credit notes and waivers (减免) lower the receivable, write-offs (核销) stay in it as
  uncollected, late fees are not part of it.
- 清欠率 (arrears recovery rate) = prior arrears collected in the period ÷ (prior arrears at
  the start of the period − credit notes and waivers of those arrears in the period), in %.
- 欠费率 (arrears rate) = unpaid principal at the end of the month ÷ the receivable of the
  twelve service months ending with that month, in %.
- Reach rate = contacts that reached the payer ÷ contacts; kept rate = kept promises ÷
  promises already evaluated (kept or broken).
"""

from datetime import date

# Days overdue → bucket; each bucket holds the days up to its limit (None: no limit).
# ``not_due``: due today or later.
AGING_BUCKETS = (
    ("d0_30", 30),
    ("d31_90", 90),
    ("d91_180", 180),
    ("d181_365", 365),
    ("over_365", None),
)
NOT_DUE = "not_due"

# Contact outcomes that did not reach the payer (the others count as reached).
UNREACHED_OUTCOMES = ("c_unreachable", "wrong_number")

# Payments of a payer within this many days after a contact are "recovered after contact"
# (credited to the last contact before the payment; a company may set another window).
RECOVERY_WINDOW_DAYS = 30

# Defaults of a project's targets (SPEC §3.5: ≥ 95 % for high-end estates, arrears ≤ 5 %).
DEFAULT_COLLECTION_TARGET = 95.0
DEFAULT_ARREARS_TARGET = 5.0


def aging_bucket(days_overdue):
    """The aging bucket of an item ``days_overdue`` days past its due date (≤ 0: not due)."""
    if days_overdue <= 0:
        return NOT_DUE
    for bucket, limit in AGING_BUCKETS:
        if limit is None or days_overdue <= limit:
            return bucket
    raise AssertionError("the last bucket has no limit")


def rate(numerator, denominator):
    """``numerator ÷ denominator`` in %, rounded to 0.01; None when there is no base."""
    if not denominator or denominator <= 0:
        return None
    return round(100.0 * numerator / denominator, 2)


def collection_rate(collected, billed, reduced):
    """收缴率: collected ÷ (billed − credit notes and waivers)."""
    return rate(collected, billed - reduced)


def recovery_rate(prior_collected, arrears_at_start, prior_reduced):
    """清欠率: prior arrears collected ÷ (prior arrears at start − their reductions)."""
    return rate(prior_collected, arrears_at_start - prior_reduced)


def kept_rate(kept, broken):
    """Promises kept ÷ promises evaluated (pending ones are not counted)."""
    return rate(kept, kept + broken)


def month_start(day):
    return date(day.year, day.month, 1)


def add_months(day, months):
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def format_months(months):
    """Service months as a short text: consecutive months become a range.

    ``[2026-01, 2026-02, 2026-03, 2026-05]`` → ``"2026-01~2026-03, 2026-05"``.
    """
    firsts = sorted({month_start(m) for m in months})
    parts, start, previous = [], None, None
    for month in firsts:
        if start is None:
            start = previous = month
            continue
        if month == add_months(previous, 1):
            previous = month
            continue
        parts.append(_month_range(start, previous))
        start = previous = month
    if start is not None:
        parts.append(_month_range(start, previous))
    return ", ".join(parts)


def _month_range(first, last):
    if first == last:
        return f"{first:%Y-%m}"
    return f"{first:%Y-%m}~{last:%Y-%m}"

"""Day ranges: cutting a period where something changes. Plain functions, no database.

Both "who pays a unit" (occupancy) and "which rate applies" (fee standards) split a billed
period into consecutive pieces with one value each; they share this one algorithm.
"""

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def intersect(date_from, date_to, other_from, other_to):
    """Inclusive intersection of two ranges (``None`` = open end), or None."""
    start = max(date_from, other_from)
    end = min(date_to, other_to or date.max)
    return (start, end) if start <= end else None


def overlap(from1, to1, from2, to2):
    """True when two inclusive ranges (``None`` = open end) share at least one day."""
    return from1 <= (to2 or date.max) and from2 <= (to1 or date.max)


def boundaries(ranges):
    """Days on which something starts or ends: each range's start and the day after its end.

    ``ranges`` is an iterable of ``(date_from, date_to)`` with ``date_to`` inclusive or None.
    """
    days = set()
    for date_from, date_to in ranges:
        days.add(date_from)
        if date_to:
            days.add(date_to + ONE_DAY)
    return days


def segments(date_from, date_to, cuts, value_at):
    """Split ``[date_from, date_to]`` at ``cuts`` into ``(from, to, value)`` pieces.

    ``value_at(day)`` gives the value of the piece starting on ``day`` (it must be constant
    until the next cut); consecutive pieces with equal values are merged. Pieces whose value
    is None are kept, so the result always covers the whole period.
    """
    if date_to < date_from:
        raise ValueError("period end before start")
    inner = {day for day in cuts if date_from < day <= date_to}
    bounds = sorted(inner | {date_from, date_to + ONE_DAY})
    pieces = []
    for start, next_start in zip(bounds, bounds[1:], strict=False):
        value = value_at(start)
        end = next_start - ONE_DAY
        if pieces and pieces[-1][2] == value:
            pieces[-1] = (pieces[-1][0], end, value)
        else:
            pieces.append((start, end, value))
    return pieces

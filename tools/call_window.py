"""Call windows (催缴时段): when collectors may call or visit payers. Plain functions, no DB.

A policy writes its windows as text, for example the seeds' best calling times
(9:30 — 10:30 at weekends — to 12:00 and 15:00 to 21:00)::

    09:30-12:00, 15:00-21:00; Sat-Sun 10:30-12:00, 15:00-21:00

Groups are separated by ``;``. The first group without days applies to every day; a group that
starts with days replaces it on those days: ``Sat-Sun``, ``Mon,Wed``, ``weekend``,
``weekdays``, or Chinese ``周一-周五``, ``周末``, ``工作日``. ``Sun off`` (or ``周日 休息``)
means no calls that day. Times are ``HH:MM-HH:MM`` in local time.

No window may reach into the night (22:00 to 08:00): calling owners at night is harassment
(seed 003's 7:00–24:00 schedule for non-responders is deliberately not supported).

Errors are ``CallWindowError(code, **values)`` so the caller can word them in the user's
language; codes: ``empty``, ``syntax``, ``day``, ``time``, ``order``, ``overlap``, ``night``,
``no_window``.
"""

import re
from datetime import datetime, time, timedelta

NIGHT_END = 8 * 60  # 08:00: no call before
NIGHT_START = 22 * 60  # 22:00: no call from
DAYS = 7

_DAY_NAMES = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
for _i, _cn in enumerate("一二三四五六日"):
    _DAY_NAMES[f"周{_cn}"] = _i
    _DAY_NAMES[f"星期{_cn}"] = _i
_DAY_NAMES["周天"] = _DAY_NAMES["星期天"] = 6
_DAY_GROUPS = {
    "weekend": (5, 6),
    "weekends": (5, 6),
    "周末": (5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "工作日": (0, 1, 2, 3, 4),
}
_OFF = ("off", "休息", "不打")
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–~—至到]\s*(\d{1,2}):(\d{2})$")


class CallWindowError(ValueError):
    def __init__(self, code, **values):
        super().__init__(code, values)
        self.code = code
        self.values = values


def parse(text):
    """``text`` → windows: a tuple of 7 tuples (Monday first) of ``(start, end)`` minutes."""
    groups = [group.strip() for group in (text or "").replace("；", ";").split(";")]
    groups = [group for group in groups if group]
    if not groups:
        raise CallWindowError("empty")
    week = [None] * DAYS
    default = None
    for group in groups:
        days, ranges = _split_group(group)
        if days is None:
            if default is not None:
                raise CallWindowError("syntax", group=group)
            default = ranges
            continue
        for day in days:
            week[day] = ranges
    if default is None:
        default = ()
    windows = tuple(default if day is None else day for day in week)
    if not any(windows):
        raise CallWindowError("no_window")
    return windows


def _split_group(group):
    """``(days or None, ranges)`` of one group."""
    first_digit = re.search(r"\d", group)
    head = group[: first_digit.start()] if first_digit else group
    body = group[first_digit.start() :] if first_digit else ""
    head = head.strip().rstrip(":：").strip()
    off = False
    for word in _OFF:
        if head.lower().endswith(word):
            off = True
            head = head[: -len(word)].strip().rstrip(":：").strip()
    if off and body:
        raise CallWindowError("syntax", group=group)
    days = _parse_days(head, group) if head else None
    if off:
        if days is None:
            raise CallWindowError("syntax", group=group)
        return days, ()
    if not body:
        raise CallWindowError("syntax", group=group)
    return days, _parse_ranges(body)


def _parse_days(head, group):
    days = []
    for part in re.split(r"[,，、\s]+", head):
        if not part:
            continue
        key = part.lower()
        if key in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[key])
            continue
        ends = re.split(r"[-–~—至到]", key)
        if len(ends) == 2 and all(end in _DAY_NAMES for end in ends):
            start, stop = (_DAY_NAMES[end] for end in ends)
            day = start
            while True:
                days.append(day)
                if day == stop:
                    break
                day = (day + 1) % DAYS
            continue
        if key not in _DAY_NAMES:
            raise CallWindowError("day", day=part, group=group)
        days.append(_DAY_NAMES[key])
    return tuple(sorted(set(days)))


def _parse_ranges(body):
    ranges = []
    for part in re.split(r"[,，、]+", body):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.match(part)
        if not match:
            raise CallWindowError("syntax", group=part)
        h1, m1, h2, m2 = (int(value) for value in match.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59 or (h1 == 24 and m1) or (h2 == 24 and m2):
            raise CallWindowError("time", window=part)
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start >= end:
            raise CallWindowError("order", window=part)
        if start < NIGHT_END or end > NIGHT_START:
            raise CallWindowError("night", window=part)
        ranges.append((start, end))
    ranges.sort()
    for (_s1, e1), (s2, _e2) in zip(ranges, ranges[1:], strict=False):
        if s2 < e1:
            raise CallWindowError("overlap", window=body.strip())
    return tuple(ranges)


def hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def describe(windows, weekday):
    """``"09:30–12:00, 15:00–21:00"`` for one weekday (empty when no calls that day)."""
    return ", ".join(f"{hhmm(start)}–{hhmm(end)}" for start, end in windows[weekday])


def classify(windows, moment):
    """``"window"``, ``"outside"`` (daytime, outside the windows) or ``"night"`` for a naive
    local datetime."""
    minute = moment.hour * 60 + moment.minute
    if any(start <= minute < end for start, end in windows[moment.weekday()]):
        return "window"
    if minute < NIGHT_END or minute >= NIGHT_START:
        return "night"
    return "outside"


def next_slot(windows, moment):
    """The earliest naive local datetime at or after ``moment`` inside a window."""
    day = moment.date()
    minute = moment.hour * 60 + moment.minute
    for offset in range(DAYS + 1):
        current = day + timedelta(days=offset)
        for start, end in windows[current.weekday()]:
            if offset == 0 and minute >= end:
                continue
            begin = max(start, minute) if offset == 0 else start
            return datetime.combine(current, time()) + timedelta(minutes=begin)
    raise CallWindowError("no_window")


def call_day(windows, day):
    """The first date on or after ``day`` with a call window (the next working day of the
    collectors)."""
    for offset in range(DAYS):
        current = day + timedelta(days=offset)
        if windows[current.weekday()]:
            return current
    raise CallWindowError("no_window")


def first_slot(windows, day):
    """The first slot on the first call day on or after ``day``."""
    return next_slot(windows, datetime.combine(call_day(windows, day), time()))

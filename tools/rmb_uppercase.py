"""人民币大写金额: an amount in yuan written in Chinese financial numerals, as on receipts.

Pure function, no database. Rules of 《会计基础工作规范》: 壹贰叁…玖 with 拾佰仟, 万 and 亿
groups; one 零 for any run of zeros inside the number; 整 after 元 when there are no 角 and
分; 零 between 元 and 分 when there are no 角.
"""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
GROUP_UNITS = ("", "万", "亿")


def _group(number):
    """0 < number < 10000, with inner zeros (1010 → 壹仟零壹拾)."""
    text, zero = "", False
    for position in (3, 2, 1, 0):
        digit = number // 10**position % 10
        if not digit:
            zero = bool(text)
            continue
        if zero:
            text += DIGITS[0]
            zero = False
        text += DIGITS[digit] + SMALL_UNITS[position]
    return text


def integer_uppercase(number):
    """A non-negative integer below 10^12 in financial numerals (0 → 零)."""
    if number < 0 or number >= 10**12:
        raise ValueError(f"{number} is out of range for an uppercase amount")
    if not number:
        return DIGITS[0]
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    text, gap = "", False
    for index in reversed(range(len(groups))):
        value = groups[index]
        if not value:
            gap = bool(text)
            continue
        if text and (gap or value < 1000):
            text += DIGITS[0]
        text += _group(value) + GROUP_UNITS[index]
        gap = False
    return text


def rmb_uppercase(amount):
    """``amount`` (yuan, any number type) → e.g. 壹仟贰佰叁拾肆元伍角陆分, 壹佰元整, 负伍角."""
    cents = int(Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    sign, cents = ("负", -cents) if cents < 0 else ("", cents)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = integer_uppercase(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return sign + (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif yuan:
        text += DIGITS[0]
    if fen:
        text += DIGITS[fen] + "分"
    return sign + text

"""人民币大写: an amount in Chinese capital numerals, as written on receipts and notices.

Follows the rules of the People's Bank of China for bills and vouchers (《支付结算办法》 附件
《正确填写票据和结算凭证的基本规定》):

* digits 零壹贰叁肆伍陆柒捌玖, places 拾佰仟, groups 万 and 亿, money 元角分;
* a zero between non-zero digits is written 零, several zeros in a row only once
  (6,007.14 → 陆仟零柒元壹角肆分; 10,005.07 → 壹万零伍元零柒分);
* zeros at the end of a group or of the yuan are not written (1,680.32 → 壹仟陆佰捌拾元叁角贰分,
  the allowed short form);
* 零 after 元 when the jiao is zero and the fen is not (325.04 → 叁佰贰拾伍元零肆分);
* 整 after 元 or 角 when there is no fen (1,010.00 → 壹仟零壹拾元整, 0.50 → 伍角整);
* the 壹 of 壹拾 is always written (10.00 → 壹拾元整);
* amounts below one yuan start with the jiao or fen (0.05 → 伍分); zero is 零元整;
  a negative amount (a refund) starts with 负.

Amounts are rounded half-up to the fen first.
"""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def _group(number):
    """A group of up to four digits (1..9999), without leading zero handling."""
    text, zero = "", False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit:
            if zero and text:
                text += DIGITS[0]
            text += DIGITS[digit] + PLACES[position]
            zero = False
        else:
            zero = True
    return text


def _yuan(number):
    """The integer part (> 0) in capitals, without 元."""
    groups = []
    while number:
        groups.append(number % 10000)
        number //= 10000
    if len(groups) > len(GROUPS):
        raise ValueError("amount too large")
    text, zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if not value:
            zero = bool(text)
            continue
        if text and (zero or value < 1000):
            text += DIGITS[0]
        text += _group(value) + GROUPS[index]
        zero = False
    return text


def amount_to_chinese(amount):
    """``Decimal``/float/str/int amount → 人民币大写 text (without the 人民币 prefix)."""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    fen_total = int(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    sign = "负" if fen_total < 0 else ""
    fen_total = abs(fen_total)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)
    if not fen_total:
        return "零元整"
    text = ""
    if yuan:
        text = _yuan(yuan) + "元"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and yuan:
        text += DIGITS[0]
    if fen:
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return sign + text

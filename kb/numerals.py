"""Chinese numerals as used in article labels (第一百二十三条) and back."""

from functools import lru_cache

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)

# Full-width digits are common in text typed on phones and in Word documents.
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def to_halfwidth_digits(text):
    return text.translate(_FULLWIDTH)


def parse_number(text):
    """Return the int for '十五', '一百零三', '15' or '１５'; None if it is not a number."""
    text = to_halfwidth_digits(text.strip())
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text) and len(text) > 1:
        # Digit-by-digit form such as 二〇二一 (years).
        return int("".join(str(DIGITS[ch]) for ch in text))
    return _parse_positional(text)


def _parse_positional(text):
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row, e.g. 一二十
            digit = DIGITS[ch] or None
        else:
            unit = UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
                continue
            section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


@lru_cache(maxsize=4096)     # labels are made for the same few hundred numbers all the time
def to_chinese(number):
    """Return the label form: 1 → 一, 10 → 十, 15 → 十五, 103 → 一百零三."""
    if number < 0:
        raise ValueError(number)
    if number == 0:
        return "零"
    names = "零一二三四五六七八九"
    parts, zero_pending = [], False
    for unit_value, unit_name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit_value)
        if digit >= 10:
            parts.append(to_chinese(digit) + unit_name)
            continue
        if digit:
            if zero_pending:
                parts.append("零")
            parts.append(names[digit] + unit_name)
            zero_pending = False
        elif parts:
            zero_pending = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text

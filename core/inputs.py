"""What numbers and text from outside (a form, a JSON body, a query string) may be.

One rule for the web UI and the API: an amount or a quantity is a *plain decimal*
(``1234.56``: ASCII digits, an optional leading minus, at most one point, no more places than the
field keeps); a web form first reads what its reader typed in their locale as that plain decimal
(:func:`typed_decimal`: ``1 234,56`` in French). Text holds no character a database or an e-mail
header cannot carry (NUL, lone surrogates, control characters; tab and line breaks only in
multi-line text).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
#: the control characters multi-line text may hold (a form's textarea posts CRLF)
MULTILINE_ALLOWED = frozenset("\t\n\r")


class NotPlainDecimal(ValueError):
    """``reason``: ``invalid`` (not written like 1234.56), ``places`` (too many decimal places),
    ``too_large`` (more digits than any amount has)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def plain_decimal(value, places: int, max_digits: int = 24) -> Decimal:
    """``value`` as a ``Decimal`` of ``places`` places, or :class:`NotPlainDecimal`.

    Accepted: a string such as ``"12"``, ``"-5.50"`` or ``" 1.00 "``; a ``Decimal``, an ``int`` or a
    finite ``float`` (a JSON number) read through its shortest decimal text, with the same rules
    (``0.1 + 0.2`` has 17 places: refused, never rounded). Refused: ``1_000``, ``١٢``, ``１２``,
    ``1E2``, ``1e-400``, ``NaN``, ``Infinity``, ``-0``, ``+1``, ``.5``, ``1.``, ``True``.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise NotPlainDecimal("invalid")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotPlainDecimal("invalid")
        text = format(value, "f")
    elif isinstance(value, float):
        text = repr(value)  # "inf", "nan", "1e+16": not plain
    else:
        text = str(value).strip()
    if not PLAIN_DECIMAL.fullmatch(text):
        raise NotPlainDecimal("invalid")
    whole = text.lstrip("-").split(".")[0].lstrip("0")
    if len(whole) > max_digits:
        raise NotPlainDecimal("too_large")
    number = Decimal(text)
    if number == 0 and text.startswith("-"):  # "-0", "-0.00": a sign on nothing
        raise NotPlainDecimal("invalid")
    step = Decimal(1).scaleb(-places)
    try:
        rounded = number.quantize(step)
    except InvalidOperation:
        raise NotPlainDecimal("too_large") from None
    if rounded != number:  # "1.005" with 2 places: never rounded silently
        raise NotPlainDecimal("places")
    return rounded


#: what stands between thousands where a locale groups them with a space: a space, a no-break
#: space, a narrow no-break space (what Babel writes in French)
SPACES = frozenset(" \u00a0\u202f")


@functools.lru_cache(maxsize=64)
def number_symbols(locale) -> tuple[str, str, str]:
    """A locale's decimal symbol, group symbol and minus sign, as Babel has them (CLDR):
    ``(",", "\u202f", "-")`` in ``fr_FR``, ``(".", ",", "-")`` in ``en_US``."""
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
    name = str(locale)
    return get_decimal_symbol(name), get_group_symbol(name), get_minus_sign_symbol(name)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _whole(text: str, groups: frozenset) -> str | None:
    """The digits of a whole part written plainly (``1234``) or grouped by thousands with one of
    ``groups`` (``1 234``, ``12 345 678``); ``None`` for anything else (``12 34``, ``1 2345``)."""
    if _digits(text):
        return text
    parts = re.split("|".join(map(re.escape, sorted(groups))), text) if groups else [text]
    if len(parts) < 2 or not all(_digits(p) for p in parts):
        return None
    if not 1 <= len(parts[0]) <= 3 or any(len(p) != 3 for p in parts[1:]):
        return None
    return "".join(parts)


def typed_decimal(text: str, locale) -> str:
    """A number as a reader of ``locale`` types it in a form -> the plain decimal the schemas read
    (``"1234.56"``); :class:`NotPlainDecimal` (``invalid``) when it cannot be read for sure.

    Read: an optional minus (``-`` or the locale's sign), the whole part plainly or grouped by
    thousands with the locale's group symbol (in a locale grouping with a space, any of
    :data:`SPACES`), then the locale's decimal symbol and at least one digit: ``1 234,56`` or
    ``1234,56`` in French, ``1,234.56`` or ``1234.56`` in English. Where the locale neither
    groups nor separates decimals with a dot (French), a dot is read as the decimal point when it
    cannot be a thousands separator: a lone dot in plain digits, unless 1 to 3 digits (not
    starting with 0) come before it and exactly 3 after it: ``1234.56``, ``12.5``, ``0.125`` are
    read, ``1.234`` and ``12.345`` are refused as ambiguous. Refused as well: a second decimal
    symbol or a dot beside a comma (``1.234,5.6``, ``1,2.3``), groups of other than 3 digits
    (``12,34,5``), a sign on zero or a plus, other digits than ASCII, exponents, ``NaN``.
    What the field then allows (places, range) is the schema's to say."""
    decimal, group, minus = number_symbols(locale)
    groups = frozenset(SPACES | {group}) if group in SPACES or group.isspace() else frozenset({group})
    text = str(text).strip()
    sign = ""
    if text[:1] in ("-", minus):
        sign, text = "-", text[1:]
    whole, point, fraction = text.partition(decimal)
    if not point and "." in text and "." not in (decimal, group):  # a dot where the locale has none
        whole, point, fraction = text.partition(".")
        if _digits(whole) and len(fraction) == 3 and len(whole) <= 3 and not whole.startswith("0"):
            raise NotPlainDecimal("invalid")  # 1.234: one thousand two hundred and thirty-four, or not?
        groups = frozenset()
    if point and not _digits(fraction):
        raise NotPlainDecimal("invalid")
    digits = _whole(whole, groups)
    if digits is None or (sign and not (digits + fraction).strip("0")):
        raise NotPlainDecimal("invalid")
    return sign + digits + ("." + fraction if point else "")


def unstorable_message() -> str:
    """The message beside a field holding such characters (in the user's language)."""
    from flask_babel import gettext as _
    return _("Contains characters that cannot be stored.")


def unstorable(value: str, multiline: bool = False) -> bool:
    """Whether ``value`` holds a character no text field may store: NUL and other control
    characters (tab and line breaks are allowed in multi-line text), lone surrogates (which no
    UTF-8 database or answer can encode), or the line and paragraph separators in one-line text."""
    for char in value:
        if multiline and char in MULTILINE_ALLOWED:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or (not multiline and category in ("Zl", "Zp")):
            return True
    return False

"""What numbers and text from outside (a form, a JSON body, a query string) may be.

One rule for the web UI and the API: an amount or a quantity is a *plain decimal*
(``1234.56``: ASCII digits, an optional leading minus, at most one point, no more places than the
field keeps); text holds no character a database or an e-mail header cannot carry (NUL, lone
surrogates, control characters; tab and line breaks only in multi-line text).
"""
from __future__ import annotations

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

"""Numbers in the web UI's forms, in the reader's locale (issue 11): what a reader types is read
as the plain decimal the schemas take (``1 234,56`` -> ``"1234.56"``: :func:`core.inputs.typed_decimal`),
what a form shows is written back the reader's way without grouping (``1234,56``, so that sending
it again reads the same), and the figures a form computes (a document's line amounts and totals)
are shown as Babel formats them (``1 234,56``). The JSON API never comes here: it keeps ``"1234.56"``."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from flask_babel import get_locale, gettext as _

from ..inputs import PLAIN_DECIMAL, NotPlainDecimal, number_symbols, typed_decimal

#: each kind of number a form takes: what a message beside the field gives as an example
EXAMPLES = {"amount": Decimal("1234.56"), "percentage": Decimal("5.5"), "decimal": Decimal("2.5")}


def reader_locale() -> str:
    """The locale the page is read in (core.i18n: the user's language, else the organisation's)."""
    return str(get_locale() or "en_US")


def symbols() -> dict[str, str]:
    """The reader's decimal symbol, group symbol and minus sign, for a page's script (``data-*``)."""
    decimal, group, minus = number_symbols(reader_locale())
    return {"decimal": decimal, "group": group, "minus": minus}


def unreadable_message(kind: str, places: int | None = None) -> str:
    """What to type, in the reader's language and format: "Enter an amount like 1,234.56."
    (``1 234,56`` in French); an amount's example has the currency's places (``places``)."""
    example = EXAMPLES.get(kind, EXAMPLES["decimal"])
    if kind == "amount" and places is not None:
        example = example.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN")
    shown = format_decimal(example, locale=reader_locale())
    if kind == "amount":
        return _("Enter an amount like %(example)s.", example=shown)
    if kind == "percentage":
        return _("Enter a percentage like %(example)s.", example=shown)
    return _("Enter a number like %(example)s.", example=shown)


def read_typed(text: str) -> str | None:
    """``text`` as typed by the reader -> the plain decimal, or ``None`` when it cannot be read."""
    try:
        return typed_decimal(text, reader_locale())
    except NotPlainDecimal:
        return None


def trimmed(text: str) -> str:
    """``"2.500"`` -> ``"2.5"``: quantities and percentages without trailing zeros (PostgreSQL gives
    the column's places, SQLite the value's)."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_typed(value, trim: bool = False) -> str:
    """A number (a ``Decimal``, or a plain decimal's text as a schema's default) as the reader
    types it, without grouping: ``Decimal("1234.50")`` -> ``1234,50`` in French (``trim``: without
    trailing zeros, ``5,5`` for ``5.500``); anything else as is."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    if not PLAIN_DECIMAL.fullmatch(text):
        return text
    if trim:
        text = trimmed(text)
    return text.replace(".", number_symbols(reader_locale())[0])  # the minus stays "-", which every reader types


def shown(text: str) -> str:
    """A figure the form computed (a plain decimal's text, ``"-1234.50"``) as the reader reads it,
    grouped by thousands, with its places: ``-1 234,50`` in French, ``-1,234.50`` in English (Babel
    with the pattern ``#,##0.00``; documents.js writes the same); ``""`` stays ``""``."""
    if not text:
        return ""
    places = len(text.partition(".")[2])
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(Decimal(text), format=pattern, locale=reader_locale())

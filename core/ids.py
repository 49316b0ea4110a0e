"""Record ids as they come from outside (a URL, a query string, a form, a JSON body): one parser.

An id is a whole number from 1 to 2**63 - 1 written in ASCII digits: what a BIGINT column (and
SQLite's INTEGER) can hold. Anything else names no record: a URL with such an id is a 404, a filter
or a field with one is refused beside it.
"""
from __future__ import annotations

from werkzeug.routing import BaseConverter

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """``value`` as a record id, or ``None`` when it cannot be one (``"abc"``, ``"²"``, ``"0"``,
    ``"9223372036854775808"``, ``True``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 19:
            return None
        number = int(text)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


class IdConverter(BaseConverter):
    """``<id:record_id>`` in a route: ASCII digits. A number no row can have (``0``, beyond
    2**63 - 1) reaches the view as ``0``, so its lookup finds nothing and it answers its own 404
    (the API's in JSON). Refusing it here instead would make Werkzeug answer 405 wherever another
    method's rule shares the path (``DELETE /api/v1/accounts/<huge>``)."""

    regex = r"[0-9]+"
    part_isolating = True
    weight = 50

    def to_python(self, value: str) -> int:
        return parse_id(value) or 0

    def to_url(self, value) -> str:
        return str(int(value))


class ReportKeyConverter(BaseConverter):
    """``<report:key>`` in a route: a report's key, dotted (``books.sales_by_customer``,
    ``custom.12``), so it is never taken for a module name or a record id."""

    regex = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"
    part_isolating = True

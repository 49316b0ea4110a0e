"""A report's result as JSON (the API, the web pages' data, dashboards) and as CSV rows: amounts
as decimal strings, days in ISO 8601, a reference as ``{"id", "title"}`` (its title in CSV)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal


def plain_cell(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def result_json(result) -> dict:
    """``{"columns": [{"key", "label", "kind", "module"}], "rows": [[...]]}``."""
    return {"columns": [{"key": c.key, "label": str(c.label), "kind": c.kind, "module": c.target or None}
                        for c in result.columns],
            "rows": [[plain_cell(v) for v in row] for row in result.rows]}


def csv_cell(value) -> str:
    """A cell as CSV text: a reference by its title; text that a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@`` first) is prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("title", "")
    if isinstance(value, (Decimal, int, dt.date)):
        return plain_cell(value) if not isinstance(value, int) else str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

"""Taxes of order lines as Zoho documents them: sales-order and purchase-order lines take a
``tax_id`` (no ``tax_percentage``, which Zoho ignores there), so the ``zoho`` connector names the
organisation's tax of each line's percentage (taxes.yml: ``GET /settings/taxes``, every page;
``POST /settings/taxes`` "Tax 20%" when none matches). The ids are cached per organisation (and
API) for the life of the process: Zoho does not change a tax's id; a write refused for its tax
forgets them, so the next try looks again (a tax deleted in Zoho). docs/sync.md "Taxes".
"""
from __future__ import annotations

import threading
from decimal import Decimal, InvalidOperation

from .base import RejectedError

#: doc types whose lines take ``tax_id`` and not ``tax_percentage`` (sales-order.yml, purchase-order.yml)
TAX_ID_LINES = ("salesorders", "purchaseorders")
#: what a tax must be to stand for a line's percentage: a simple tax (not a compound one)
SIMPLE = ("tax", None, "")

_lock = threading.Lock()
#: (API base URL, organisation) -> {percentage as a plain number: tax_id}, and its lock
_known: dict[tuple, dict[str, str]] = {}
_locks: dict[tuple, threading.Lock] = {}


def plain(value) -> str:
    """A percentage as one text for equal numbers (``"20"`` for 20, 20.0, "20.00")."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise RejectedError(f"Invalid tax percentage {value!r}") from None
    if not number.is_finite():
        raise RejectedError(f"Invalid tax percentage {value!r}")
    text = format(number.normalize(), "f")
    return text if text != "-0" else "0"


def _key(http) -> tuple:
    return (http.base_url, http.org_id)


def _listed(http) -> dict[str, str]:
    """The organisation's simple taxes by percentage (the first listed of each), every page."""
    found: dict[str, str] = {}
    for tax in http.pages("/settings/taxes", "taxes"):
        if tax.get("tax_type") in SIMPLE and tax.get("tax_percentage") not in (None, "") and tax.get("tax_id"):
            found.setdefault(plain(tax["tax_percentage"]), str(tax["tax_id"]))
    return found


def _created(http, percentage: str) -> str:
    body = http.request("POST", "/settings/taxes", json={"tax_name": f"Tax {percentage}%",
                                                         "tax_percentage": percentage, "tax_type": "tax"})
    tax = body.get("tax")
    if isinstance(tax, list):  # taxes.yml types the answer's "tax" as a list of one
        tax = tax[0] if tax else None
    if not isinstance(tax, dict) or not tax.get("tax_id"):
        raise RejectedError(f"Zoho answered without the tax: {body.get('message')}")
    return str(tax["tax_id"])


def tax_ids(http, percentages) -> dict[str, str]:
    """``{percentage: tax_id}`` for these percentages: from the cache; the missing ones from one
    listing of the organisation's taxes, then created. One lookup at a time per process."""
    wanted = list(dict.fromkeys(plain(p) for p in percentages))
    key = _key(http)
    with _lock:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        with _lock:
            known = dict(_known.get(key, {}))
        if any(p not in known for p in wanted):
            known = {**_listed(http), **known}
            for percentage in wanted:
                if percentage not in known:
                    known[percentage] = _created(http, percentage)
            with _lock:
                _known[key] = known
        return {p: known[p] for p in wanted}


def forget(http) -> None:
    """Drop the organisation's cached ids (a write was refused for its tax)."""
    with _lock:
        _known.pop(_key(http), None)


def with_tax_ids(http, body: dict) -> dict:
    """An order's body with each line's ``tax_percentage`` replaced by the ``tax_id`` of that
    tax (a line without one is untaxed: the 0 % tax, so an item's own tax does not apply)."""
    lines = body.get("line_items")
    if not isinstance(lines, list) or not lines:
        return body
    rates = [plain(line.get("tax_percentage") or 0) if isinstance(line, dict) else None for line in lines]
    ids = tax_ids(http, [r for r in rates if r is not None])
    out = []
    for line, rate in zip(lines, rates):
        if isinstance(line, dict):
            line = {k: v for k, v in line.items() if k != "tax_percentage"}
            line["tax_id"] = ids[rate]
        out.append(line)
    return {**body, "line_items": out}

"""The ``zoho`` connector's pull: ``list_changed(doc_type, since)`` with only the list parameters
Zoho documents (Books v3's published documents; docs/sync.md "The pull through Zoho").

Per list, the narrowest documented way:

- **filter**: invoices, sales orders and purchase orders document ``last_modified_time``
  ("modified after a specific time"): the filtered list is read page by page, every page.
- **sorted**: contacts document ``sort_column=last_modified_time`` (no ``sort_order``): when the
  answer's ``page_context`` says the list is sorted by it newest first (``sort_order: D``), the
  pages are read until one holds a record modified before ``since``; sorted otherwise (or not
  said), every page is read.
- **full**: every other list (items, estimates, packages; Expense v1's and Billing v1's, with no
  published documents here): every page is read.

Whatever the list gave, the records modified at or after ``since`` are kept (an entry without
``last_modified_time`` is kept: nothing tells it did not change), once each, and returned oldest
first (the order ``FinanceService.list_changed`` promises). The filter's time is sent to the
second, one second early ("after" is strict, and the documented format has no fractions).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterator

from .base import utc_time
from .zoho_api import ACTIVE_ONLY

#: path -> the ``last_modified_time`` format its document gives ("2023-11-18T02:02:51-0800";
#: purchase orders: ISO 8601 "YYYY-MM-DDTHH:MM:SS+/-HH:MM"; sales orders give none)
MODIFIED_FILTER = {"/invoices": "%Y-%m-%dT%H:%M:%S+0000", "/salesorders": "%Y-%m-%dT%H:%M:%S+0000",
                   "/purchaseorders": "%Y-%m-%dT%H:%M:%S+00:00"}
#: paths whose list documents ``sort_column=last_modified_time`` (sales orders use the filter)
SORT_BY_MODIFIED = ("/contacts",)
#: the apps whose lists follow Books v3's documents (Invoice v3 and Inventory v1 serve the same
#: resources; Expense v1 and Billing v1 have no published documents here)
DOCUMENTED_APPS = ("books", "invoice", "inventory")


def strategy(app: str, path: str) -> str:
    """``"filter"``, ``"sorted"`` or ``"full"`` (module doc)."""
    if app not in DOCUMENTED_APPS:
        return "full"
    if path in MODIFIED_FILTER:
        return "filter"
    return "sorted" if path in SORT_BY_MODIFIED else "full"


def params_for(app: str, path: str, since: dt.datetime | None) -> dict:
    """The documented list parameters of a pull of ``path`` since ``since``."""
    # lists that hold active records only unless asked for all (a record made inactive changed)
    params = {"filter_by": "Status.All"} if path.lstrip("/") in ACTIVE_ONLY and app in DOCUMENTED_APPS else {}
    if since is None:
        return params
    how = strategy(app, path)
    if how == "filter":
        early = since.replace(microsecond=0) - dt.timedelta(seconds=1)
        params["last_modified_time"] = early.strftime(MODIFIED_FILTER[path])
    elif how == "sorted":
        params["sort_column"] = "last_modified_time"
    return params


def changed(http, app: str, path: str, key: str, id_field: str, since) -> Iterator[dict]:
    """The raw records of ``path`` modified at or after ``since`` (all when ``None``), oldest
    first, each once."""
    since = utc_time(since)
    params = params_for(app, path, since)
    kept: dict[str, dict] = {}
    page = 1
    while True:
        body = http.request("GET", path, {**params, "page": page, "per_page": http.per_page})
        context = body.get("page_context") or {}
        if isinstance(context, list):  # some documents type page_context as a list of one
            context = context[0] if context and isinstance(context[0], dict) else {}
        older = False
        for raw in body.get(key) or []:
            modified = utc_time(raw.get("last_modified_time"))
            if since is not None and modified is not None and modified < since:
                older = True
                continue
            finance_id = str(raw.get(id_field) or raw.get("id"))
            previous = kept.get(finance_id)
            if previous is None or (utc_time(previous.get("last_modified_time")) or dt.datetime.min) <= (
                    modified or dt.datetime.min):
                kept[finance_id] = raw  # a record seen twice (moved between pages): its newest
        newest_first = (context.get("sort_column") == "last_modified_time"
                        and str(context.get("sort_order", "")).upper() == "D")
        if not context.get("has_more_page") or (older and newest_first and "sort_column" in params):
            break
        page += 1
    yield from sorted(kept.values(), key=lambda raw: (utc_time(raw.get("last_modified_time")) or dt.datetime.min,
                                                       _number(raw.get(id_field) or raw.get("id"))))


def _number(value) -> tuple:
    text = str(value)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)

"""The ``zoho`` connector: ``FinanceService`` over the HTTP APIs of Zoho Books v3, Invoice v3,
Expense v1, Inventory v1 and Billing v1 (transport: ``core/finance/zoho_http.py``; record
shapes, statuses and actions: docs/sync.md; the local stand-in: docs/finance-serve.md).

Mapping:
- Records come back with ``id`` (the string value of Zoho's ``<thing>_id``), ``number`` (the
  document number: ``invoice_number``, ``estimate_number`` ...), ``crm_id`` and amounts as
  decimal strings (Zoho's JSON numbers are read as ``Decimal``, never ``float``).
- Billing keeps customers at ``/customers`` with ``display_name``: sent and read back as
  ``contact_name``.
- ``action()`` uses the status endpoints (``/invoices/{id}/status/sent`` ...), Expense's
  ``/expensereports/{id}/submit|approve|reject|reimburse`` and Billing's
  ``/subscriptions/{id}/cancel?cancel_at_end=`` / ``/reactivate``. Zoho has no endpoint that
  closes a sales order or a purchase order: ``mark_closed`` raises ``UnsupportedAction`` and
  the CRM keeps that status on its side. ``convert_to_open`` and ``reopen`` are both
  ``/status/open`` (Zoho decides by the current status).
- The CRM id (``crm_id``, e.g. ``"accounts:42"``): finance-serve stores it natively and filters
  lists by ``crm_id=`` (its extension). **Assumption for real Zoho**: the organisation has a
  custom field with API name ``cf_finsuite_crm_id`` on each synced module; the connector sends
  it in ``custom_fields`` and searches with the list endpoints' ``cf_finsuite_crm_id=`` filter
  (as Zoho lists accept ``cf_*`` filters). Setting ``crm_id_field`` chooses: ``"crm_id"``
  (default when ``api_base`` is not a ``zohoapis`` host) or ``"cf_finsuite_crm_id"``.
- ``list_changed(since)``: ``sort_column=last_modified_time`` (ascending) and
  ``last_modified_time=<since, ISO 8601 UTC>``, page by page (``page``/``per_page``).
- ``list_ids()`` pages through the list endpoint (``filter_by=Status.All`` for contacts and
  items, whose lists default to active ones) and keeps the ids.
- ``delete()`` is ``DELETE /<path>/{id}`` (Zoho answers ``{code: 0, message}``; a record
  already gone is a 404 with code 1002, ``NotFoundError``).
- A create refused because the ``crm_id`` already exists (finance-serve code 1001) returns the
  existing record: a repeated create never fails nor duplicates.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator

from .base import NotFoundError, RejectedError, UnsupportedAction
from .zoho_http import ZohoHTTP

CRM_FIELD = "cf_finsuite_crm_id"
DUPLICATE_CODE = 1001

# doc_type -> (path, list key, record key, id field, number field)
_RESOURCES = {
    "contacts": ("/contacts", "contacts", "contact", "contact_id", None),
    "customers": ("/customers", "customers", "customer", "customer_id", None),
    "items": ("/items", "items", "item", "item_id", None),
    "invoices": ("/invoices", "invoices", "invoice", "invoice_id", "invoice_number"),
    "estimates": ("/estimates", "estimates", "estimate", "estimate_id", "estimate_number"),
    "salesorders": ("/salesorders", "salesorders", "salesorder", "salesorder_id",
                    "salesorder_number"),
    "purchaseorders": ("/purchaseorders", "purchaseorders", "purchaseorder", "purchaseorder_id",
                       "purchaseorder_number"),
    "payments": ("/customerpayments", "customerpayments", "payment", "payment_id",
                 "payment_number"),
    "expenses": ("/expenses", "expenses", "expense", "expense_id", None),
    "expense_reports": ("/expensereports", "expense_reports", "expense_report", "report_id",
                        "report_number"),
    "packages": ("/packages", "packages", "package", "package_id", "package_number"),
    "subscriptions": ("/subscriptions", "subscriptions", "subscription", "subscription_id",
                      "subscription_number"),
}
#: app -> the doc_types it serves (as docs/finance-serve.md; Billing's contacts are customers)
APP_DOC_TYPES = {
    "books": ("contacts", "items", "invoices", "estimates", "salesorders", "purchaseorders",
              "payments"),
    "invoice": ("contacts", "items", "invoices", "estimates", "payments"),
    "expense": ("expenses", "expense_reports"),
    "inventory": ("contacts", "items", "salesorders", "purchaseorders", "packages"),
    "subscriptions": ("contacts", "subscriptions", "invoices"),
}
READ_ONLY = ("payments", "packages")

_OPEN = "/status/open"
#: doc_type -> action -> (path after /<id>, query parameters); None: no Zoho endpoint
ACTIONS = {
    "invoices": {"mark_sent": ("/status/sent", None), "mark_void": ("/status/void", None)},
    "estimates": {"mark_sent": ("/status/sent", None), "mark_accepted": ("/status/accepted", None),
                  "mark_declined": ("/status/declined", None)},
    "salesorders": {"convert_to_open": (_OPEN, None), "reopen": (_OPEN, None),
                    "mark_void": ("/status/void", None), "mark_closed": None},
    "purchaseorders": {"convert_to_open": (_OPEN, None), "reopen": (_OPEN, None),
                       "mark_cancelled": ("/status/cancelled", None), "mark_closed": None},
    "expense_reports": {verb: ("/" + verb, None)
                        for verb in ("submit", "approve", "reject", "reimburse")},
    "subscriptions": {"cancel": ("/cancel", {"cancel_at_end": "false"}),
                      "cancel_at_end": ("/cancel", {"cancel_at_end": "true"}),
                      "reactivate": ("/reactivate", None)},
}
FIGURES = {
    "contacts": ("outstanding_receivable_amount", "outstanding_payable_amount",
                 "overdue_receivable_amount"),
    "items": ("stock_on_hand", "committed_stock", "available_stock"),
}


def _plain(value):
    """Zoho's JSON numbers (read as Decimal) as decimal strings, recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _utc_iso(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


class ZohoConnector:
    """One organisation of one Zoho app (``books``, ``invoice``, ``expense``, ``inventory``,
    ``subscriptions``); ``settings`` as in ``core/finance/zoho_http.py``."""

    def __init__(self, settings: dict, app: str):
        self.app = app
        self.http = ZohoHTTP(settings, app)
        default = CRM_FIELD if "zohoapis" in settings["api_base"] else "crm_id"
        self.crm_field = settings.get("crm_id_field") or default

    # -- mapping --------------------------------------------------------------------------
    def _resource(self, doc_type: str) -> tuple:
        if doc_type not in APP_DOC_TYPES.get(self.app, ()):
            raise RejectedError(f"Zoho {self.app} has no {doc_type}", "unsupported")
        if self.app == "subscriptions" and doc_type == "contacts":
            return _RESOURCES["customers"]
        return _RESOURCES[doc_type]

    def _record(self, doc_type: str, raw: dict) -> dict:
        _, _, _, id_field, number_field = self._resource(doc_type)
        record = _plain(raw)
        record["id"] = str(record.get(id_field) or record.get("id"))
        if number_field and record.get(number_field) is not None:
            record["number"] = record[number_field]
        if "display_name" in record and not record.get("contact_name"):
            record["contact_name"] = record["display_name"]
        if not record.get("crm_id"):
            record["crm_id"] = record.get(CRM_FIELD) or next(
                (f.get("value") for f in record.get("custom_fields") or []
                 if f.get("api_name") == CRM_FIELD), None)
        return record

    def _outgoing(self, doc_type: str, payload: dict) -> dict:
        body = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in payload.items()}
        if self._resource(doc_type)[0] == "/customers" and body.get("contact_name"):
            body.setdefault("display_name", body["contact_name"])
        if self.crm_field != "crm_id" and "crm_id" in body:
            crm_id = body.pop("crm_id")
            fields = [f for f in body.get("custom_fields") or [] if f.get("api_name") != CRM_FIELD]
            body["custom_fields"] = fields + [{"api_name": CRM_FIELD, "value": crm_id}]
        return body

    def _one(self, doc_type: str, body: dict) -> dict:
        key = self._resource(doc_type)[2]
        raw = body.get(key)
        if not isinstance(raw, dict):
            raise RejectedError(f"Zoho answered without the {key}: {body.get('message')}")
        return self._record(doc_type, raw)

    # -- FinanceService -------------------------------------------------------------------
    def create(self, doc_type: str, payload: dict) -> dict:
        path = self._resource(doc_type)[0]
        if doc_type in READ_ONLY:
            raise RejectedError(f"{doc_type} are made by the finance application", "read_only")
        try:
            body = self.http.request("POST", path, json=self._outgoing(doc_type, payload))
        except RejectedError as exc:
            if exc.code == DUPLICATE_CODE and payload.get("crm_id"):
                existing = self.find_by_crm_id(doc_type, payload["crm_id"])
                if existing is not None:
                    return existing
            raise
        return self._one(doc_type, body)

    def update(self, doc_type: str, finance_id: str, payload: dict) -> dict:
        path = self._resource(doc_type)[0]
        if doc_type in READ_ONLY:
            raise RejectedError(f"{doc_type} are made by the finance application", "read_only")
        body = self.http.request("PUT", f"{path}/{finance_id}",
                                 json=self._outgoing(doc_type, payload))
        return self._one(doc_type, body)

    def get(self, doc_type: str, finance_id: str) -> dict | None:
        path = self._resource(doc_type)[0]
        try:
            return self._one(doc_type, self.http.request("GET", f"{path}/{finance_id}"))
        except NotFoundError:
            return None

    def find_by_crm_id(self, doc_type: str, crm_id: str) -> dict | None:
        path, key = self._resource(doc_type)[:2]
        body = self.http.request("GET", path, {self.crm_field: crm_id})
        for raw in body.get(key) or []:
            record = self._record(doc_type, raw)
            if record.get("crm_id") == crm_id:
                return record
        return None

    def list_changed(self, doc_type: str, since: dt.datetime | None) -> Iterator[dict]:
        path, key = self._resource(doc_type)[:2]
        params = {"sort_column": "last_modified_time", "sort_order": "A"}
        if since is not None:
            params["last_modified_time"] = _utc_iso(since)
        for raw in self.http.pages(path, key, params):
            yield self._record(doc_type, raw)

    def list_ids(self, doc_type: str) -> Iterator[str]:
        path, key, _, id_field, _ = self._resource(doc_type)
        # contacts and items lists show the active ones unless asked for all
        params = {"filter_by": "Status.All"} if doc_type in ("contacts", "items") else {}
        for raw in self.http.pages(path, key, params):
            yield str(raw.get(id_field) or raw.get("id"))

    def delete(self, doc_type: str, finance_id: str) -> None:
        path = self._resource(doc_type)[0]
        if doc_type in READ_ONLY:
            raise RejectedError(f"{doc_type} are made by the finance application", "read_only")
        self.http.request("DELETE", f"{path}/{finance_id}")

    def action(self, doc_type: str, finance_id: str, action: str) -> dict:
        path = self._resource(doc_type)[0]
        table = ACTIONS.get(doc_type, {})
        if action not in table:
            raise RejectedError(f"{doc_type} have no action {action!r}", "unknown_action")
        if table[action] is None:
            raise UnsupportedAction(f"Zoho has no API for {action} of {doc_type}: "
                                    "the status is kept in the CRM only", "unsupported")
        suffix, params = table[action]
        body = self.http.request("POST", f"{path}/{finance_id}{suffix}", params)
        if isinstance(body.get(self._resource(doc_type)[2]), dict):
            return self._one(doc_type, body)
        record = self.get(doc_type, finance_id)  # real Zoho answers only {code, message}
        if record is None:
            raise NotFoundError(f"{doc_type} {finance_id} does not exist.", 1002)
        return record

    def figures(self, doc_type: str, finance_id: str) -> dict:
        if doc_type not in FIGURES:
            raise RejectedError(f"no figures for {doc_type}", "unsupported")
        record = self.get(doc_type, finance_id)
        if record is None:
            raise NotFoundError(f"{doc_type} {finance_id} does not exist.", 1002)
        return {name: str(record[name]) if record.get(name) is not None else "0.00"
                for name in FIGURES[doc_type]}

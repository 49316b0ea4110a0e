"""The ``zoho`` connector: ``FinanceService`` over the HTTP APIs of Zoho Books v3, Invoice v3,
Expense v1, Inventory v1 and Billing v1, using only what Zoho documents (transport:
``core/finance/zoho_http.py``; what the docs hold: ``core/finance/zoho_api.py``; record shapes,
statuses and actions: docs/sync.md; the local stand-in: docs/finance-serve.md).

Mapping:
- Records come back with ``id`` (the string value of Zoho's ``<thing>_id``), ``number`` (the
  document number: ``invoice_number``, ``estimate_number`` ...), ``crm_id`` (read from the
  custom field ``cf_finsuite_crm_id``) and amounts as decimal strings (Zoho's JSON numbers are
  read as ``Decimal``, never ``float``).
- Our id (``crm_id``, e.g. ``"accounts:42"``) is no Zoho field: it is sent in ``custom_fields``
  as the organisation's custom field ``cf_finsuite_crm_id`` (unique values; setting
  ``crm_id_field`` names another). ``zcrm_account_id`` & co. are filters Zoho's own CRM
  integration sets, not fields we may send (docs/sync.md).
- ``create`` with a ``crm_id`` is one documented upsert: ``PUT /<resource>`` with
  ``X-Unique-Identifier-Key: cf_finsuite_crm_id``, ``X-Unique-Identifier-Value: <crm_id>`` and
  ``X-Upsert: true``: a repeated create (a lost answer, a killed worker) updates the same
  record, so no lookup precedes a create (``unique_crm_id``).
- ``find_by_crm_id`` (a delete whose create's answer was lost) uses the documented
  ``custom_field`` filter where there is one, reads every page and compares exactly (a list
  entry without custom fields is read in full).
- ``action()`` uses the status endpoints (``/invoices/{id}/status/sent`` ...), Expense's
  ``/expensereports/{id}/submit|approve|reject|reimburse`` and Billing's
  ``/subscriptions/{id}/cancel?cancel_at_end=`` / ``/reactivate``: one call, answered
  ``{code, message}``, so it returns ``{"id", "status"}`` with the status DOCUMENTED_ACTIONS says
  the action leads to (a record, when the answer carries one). Zoho has no endpoint that closes
  or reopens a sales order or a purchase order: ``mark_closed`` and ``reopen`` raise
  ``UnsupportedAction`` (kept in the CRM; what can never work is refused before it is queued,
  :func:`action_refusal`).
- Request bodies as Zoho documents them (``core/finance/zoho_bodies.py``): purchase orders take
  no discount per line (one with a discounted line is refused before it is sent); order lines
  name their tax by ``tax_id`` (``zoho_taxes.py``); a contact's email and phone are its primary
  contact person's, named on update by the ``contact_person_id`` Zoho last answered.
- Billing keeps customers at ``/customers`` with ``display_name``: sent and read back as
  ``contact_name``.
- ``list_changed(since)``: the documented ``last_modified_time`` filter (invoices, sales
  orders, purchase orders), ``sort_column=last_modified_time`` (contacts: read until a page
  holds an older record), or every page (the other lists); the records modified since, oldest
  first (``core/finance/zoho_pull.py``).
- ``list_ids()`` pages through the list endpoint (``filter_by=Status.All`` for contacts and
  items, whose lists default to active ones) and keeps the ids.
- ``delete()`` is ``DELETE /<path>/{id}`` (Zoho answers ``{code: 0, message}``; a record
  already gone is a 404 with code 1002, ``NotFoundError``).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator

from .base import DOCUMENTED_ACTIONS, NotFoundError, RejectedError, UnsupportedAction
from .zoho_api import (  # noqa: F401 (action_refusal: the ConnectorSpec's)
    ACTIONS, ACTIVE_ONLY, APP_DOC_TYPES, CRM_FIELD, CUSTOM_FIELD_FILTER, READ_ONLY, RESOURCES, action_refusal,
    kept_in_crm,
)
from .zoho_bodies import PERSON_APPS, PERSON_FIELDS, knows_persons, outgoing
from .zoho_http import ZohoHTTP
from .zoho_pull import changed
from .zoho_taxes import TAX_ID_LINES
from .zoho_taxes import forget as forget_taxes

FIGURES = {
    "contacts": ("outstanding_receivable_amount", "outstanding_payable_amount",
                 "overdue_receivable_amount"),
    "items": ("stock_on_hand", "committed_stock", "available_stock"),
}


def _declared(doc_type: str) -> tuple | None:
    """The Zoho resource a plugin's :class:`core.FinanceDocType` names (``remote["zoho"]``)."""
    from .local.doc_types import installed
    kind = installed().get(doc_type)
    resource = (kind.remote or {}).get("zoho") if kind is not None else None
    return tuple(resource) if resource else None


def _plain(value):
    """Zoho's JSON numbers (read as Decimal) as decimal strings, recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class ZohoConnector:
    """One organisation of one Zoho app (``books``, ``invoice``, ``expense``, ``inventory``,
    ``subscriptions``); ``settings`` as in ``core/finance/zoho_http.py``."""

    #: a create is an upsert on our id: repeated, it updates the same record (no lookup first)
    unique_crm_id = True

    def __init__(self, settings: dict, app: str):
        self.app = app
        self.http = ZohoHTTP(settings, app)
        self.crm_field = settings.get("crm_id_field") or CRM_FIELD

    # -- mapping --------------------------------------------------------------------------
    def _resource(self, doc_type: str) -> tuple:
        if doc_type not in APP_DOC_TYPES.get(self.app, ()):
            declared = _declared(doc_type)  # a plugin's kind, sent as the resource it names
            if declared is not None:
                return declared
            raise RejectedError(f"Zoho {self.app} has no {doc_type}", "unsupported")
        if self.app == "subscriptions" and doc_type == "contacts":
            return RESOURCES["customers"]
        return RESOURCES[doc_type]

    def _crm_value(self, raw: dict):
        """Our id in a Zoho record (its custom field), or ``None``."""
        for entry in raw.get("custom_fields") or []:
            if isinstance(entry, dict) and entry.get("api_name") == self.crm_field:
                return entry.get("value") or None
        return raw.get(self.crm_field) or None

    def _record(self, doc_type: str, raw: dict) -> dict:
        _, _, _, id_field, number_field = self._resource(doc_type)
        record = _plain(raw)
        record["id"] = str(record.get(id_field) or record.get("id"))
        if number_field and record.get(number_field) is not None:
            record["number"] = record[number_field]
        if "display_name" in record and not record.get("contact_name"):
            record["contact_name"] = record["display_name"]
        record["crm_id"] = self._crm_value(record)
        return record

    def _outgoing(self, doc_type: str, payload: dict, previous: dict | None = None) -> dict:
        return outgoing(self.http, self.app, self._resource(doc_type)[0], self.crm_field, doc_type, payload,
                        previous)

    def _one(self, doc_type: str, body: dict) -> dict:
        key = self._resource(doc_type)[2]
        raw = body.get(key)
        if not isinstance(raw, dict):
            raise RejectedError(f"Zoho answered without the {key}: {body.get('message')}")
        return self._record(doc_type, raw)

    def _writable(self, doc_type: str) -> str:
        path = self._resource(doc_type)[0]
        if doc_type in READ_ONLY:
            raise RejectedError(f"{doc_type} are made by the finance application", "read_only")
        return path

    # -- FinanceService -------------------------------------------------------------------
    def create(self, doc_type: str, payload: dict) -> dict:
        """One call: an upsert on our id when there is one ("Update ... using a custom field's
        unique value" with ``X-Upsert: true``), else a plain ``POST``."""
        path = self._writable(doc_type)
        body = self._outgoing(doc_type, payload)
        if not payload.get("crm_id"):
            return self._one(doc_type, self._write(doc_type, "POST", path, body))
        headers = {"X-Unique-Identifier-Key": self.crm_field,
                   "X-Unique-Identifier-Value": str(payload["crm_id"]), "X-Upsert": "true"}
        return self._one(doc_type, self._write(doc_type, "PUT", path, body, headers))

    def update(self, doc_type: str, finance_id: str, payload: dict, previous: dict | None = None) -> dict:
        """One call; ``previous`` is what Zoho last answered of the record (the engine's mapping):
        a contact's primary person is named by its ``contact_person_id``. A contact whose persons
        it does not tell (a list entry, nothing) is read first."""
        path = self._writable(doc_type)
        if path == "/contacts" and self.app in PERSON_APPS and not knows_persons(previous) and any(
                name in payload for name in PERSON_FIELDS):
            previous = self.get(doc_type, finance_id)
        body = self._outgoing(doc_type, payload, previous)
        return self._one(doc_type, self._write(doc_type, "PUT", f"{path}/{finance_id}", body))

    def _write(self, doc_type: str, method: str, path: str, body: dict, headers: dict | None = None) -> dict:
        try:
            return self.http.request(method, path, json=body, headers=headers)
        except RejectedError as exc:
            if doc_type in TAX_ID_LINES and "tax" in (exc.message or "").lower():
                forget_taxes(self.http)  # a tax deleted in Zoho: the next try looks again
            raise

    def get(self, doc_type: str, finance_id: str) -> dict | None:
        path = self._resource(doc_type)[0]
        try:
            return self._one(doc_type, self.http.request("GET", f"{path}/{finance_id}"))
        except NotFoundError:
            return None

    def find_by_crm_id(self, doc_type: str, crm_id: str) -> dict | None:
        """The record holding ``crm_id`` in its custom field: the documented ``custom_field``
        filter where the list has one, every page read, values compared exactly; an entry
        without custom fields (documented contact and estimate lists) is read in full."""
        path, key, _, id_field, _ = self._resource(doc_type)
        params = {"filter_by": "Status.All"} if doc_type in ACTIVE_ONLY else {}
        if doc_type in CUSTOM_FIELD_FILTER:
            params["custom_field"] = crm_id
        for raw in self.http.pages(path, key, params):
            if "custom_fields" not in raw and self.crm_field not in raw:
                raw = (self.get(doc_type, str(raw.get(id_field) or raw.get("id"))) or {})
            if raw and self._crm_value(raw) == crm_id:
                return self._record(doc_type, raw)
        return None

    def list_changed(self, doc_type: str, since: dt.datetime | None) -> Iterator[dict]:
        """Records modified at or after ``since``, oldest first, with the list parameters Zoho
        documents for the list (``core/finance/zoho_pull.py``)."""
        path, key, _, id_field, _ = self._resource(doc_type)
        for raw in changed(self.http, self.app, path, key, id_field, since):
            yield self._record(doc_type, raw)

    def list_ids(self, doc_type: str) -> Iterator[str]:
        path, key, _, id_field, _ = self._resource(doc_type)
        params = {"filter_by": "Status.All"} if doc_type in ACTIVE_ONLY else {}
        for raw in self.http.pages(path, key, params):
            yield str(raw.get(id_field) or raw.get("id"))

    def delete(self, doc_type: str, finance_id: str) -> None:
        path = self._writable(doc_type)
        self.http.request("DELETE", f"{path}/{finance_id}")

    def action(self, doc_type: str, finance_id: str, action: str) -> dict:
        """One call to the action's endpoint. Zoho's status endpoints answer ``{code, message}``:
        the answer is ``{"id", "status"}``, the status the action leads to."""
        path = self._resource(doc_type)[0]
        table = ACTIONS.get(doc_type, {})
        if action not in table:
            raise RejectedError(f"{doc_type} have no action {action!r}", "unknown_action")
        if table[action] is None:
            raise UnsupportedAction(kept_in_crm(doc_type, action), "unsupported")
        suffix, params = table[action]
        body = self.http.request("POST", f"{path}/{finance_id}{suffix}", params)
        if isinstance(body.get(self._resource(doc_type)[2]), dict):
            return self._one(doc_type, body)
        return {"id": str(finance_id), "status": DOCUMENTED_ACTIONS[doc_type][action][0]}

    def figures(self, doc_type: str, finance_id: str) -> dict:
        if doc_type not in FIGURES:
            raise RejectedError(f"no figures for {doc_type}", "unsupported")
        record = self.get(doc_type, finance_id)
        if record is None:
            raise NotFoundError(f"{doc_type} {finance_id} does not exist.", 1002)
        return {name: str(record[name]) if record.get(name) is not None else "0.00"
                for name in FIGURES[doc_type]}

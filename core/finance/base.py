"""The one interface every finance application is reached through, and its errors.

Records cross it as plain dicts in the shapes of docs/sync.md (Zoho's field names): amounts
are decimal strings, dates ISO strings, and every record the service returns carries ``id``
(the finance application's id), ``crm_id`` (ours, ``"<module>:<id>"``; ``None`` on a list
entry that does not show it, as Zoho's contact lists) and ``last_modified_time`` (ISO 8601, UTC).
"""
from __future__ import annotations

import contextvars
import datetime as dt
from typing import Iterator, Protocol, runtime_checkable


def utc_time(value) -> dt.datetime | None:
    """A finance record's time (a datetime, naive = UTC, or an ISO 8601 string with ``Z`` or an
    offset) as naive UTC; ``None`` for none."""
    if value in (None, ""):
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(
        str(value).replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment


class FinanceError(Exception):
    """A call to a finance service failed. ``code`` is the service's error code, if any."""

    def __init__(self, message: str, code: int | str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


class TransientError(FinanceError):
    """Worth retrying later: connection refused, timeout, HTTP 5xx, 429, an expired token."""


class ConnectionFailure(TransientError):
    """The connection itself fails, whatever the record: credentials refused (an invalid
    refresh token or client), or the service unreachable. Every row of the connection waits
    (none is given up), and the connection is shown as failing until a call succeeds."""


class RejectedError(FinanceError):
    """The finance application refused this record (validation, a state that forbids it):
    retrying the same data will not help. The message is shown to the user."""


class NotFoundError(RejectedError):
    """No such record in the finance application."""


#: the document types a connector may be asked for (docs/sync.md)
DOC_TYPES = ("contacts", "items", "invoices", "estimates", "salesorders", "purchaseorders",
             "expenses", "expense_reports", "subscriptions", "packages", "payments")


@runtime_checkable
class FinanceService(Protocol):
    """A connection to one organisation of one finance application (Books, Invoice, ...).

    A service may also offer ``party_documents(doc_type, party_id, statuses)``: the documents of
    one customer or vendor in those statuses (what one of its figures sums), read by the page
    "Documents behind this figure" (``core/figures.py``); without it, that page lists the CRM's
    copies only."""

    def create(self, doc_type: str, payload: dict) -> dict:
        """Create a record; returns it as stored (with ``id``, ``number`` and ``status`` for
        documents)."""

    def update(self, doc_type: str, finance_id: str, payload: dict, previous: dict | None = None) -> dict:
        """Change a record; returns it as stored. ``previous``: what the service last answered
        of it (the mapping's), when known; a service may use it to address what it holds (Zoho:
        a contact's primary person by its ``contact_person_id``) or ignore it."""

    def get(self, doc_type: str, finance_id: str) -> dict | None:
        """The record, or ``None``."""

    def find_by_crm_id(self, doc_type: str, crm_id: str) -> dict | None:
        """The record created for our ``crm_id``, or ``None``: asked before any create that
        may be a repeat when the service does not promise ``unique_crm_id`` (a create that is
        an upsert on our id, as Zoho's, needs no lookup), and to delete a record whose create's
        answer was lost."""

    def list_changed(self, doc_type: str, since: dt.datetime | None) -> Iterator[dict]:
        """Records modified at or after ``since`` (all when ``None``), oldest first, page by
        page. Callers keep the cursor and an overlap window."""

    def action(self, doc_type: str, finance_id: str, action: str) -> dict:
        """Run a status action (``mark_sent``, ``mark_accepted`` ...; docs/sync.md lists them);
        returns the record after it."""

    def list_ids(self, doc_type: str) -> Iterator[str]:
        """The id of every record of ``doc_type`` (whatever its status), page by page: what a
        daily comparison with the CRM's mappings finds deletions with."""

    def delete(self, doc_type: str, finance_id: str) -> None:
        """Delete a record; ``NotFoundError`` when there is none, ``RejectedError`` when the
        application keeps it (an invoice with payments, an order already packed or billed)."""

    def figures(self, doc_type: str, finance_id: str) -> dict:
        """What the CRM shows of a record: for ``contacts`` ``outstanding_receivable_amount``,
        ``outstanding_payable_amount``, ``overdue_receivable_amount`` (the embedded application
        adds ``open_salesorder_quantity``); for ``items``
        ``stock_on_hand``, ``committed_stock``, ``available_stock`` (decimal strings)."""


class UnsupportedAction(RejectedError):
    """The service has no API for this action (e.g. Zoho Books cannot close a sales order):
    the CRM records the status on its side only."""


#: what the documented status actions lead to (docs/sync.md "Statuses and actions"):
#: ``doc_type -> action -> (status it leads to, statuses that show its effect is there)``. A
#: refused action whose record already shows its effect (a retry of one that worked, whose
#: answer was lost) is done; a service that answers an action without the record reports the
#: status it leads to.
DOCUMENTED_ACTIONS: dict[str, dict[str, tuple[str, frozenset]]] = {
    "invoices": {"mark_sent": ("sent", frozenset({"sent", "overdue", "partially_paid", "paid"})),
                 "mark_void": ("void", frozenset({"void"}))},
    "estimates": {"mark_sent": ("sent", frozenset({"sent", "accepted", "declined", "invoiced"})),
                  "mark_accepted": ("accepted", frozenset({"accepted", "invoiced"})),
                  "mark_declined": ("declined", frozenset({"declined"})),
                  "convert_to_invoice": ("invoiced", frozenset({"invoiced"}))},
    "salesorders": {"convert_to_open": ("open", frozenset({"open", "closed"})),
                    "mark_void": ("void", frozenset({"void"})),
                    "mark_closed": ("closed", frozenset({"closed"})),
                    "reopen": ("open", frozenset({"open"}))},
    "purchaseorders": {"convert_to_open": ("open", frozenset({"open", "billed", "closed"})),
                       "mark_cancelled": ("cancelled", frozenset({"cancelled"})),
                       "mark_closed": ("closed", frozenset({"closed"})),
                       "reopen": ("open", frozenset({"open"}))},
    "expense_reports": {"submit": ("submitted", frozenset({"submitted", "approved", "reimbursed"})),
                        "approve": ("approved", frozenset({"approved", "reimbursed"})),
                        "reject": ("rejected", frozenset({"rejected"})),
                        "reimburse": ("reimbursed", frozenset({"reimbursed"}))},
    "subscriptions": {"cancel": ("cancelled", frozenset({"cancelled"})),
                      "cancel_at_end": ("non_renewing", frozenset({"non_renewing", "cancelled"})),
                      "reactivate": ("live", frozenset({"live"}))},
}

#: who is asking, for a connector that rations calls (a daily budget): ``"instant"`` (a
#: user's save or action waits on it) or ``"periodic"`` (the 2-hourly pushes, the pull, the
#: daily comparison), which wait first when the budget runs low. Set by the sync worker and jobs.
call_priority: contextvars.ContextVar[str] = contextvars.ContextVar("finsuite_call_priority", default="instant")

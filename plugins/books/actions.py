"""Status actions of Books documents (B4): each offered only from the states where it applies
(docs/sync.md), run here, then in the finance application through the outbox."""
from __future__ import annotations

from core import StatusMoves, hookimpl

from .convert import conversion_actions

#: module -> action -> (label, states it starts from, state it leads to, style)
MOVES = {
    "books/invoices": {
        "mark_sent": ("Mark as Sent", {"draft"}, "sent", "primary"),
        "mark_void": ("Mark as Void", {"draft", "sent", "overdue"}, "void", "danger"),
    },
    "books/estimates": {
        "mark_sent": ("Mark as Sent", {"draft"}, "sent", "primary"),
        "mark_accepted": ("Mark as Accepted", {"draft", "sent"}, "accepted", "default"),
        "mark_declined": ("Mark as Declined", {"draft", "sent"}, "declined", "default"),
    },
    "books/salesorders": {
        "convert_to_open": ("Convert to Open", {"draft"}, "open", "primary"),
        "mark_closed": ("Mark as Closed", {"open"}, "closed", "default"),
        "mark_void": ("Mark as Void", {"draft", "open"}, "void", "danger"),
        "reopen": ("Reopen", {"void", "closed"}, "open", "default"),
    },
    "books/purchaseorders": {
        "convert_to_open": ("Convert to Open", {"draft"}, "open", "primary"),
        "mark_cancelled": ("Mark as Cancelled", {"draft", "open"}, "cancelled", "danger"),
        "mark_closed": ("Mark as Closed", {"open", "billed"}, "closed", "default"),
        "reopen": ("Reopen", {"cancelled", "closed"}, "open", "default"),
    },
}
CONFIRM = {"mark_void": "Void this document?", "mark_cancelled": "Cancel this purchase order?"}
STATUS_MOVES = StatusMoves(MOVES, CONFIRM)


@hookimpl
def status_actions(module, record):
    """The moves from the record's status, and Convert to Invoice (``convert.py``)."""
    return [*(STATUS_MOVES.actions(module, record) or ()), *conversion_actions(module, record)] or None

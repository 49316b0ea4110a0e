"""Status actions of Books documents (B4): each offered only from the states where it applies
(docs/sync.md), run here, then in the finance application through the outbox."""
from __future__ import annotations

from core import N_, StatusMoves, hookimpl

from .convert import conversion_actions

#: module -> action -> (label, states it starts from, state it leads to, style)
MOVES = {
    "books/invoices": {
        "mark_sent": (N_("Mark as Sent"), {"draft"}, "sent", "primary"),
        "mark_void": (N_("Mark as Void"), {"draft", "sent", "overdue"}, "void", "danger"),
    },
    "books/estimates": {
        "mark_sent": (N_("Mark as Sent"), {"draft"}, "sent", "primary"),
        "mark_accepted": (N_("Mark as Accepted"), {"draft", "sent"}, "accepted", "default"),
        "mark_declined": (N_("Mark as Declined"), {"draft", "sent"}, "declined", "default"),
    },
    "books/salesorders": {
        "convert_to_open": (N_("Convert to Open"), {"draft"}, "open", "primary"),
        "mark_closed": (N_("Mark as Closed"), {"open"}, "closed", "default"),
        "mark_void": (N_("Mark as Void"), {"draft", "open"}, "void", "danger"),
        "reopen": (N_("Reopen"), {"void", "closed"}, "open", "default"),
    },
    "books/purchaseorders": {
        "convert_to_open": (N_("Convert to Open"), {"draft"}, "open", "primary"),
        "mark_cancelled": (N_("Mark as Cancelled"), {"draft", "open"}, "cancelled", "danger"),
        "mark_closed": (N_("Mark as Closed"), {"open", "billed"}, "closed", "default"),
        "reopen": (N_("Reopen"), {"cancelled", "closed"}, "open", "default"),
    },
}
CONFIRM = {"mark_void": N_("Void this document?"), "mark_cancelled": N_("Cancel this purchase order?")}
STATUS_MOVES = StatusMoves(MOVES, CONFIRM)


@hookimpl
def status_actions(module, record):
    """The moves from the record's status, and Convert to Invoice (``convert.py``)."""
    return [*(STATUS_MOVES.actions(module, record) or ()), *conversion_actions(module, record)] or None

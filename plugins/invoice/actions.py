"""Status actions of Invoice's documents (I1): each only from the states where it applies
(docs/sync.md), then in the Invoice application through the outbox."""
from __future__ import annotations

from core import StatusMoves, hookimpl

#: module -> action -> (label, states it starts from, state it leads to, style)
MOVES = {
    "invoice/invoices": {
        "mark_sent": ("Mark as Sent", {"draft"}, "sent", "primary"),
        "mark_void": ("Mark as Void", {"draft", "sent", "overdue"}, "void", "danger"),
    },
    "invoice/estimates": {
        "mark_sent": ("Mark as Sent", {"draft"}, "sent", "primary"),
        "mark_accepted": ("Mark as Accepted", {"draft", "sent"}, "accepted", "default"),
        "mark_declined": ("Mark as Declined", {"draft", "sent"}, "declined", "default"),
    },
}
STATUS_MOVES = StatusMoves(MOVES, {"mark_void": "Void this invoice?"})


@hookimpl
def status_actions(module, record):
    return STATUS_MOVES.actions(module, record)

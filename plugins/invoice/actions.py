"""Status actions of Invoice's documents (I1): each only from the states where it applies
(docs/sync.md), then in the Invoice application through the outbox."""
from __future__ import annotations

from core import N_, StatusMoves, hookimpl

#: module -> action -> (label, states it starts from, state it leads to, style)
MOVES = {
    "invoice/invoices": {
        "mark_sent": (N_("Mark as Sent"), {"draft"}, "sent", "primary"),
        "mark_void": (N_("Mark as Void"), {"draft", "sent", "overdue"}, "void", "danger"),
    },
    "invoice/estimates": {
        "mark_sent": (N_("Mark as Sent"), {"draft"}, "sent", "primary"),
        "mark_accepted": (N_("Mark as Accepted"), {"draft", "sent"}, "accepted", "default"),
        "mark_declined": (N_("Mark as Declined"), {"draft", "sent"}, "declined", "default"),
    },
}
STATUS_MOVES = StatusMoves(MOVES, {"mark_void": N_("Void this invoice?")})


@hookimpl
def status_actions(module, record):
    return STATUS_MOVES.actions(module, record)

"""Status actions of Books documents (B4): each offered only from the states where it applies
(docs/sync.md), run here, then in the finance application through the outbox."""
from __future__ import annotations

from core import StatusAction, hookimpl

from .modules import DOCUMENTS

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


def _move_to(status: str):
    def run(record, user):
        record.status = status
        record.save()
    return run


@hookimpl
def status_actions(module, record):
    if module not in DOCUMENTS or record is None:
        return None
    return [StatusAction(key=key, label=label, run=_move_to(target), style=style, confirm=CONFIRM.get(key, ""))
            for key, (label, sources, target, style) in MOVES[module.name].items() if record.status in sources]

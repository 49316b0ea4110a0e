"""Status actions of subscriptions (S1): cancel now, cancel at the end of the term, reactivate;
each offered only from the states where it applies (docs/sync.md), run here, then in the
finance application through the outbox (the core audits and queues them)."""
from __future__ import annotations

from core import N_, StatusAction, hookimpl

from .modules import SUBSCRIPTIONS

#: action -> (label, states it starts from, state it leads to, style, confirmation)
MOVES = {
    "cancel_at_end": (N_("Cancel at end of term"), {"live", "trial"}, "non_renewing", "default", ""),
    "cancel": (N_("Cancel now"), {"live", "trial", "non_renewing"}, "cancelled", "danger",
               N_("Cancel this subscription now? It will not be billed again.")),
    "reactivate": (N_("Reactivate"), {"cancelled", "non_renewing"}, "live", "primary", ""),
}


def _move_to(status: str):
    def run(record, user):
        record.status = status
        if status == "cancelled":
            record.next_billing_at = None  # a cancelled subscription is not billed again
        record.save()
    return run


@hookimpl
def status_actions(module, record):
    if module is not SUBSCRIPTIONS or record is None:
        return None
    return [StatusAction(key=key, label=label, run=_move_to(target), style=style, confirm=confirm)
            for key, (label, sources, target, style, confirm) in MOVES.items() if record.status in sources]


@hookimpl
def permission_denied(permission, record):
    """A subscription the finance application has numbered is cancelled, not deleted: deleting it
    here would leave it billing there, out of sight."""
    return bool(permission == SUBSCRIPTIONS.permission("delete") and record is not None
                and getattr(record, "number", ""))

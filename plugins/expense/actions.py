"""Status actions of expense reports (E1): submit, approve, reject, reimburse, each only from the
states where it applies (docs/sync.md); approving, rejecting and reimbursing need the
``expense.approve`` permission. The core audits each and sends it to the finance application."""
from __future__ import annotations

from core import N_, Invalid, StatusAction, gettext, hookimpl

from .modules import REPORTS

APPROVE = "expense.approve"
#: action -> (label, states it starts from, state it leads to, style, permission)
MOVES = {
    "submit": (N_("Submit"), {"draft", "rejected"}, "submitted", "primary", None),
    "approve": (N_("Approve"), {"submitted"}, "approved", "primary", APPROVE),
    "reject": (N_("Reject"), {"submitted"}, "rejected", "danger", APPROVE),
    "reimburse": (N_("Reimburse"), {"approved"}, "reimbursed", "default", APPROVE),
}
CONFIRM = {"reject": N_("Reject this expense report?")}


def _move_to(status: str, needs_expenses: bool = False):
    def run(record, user):
        if needs_expenses and not record.expense_ids:
            raise Invalid({"expense_ids": [gettext("Add at least one expense before submitting this report.")]})
        record.status = status
        record.save()
    return run


@hookimpl
def status_actions(module, record):
    if module is not REPORTS or record is None:
        return None
    return [StatusAction(key=key, label=label, run=_move_to(target, key == "submit"), permission=permission,
                         style=style, confirm=CONFIRM.get(key, ""))
            for key, (label, sources, target, style, permission) in MOVES.items() if record.status in sources]

"""Status actions from a table of moves: each offered only from the states it starts from
(docs/sync.md "Statuses and actions"); the core then audits it and the outbox carries it."""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from ..declarations import StatusAction

#: module name -> action key -> (label, statuses it starts from, status it leads to, style)
MoveTable = Mapping[str, Mapping[str, tuple[str, set[str], str, str]]]


def move_to(status: str):
    """A :class:`core.StatusAction` ``run`` that sets the record's status and saves it."""
    def run(record, user):
        record.status = status
        record.save()
    return run


class StatusMoves:
    """``StatusMoves(MOVES, confirm={"mark_void": "Void this document?"})``; a plugin's
    ``status_actions`` hook answers ``moves.actions(module, record)``."""

    def __init__(self, moves: MoveTable, confirm: Mapping[str, str] | None = None):
        self.moves = moves
        self.confirm = dict(confirm or {})

    def actions(self, module, record) -> list[StatusAction] | None:
        """The actions of ``record`` in its current status; ``None`` for a module not in the table."""
        if record is None or module.name not in self.moves:
            return None
        status = effective_status(record)
        return [StatusAction(key=key, label=label, run=move_to(target), style=style,
                             confirm=self.confirm.get(key, ""))
                for key, (label, sources, target, style) in self.moves[module.name].items()
                if status in sources]


def effective_status(record) -> str:
    """The status the finance application gives the record now: an estimate still draft or sent
    after its expiry date is ``expired`` there (until the pull says so here), so nothing that
    starts from draft or sent can be done to it any more."""
    expiry = getattr(record, "expiry_date", None)
    if record.status in ("draft", "sent") and expiry and expiry < dt.datetime.now(dt.timezone.utc).date():
        return "expired"
    return record.status

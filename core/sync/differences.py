"""Y7: what the finance application holds otherwise than the CRM (a total it computed
differently) is a failed sync shown on the record, never a log line (issue 14, "Sync you can
trust" #6). The engine calls :func:`check_differences` after storing a push's or an action's
answer, so the mapping is kept and a Retry updates the same copy."""
from __future__ import annotations

from ..finance.base import RejectedError


class Differences(RejectedError):
    """The finance application holds the record otherwise than the CRM: the sync fails with
    ``SyncType.differences``' messages (the worker shows them on the record and in Setup)."""


def differences_error(sync_type, record, remote: dict) -> Differences | None:
    """``sync_type.differences(record, remote)`` as an error, or ``None`` when there are none."""
    if sync_type.differences is None:
        return None
    found = [text for text in sync_type.differences(record, remote) or () if text]
    return Differences("; ".join(found), "differences") if found else None


def check_differences(sync_type, record, remote: dict) -> None:
    error = differences_error(sync_type, record, remote)
    if error is not None:
        raise error

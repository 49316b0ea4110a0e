"""A record's versions and its change log (FEATURES C8: no lost update between users).

Every write of a record (create, update, status action, upload, a finance application's change
of a field a save could overwrite) writes one audit row numbered with the record's next
version (``AuditLog.version``, unique per record). A client that read version ``n`` (the
form's hidden ``_version``, the API's ``ETag``) may write only while the record is still at
``n``: the check runs after :func:`hold` locked the record's row, in the transaction of the
write, so two saves of one version cannot both pass. A stale writer gets :class:`Stale` with
who changed what since (:func:`changes_since`).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

import peewee
from flask_babel import gettext as _

from .db import is_postgres
from .models import AuditLog, User
from .schemas import rfc3339

#: actions whose audit row is not a write of the record (it keeps its version)
NOT_WRITES = ("email",)
#: how many changes a stale writer is shown
SHOWN_CHANGES = 20


@dataclass
class Change:
    """One write since the version a client read: who (``None``: the finance application), when,
    the action, and each changed field's new value."""

    version: int
    user: str | None
    at: dt.datetime
    action: str
    fields: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"version": self.version, "user": self.user, "at": rfc3339(self.at),
                "action": self.action, "fields": self.fields}


class Stale(Exception):
    """The record is no longer at the version the writer read (API: 412; form: 409 page)."""

    def __init__(self, version: int, changes: list[Change]):
        super().__init__(_("This record has been changed by someone else since you opened it."))
        self.version = version
        self.changes = changes


def lock_record(model, record_id: int) -> None:
    """Hold the record's row until the transaction ends (PostgreSQL; SQLite's write lock is
    already held by ``BEGIN IMMEDIATE``)."""
    if is_postgres():
        model.select(model.id).where(model.id == record_id).for_update().execute()


def _rows(tenant, module_name: str, record_id: int):
    return AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == module_name)
                                   & (AuditLog.record_id == record_id))


def current_version(tenant, module_name: str, record_id: int) -> int:
    """The record's version: the number of its last write (0 for a record never written through
    the core, e.g. from before versions were kept)."""
    found = (AuditLog.select(peewee.fn.MAX(AuditLog.version))
             .where((AuditLog.tenant == tenant) & (AuditLog.module == module_name)
                    & (AuditLog.record_id == record_id)).scalar())
    return int(found or 0)


def changes_since(tenant, module_name: str, record_id: int, version: int) -> list[Change]:
    """The writes after ``version``, oldest first (at most :data:`SHOWN_CHANGES`, the latest)."""
    rows = (_rows(tenant, module_name, record_id).where(AuditLog.version > version)
            .order_by(AuditLog.version.desc()).limit(SHOWN_CHANGES))
    users = {u.id: str(u) for u in User.select().where(User.id.in_({r.user_id for r in rows if r.user_id}))}
    out = []
    for row in reversed(list(rows)):
        values = json.loads(row.changes or "{}")
        out.append(Change(row.version, users.get(row.user_id), row.created_at, row.action,
                          {k: (v[1] if isinstance(v, list) and len(v) == 2 else v) for k, v in values.items()}))
    return out


def hold(module, tenant, record, expected: Iterable[int] | None = None) -> int:
    """In a write's transaction: lock the record's row, read it afresh (what another writer
    committed meanwhile), and check it is at one of the ``expected`` versions (``None``: any).
    Returns its version; raises :class:`Stale` otherwise."""
    model = type(record)
    lock_record(model, record.id)
    fresh = model.get_or_none(model.id == record.id)
    if fresh is None:  # deleted meanwhile
        from .records import NotFound
        raise NotFound(_("This record has been deleted."))
    record.__data__.update(fresh.__data__)
    record.__rel__.clear()
    version = current_version(tenant, module.name, record.id)
    if expected is not None:
        expected = set(expected)
        if version not in expected:
            since = max((v for v in expected if v < version), default=0)
            raise Stale(version, changes_since(tenant, module.name, record.id, since))
    record.__dict__["_version"] = version
    return version


def version_of(module, record) -> int:
    """The version ``record`` was last read or written at."""
    known = record.__dict__.get("_version")
    return known if known is not None else current_version(record.tenant, module.name, record.id)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def audit(tenant, user, module_name: str, record_id: int, action: str, changes: dict | None = None) -> int | None:
    """Write the audit row of a write (or of an e-mail, :data:`NOT_WRITES`); returns the record's
    new version. Call after the record's row is locked (:func:`hold`, or its UPDATE)."""
    version = None
    if action not in NOT_WRITES:
        version = current_version(tenant, module_name, record_id) + 1
    AuditLog.create(tenant=tenant, user=user, module=module_name, record_id=record_id, action=action,
                    version=version,
                    changes=json.dumps({k: [_plain(a) for a in v] if isinstance(v, (list, tuple)) else _plain(v)
                                        for k, v in (changes or {}).items()}, default=str))
    return version


def writable(module) -> set[str]:
    """The model attributes a save of ``module`` writes (the schema's load fields)."""
    names = set(module.schema().load_fields)
    return names | {n[:-3] for n in names if n.endswith("_id")}


def finance_wrote(module, record, changes: dict) -> None:
    """A finance application changed ``record``'s fields (the sync wrote them, row locked): a
    change of a field a save could overwrite is a new version, so a form or a client that read
    the older one is stale; news of number, status or balance alone is not."""
    mine = {k: v for k, v in changes.items() if k in writable(module)}
    if mine:
        record.__dict__["_version"] = audit(record.tenant, None, module.name, record.id, "sync", mine)

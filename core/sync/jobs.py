"""The periodic and manual syncs (Y2, Y3): push changed master data, pull what changed on the
finance side since the last cursor."""
from __future__ import annotations

import datetime as dt
import json
import logging

from ..db import db, insert_rows
from ..i18n import N_
from ..finance.base import utc_time
from ..models import utcnow
from ..tenancy import enabled_apps
from .connections import get_connection
from ..changes import finance_wrote, lock_record
from .answers import apply_if_current, report_difference
from .engine import Target
from .models import SyncCursor, SyncMapping, SyncOutbox, SyncRun

log = logging.getLogger(__name__)

PUSH_JOBS = {"contacts": N_("Contacts sync"), "vendors": N_("Vendors sync"), "products": N_("Products sync")}
PULL_LABEL = N_("Pull from finance applications")
PULL_JOB = "pull"


def _push_types(registry, tenant, job: str) -> list:
    apps = enabled_apps(tenant)
    return [t for t in registry.sync_types.values() if t.job == job and t.app in apps]


def changed_ids(registry, tenant, sync_type, org_key: str) -> list[int]:
    """Records never sent to this organisation, or changed since they were. Two index scans
    compared here rather than a join, whose plan depends on fresh table statistics (PostgreSQL
    chose a nested loop over every mapping for each record right after a bulk load: 0.8 s for
    2,000 accounts)."""
    model = registry.modules[sync_type.module].model
    synced = dict(SyncMapping.select(SyncMapping.record_id, SyncMapping.synced_at).where(
        (SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key)
        & (SyncMapping.module == sync_type.module)).tuples())
    records = model.select(model.id, model.updated_at).where(model.tenant == tenant).order_by(model.id).tuples()
    return [record_id for record_id, updated_at in records
            if record_id not in synced or updated_at > synced[record_id]]


def start_push(registry, tenant, job: str) -> SyncRun:
    """Queue every changed record of ``job`` (``contacts``, ``vendors``, ``products``) for the
    tenant's enabled apps under one run, whose progress Setup shows; workers drain it."""
    run = SyncRun.create(tenant=tenant, job=job, label=PUSH_JOBS.get(job, job))
    seen: set[tuple] = set()
    rows = []
    now = utcnow()
    for sync_type in _push_types(registry, tenant, job):
        org_key = get_connection(tenant, sync_type.app).org_key
        for record_id in changed_ids(registry, tenant, sync_type, org_key):
            if (org_key, sync_type.module, record_id) in seen:
                continue  # two apps of one organisation: send it once
            seen.add((org_key, sync_type.module, record_id))
            rows.append({"tenant": tenant.id, "app": sync_type.app, "module": sync_type.module,
                         "record_id": record_id, "operation": "push", "state": "pending", "run": run.id,
                         "next_attempt_at": now, "created_at": now, "updated_at": now})
    with db.atomic():
        insert_rows(SyncOutbox, rows)
        run.total = len(rows)
        if not rows:
            run.state, run.finished_at = "ok", utcnow()
        run.save()
    return run


def pull(registry, tenant, modules=None) -> SyncRun:
    """Read what changed in each enabled app's finance application since the last pull
    (balances, stock, statuses) and apply it to the mapped CRM records. ``modules`` limits
    it to the doc types of those modules (a related list's refresh icon)."""
    run = SyncRun.create(tenant=tenant, job=PULL_JOB, label=PULL_LABEL)
    done, errors = 0, []
    by_app: dict[tuple, list] = {}
    apps = enabled_apps(tenant)
    for sync_type in registry.sync_types.values():
        if sync_type.pull and sync_type.app in apps:
            by_app.setdefault((sync_type.app, sync_type.doc_type), []).append(sync_type)
    if modules is not None:  # a doc type's cursor serves all its modules: pull them together
        by_app = {k: types for k, types in by_app.items() if any(t.module in modules for t in types)}
    for (app, doc_type), types in by_app.items():
        try:
            done += _pull_one(registry, tenant, types, doc_type)
        except Exception as exc:  # one app's failure leaves the others' pulls
            log.warning("pull of %s from %s failed: %s", doc_type, app, exc)
            errors.append(f"{app} {doc_type}: {getattr(exc, 'message', exc)}")
    run.total = run.done = done
    run.failed = len(errors)
    run.error = "\n".join(errors)
    run.state = "failed" if errors else "ok"
    run.finished_at = utcnow()
    run.save()
    return run


def _pull_one(registry, tenant, types: list, doc_type: str) -> int:
    target = Target(registry, tenant, types[0].app)
    spec = registry.connectors.get(target.connection.connector)
    overlap = dt.timedelta(seconds=spec.cursor_overlap_seconds if spec else 60)
    cursor, _ = SyncCursor.get_or_create(tenant=tenant, org_key=target.org_key, doc_type=doc_type, app=target.app)
    since = cursor.cursor - overlap if cursor.cursor else None
    by_module = {t.module: t for t in types}
    newest, applied = cursor.cursor, 0
    for remote in target.service.list_changed(doc_type, since):
        modified = utc_time(remote.get("last_modified_time"))
        if modified and (newest is None or modified > newest):
            newest = modified
        mapping = SyncMapping.get_or_none(
            (SyncMapping.tenant == tenant) & (SyncMapping.org_key == target.org_key)
            & (SyncMapping.doc_type == doc_type) & (SyncMapping.finance_id == str(remote["id"])))
        if mapping is None:
            applied += import_new(registry, tenant, target.org_key, types, doc_type, remote)
            continue
        if mapping.module not in by_module:
            continue  # another app's record of this organisation: its own pull applies it
        entry = json.loads(json.dumps(remote, default=str))  # as the mapping keeps it
        if _unchanged(mapping.remote, entry):
            continue
        sync_type = by_module[mapping.module]
        model = registry.modules[mapping.module].model
        with db.atomic():
            if sync_type.apply_remote or sync_type.import_remote:
                lock_record(model, mapping.record_id)  # first, as a user's save does
            # a list entry says less than the record's own answer (Zoho: no lines, no stock): what
            # it says updates what is known, the rest stays
            remote = {**mapping.remote, **entry}
            mapping.remote_json = json.dumps(remote, default=str)
            mapping.save()
            record = None
            if sync_type.apply_remote or sync_type.import_remote:
                record = model.get_scoped(tenant, mapping.record_id)
            if record is not None and sync_type.import_remote is not None:
                values = sync_type.import_remote(remote, RemoteRefs(registry, tenant, target.org_key))
                if values:
                    _write(registry.modules[mapping.module], record, values)
            elif record is not None:
                # a record with rows still to send is left to them: their answers are newer (Y7)
                if apply_if_current(sync_type, record, remote, None, locked=True):
                    report_difference(tenant, target.app, sync_type, record, remote)
        applied += 1
    cursor.cursor, cursor.pulled_at = newest, utcnow()
    cursor.save()
    return applied


def _unchanged(known: dict, remote: dict) -> bool:
    """Nothing new: the same modified time, or (a list entry without one, as Zoho's item
    entries) the same fields as last read."""
    modified = remote.get("last_modified_time")
    if modified:
        return known.get("last_modified_time") == modified
    return all(known.get(key) == value for key, value in remote.items())


class RemoteRefs:
    """What ``SyncType.import_remote`` uses to name CRM records by their finance ids."""

    def __init__(self, registry, tenant, org_key: str):
        self.registry, self.tenant, self.org_key = registry, tenant, org_key
        self._found: dict[tuple, int | None] = {}

    def crm_id(self, module: str, finance_id) -> int | None:
        """The id of the CRM record of ``module`` mapped to ``finance_id``, or ``None``."""
        if finance_id in (None, ""):
            return None
        key = (module, str(finance_id))
        if key not in self._found:
            self._found[key] = SyncMapping.select(SyncMapping.record_id).where(
                (SyncMapping.tenant == self.tenant) & (SyncMapping.org_key == self.org_key)
                & (SyncMapping.module == module) & (SyncMapping.finance_id == str(finance_id))).scalar()
        return self._found[key]

    def record(self, module: str, finance_id):
        """The CRM record of ``module`` mapped to ``finance_id`` (the sales order a package was
        packed from ...), or ``None``."""
        record_id = self.crm_id(module, finance_id)
        if record_id is None:
            return None
        return self.registry.modules[module].model.get_scoped(self.tenant, record_id)

    def parties(self, module: str, finance_id) -> dict | None:
        """``{"account_id", "contact_id"}`` of the CRM record of ``module`` mapped to
        ``finance_id`` (what a package or a subscription's invoice shares with its order or its
        subscription: both its account and its contact), or ``None``."""
        found = self.record(module, finance_id)
        if found is None:
            return None
        return {"account_id": getattr(found, "account_id", None), "contact_id": getattr(found, "contact_id", None)}

    def customer(self, finance_id) -> dict | None:
        """``{"account_id", "contact_id"}`` of the CRM customer a finance contact stands for
        (an account or a contact), or ``None`` when it is none of ours."""
        account = self.crm_id("accounts", finance_id)
        if account is not None:
            return {"account_id": account, "contact_id": None}
        contact = self.crm_id("contacts", finance_id)
        return {"account_id": None, "contact_id": contact} if contact is not None else None


def _write(module, record, values: dict) -> None:
    """What a pull brings of a record the finance application made (its row locked): a new
    version when a save could have overwritten it (core.changes)."""
    changed = {k: v for k, v in values.items() if getattr(record, k, None) != v}
    if changed:
        model = type(record)
        model.update(**changed, updated_at=utcnow()).where(model.id == record.id).execute()
        finance_wrote(module, record, {k: [getattr(record, k, None), v] for k, v in changed.items()})


def import_new(registry, tenant, org_key: str, types: list, doc_type: str, remote: dict) -> int:
    """A record made only in the finance application: the first type whose ``import_remote``
    claims it gets a new CRM record and its mapping, in one transaction. Returns 1 or 0."""
    refs = RemoteRefs(registry, tenant, org_key)
    for sync_type in types:
        if sync_type.import_remote is None:
            continue
        values = sync_type.import_remote(remote, refs)
        if not values:
            continue
        model = registry.modules[sync_type.module].model
        with db.atomic():
            record = model.create(tenant=tenant, **values)
            SyncMapping.create(tenant=tenant, org_key=org_key, module=sync_type.module, record_id=record.id,
                               doc_type=doc_type, finance_id=str(remote["id"]),
                               remote_json=json.dumps(remote, default=str), synced_at=utcnow())
        return 1
    return 0


def last_runs(tenant) -> dict[str, SyncRun]:
    """The latest run of each job, for Setup."""
    latest = {}
    for run in SyncRun.select().where(SyncRun.tenant == tenant).order_by(SyncRun.started_at.desc()).limit(200):
        latest.setdefault(run.job, run)
    return latest

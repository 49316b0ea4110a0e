"""Records deleted in a finance application (Y6). No API tells of deletions, and a pull only
reads what changed, so once a day each app's ids are listed in full and compared with what the
CRM has mapped. A CRM record whose copy is gone loses its mapping and becomes a failed record
in Setup with that reason: Retry sends it again (a new copy), or the user deletes it here."""
from __future__ import annotations

from ..db import db
from ..i18n import N_
from ..models import utcnow
from ..tenancy import enabled_apps
from .engine import Target
from .models import SyncMapping, SyncOutbox, SyncRun

RECONCILE_JOB = "reconcile"
LABEL = N_("Find records deleted in finance applications")
GONE = N_("Deleted in the finance application: Retry sends it again, or delete it here.")


def reconcile(registry, tenant) -> SyncRun:
    """Compare every app's mapped records with the ids its finance application lists; a
    listing that fails leaves that document type alone (nothing is judged on half a list)."""
    run = SyncRun.create(tenant=tenant, job=RECONCILE_JOB, label=LABEL)
    by_app: dict[tuple, list] = {}
    apps = enabled_apps(tenant)
    for sync_type in registry.sync_types.values():
        if sync_type.app in apps and sync_type.to_payload is not None:
            by_app.setdefault((sync_type.app, sync_type.doc_type), []).append(sync_type)
    errors = []
    for (app, doc_type), types in by_app.items():
        try:
            run.done += _reconcile_one(registry, tenant, run, app, doc_type, [t.module for t in types])
        except Exception as exc:  # noqa: BLE001 (one list's failure leaves the others)
            errors.append(f"{app} {doc_type}: {getattr(exc, 'message', exc)}")
    run.failed, run.error = len(errors), "\n".join(errors)
    run.total = run.done
    run.state = "failed" if errors else "ok"
    run.finished_at = utcnow()
    run.save()
    return run


def _reconcile_one(registry, tenant, run, app: str, doc_type: str, modules: list[str]) -> int:
    """The records of ``modules`` whose ``doc_type`` copy is gone: how many were found."""
    target = Target(registry, tenant, app)
    list_ids = getattr(target.service, "list_ids", None)
    if list_ids is None:
        return 0  # a connector that cannot list: nothing to compare with
    started = utcnow()  # a record mapped after the listing began may be missing from it
    listed = {str(i) for i in list_ids(doc_type)}
    mapped = SyncMapping.select().where(
        (SyncMapping.tenant == tenant) & (SyncMapping.org_key == target.org_key)
        & (SyncMapping.doc_type == doc_type) & SyncMapping.module.in_(modules)
        & (SyncMapping.synced_at < started))
    gone = [m for m in mapped if m.finance_id not in listed]
    busy = {(r.module, r.record_id) for r in SyncOutbox.select(SyncOutbox.module, SyncOutbox.record_id).where(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.app == app) & SyncOutbox.state.in_(("pending", "running")))}
    found = 0
    for mapping in gone:
        if (mapping.module, mapping.record_id) in busy:
            continue  # its push will find the copy gone and make a new one
        exists = registry.modules[mapping.module].model.get_scoped(tenant, mapping.record_id) is not None
        with db.atomic():
            mapping.delete_instance()
            if exists:
                SyncOutbox.create(tenant=tenant, app=app, module=mapping.module, record_id=mapping.record_id,
                                  operation="push", state="failed", last_error=GONE, run=run,
                                  next_attempt_at=utcnow())
                found += 1
    return found

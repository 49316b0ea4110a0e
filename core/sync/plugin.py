"""Sync, declared through the hooks like everything else: its tables, jobs, connectors, and
the sync-status strip on the pages of synced records."""
from __future__ import annotations

from ..declarations import ConnectorSpec, DetailStrip, Manifest, Migration, StripItem, SyncJob
from ..hookimpl import hookimpl
from ..i18n import N_, translate_declared
from .models import SYNC_TABLES

manifest = Manifest(name="sync", label=N_("Finance sync"), version="0.1.0",
                    description=N_("Outbox, periodic sync and finance-service connectors."))

def _local(settings: dict):
    from ..finance.local.service import LocalFinance
    return LocalFinance(settings["organization_id"], settings.get("app"))


def _zoho(settings: dict):
    from ..finance.zoho import ZohoConnector
    # a third-party app names the Zoho API it speaks in its settings (``zoho_app``)
    return ZohoConnector(settings, settings.get("zoho_app") or settings.get("app"))


def _zoho_refusal(doc_type: str, action: str, crm_status: str) -> str | None:
    from ..finance.zoho import action_refusal
    return action_refusal(doc_type, action, crm_status)


@hookimpl
def register_finance_doc_types():
    from ..finance.local.builtin_types import builtin_doc_types
    return builtin_doc_types()


@hookimpl
def register_connectors():
    return [ConnectorSpec("local", N_("Embedded finance application"), _local, cursor_overlap_seconds=0),
            ConnectorSpec("zoho", N_("Zoho Finance (Books, Invoice, Expense, Inventory, Billing)"), _zoho,
                          action_refusal=_zoho_refusal)]


def _periodic(run):
    """A periodic job's calls wait first when a finance API's daily budget runs low."""
    def job(tenant):
        from ..finance.base import call_priority
        token = call_priority.set("periodic")
        try:
            run(tenant)
        finally:
            call_priority.reset(token)
    return job


def _push_job(job: str):
    def run(tenant):
        from flask import current_app
        from .jobs import start_push
        from .worker import drain
        registry = current_app.extensions["finsuite"]
        start_push(registry, tenant, job)
        drain(registry)
    return _periodic(run)


@_periodic
def _pull(tenant):
    from flask import current_app
    from .jobs import pull
    pull(current_app.extensions["finsuite"], tenant)


@_periodic
def _reconcile(tenant):
    from flask import current_app
    from .reconcile import reconcile
    reconcile(current_app.extensions["finsuite"], tenant)


@hookimpl
def register_sync_jobs():
    from .jobs import PULL_LABEL, PUSH_JOBS
    from .reconcile import LABEL, RECONCILE_JOB
    jobs = [SyncJob(key=f"sync.{job}", label=label, run=_push_job(job)) for job, label in PUSH_JOBS.items()]
    return jobs + [SyncJob(key="sync.pull", label=PULL_LABEL, run=_pull),
                   SyncJob(key=f"sync.{RECONCILE_JOB}", label=LABEL, run=_reconcile, interval_seconds=24 * 3600)]


def _create_tables(migrator, database):
    database.create_tables(SYNC_TABLES)


def _outbox_finance_id(migrator, database):
    """Databases made before deletions were synced (0001 now creates the column itself)."""
    from playhouse.migrate import migrate
    from .models import SyncOutbox
    if "finance_id" not in {c.name for c in database.get_columns("sync_outbox")}:
        migrate(migrator.add_column("sync_outbox", "finance_id", SyncOutbox.finance_id))


def _outbox_then_refresh(migrator, database):
    """The records a delete's row reads back once done (0001 now creates the column itself)."""
    from ..migrations import add_columns
    from .models import SyncOutbox
    add_columns(SyncOutbox, "then_refresh")(migrator, database)


def _cursor_per_app(migrator, database):
    """Databases made before each app kept its own pull cursors: the column and the unique
    index with it (the old cursors stay, unused: each app's next pull reads from the start)."""
    from playhouse.migrate import migrate
    from .models import SyncCursor
    if "app" not in {c.name for c in database.get_columns("sync_cursor")}:
        old = [i.name for i in database.get_indexes("sync_cursor")
               if set(i.columns) == {"tenant_id", "org_key", "doc_type"}]
        migrate(*[migrator.drop_index("sync_cursor", name) for name in old],
                migrator.add_column("sync_cursor", "app", SyncCursor.app),
                migrator.add_index("sync_cursor", ("tenant_id", "org_key", "doc_type", "app"), True))


def _zoho_limits(migrator, database):
    """The Zoho API's limits and OAuth tokens, shared by every process (Y8)."""
    from ..finance.zoho_tables import ZOHO_TABLES
    database.create_tables(ZOHO_TABLES)


def _connection_failing(migrator, database):
    """Databases made before a failing connection was shown (0001 now creates the columns)."""
    from playhouse.migrate import migrate
    from .models import FinanceConnection
    columns = {c.name for c in database.get_columns("sync_connection")}
    steps = [migrator.add_column("sync_connection", name, getattr(FinanceConnection, name))
             for name in ("failing_since", "failing_reason") if name not in columns]
    if steps:
        migrate(*steps)


def _oauth_state(migrator, database):
    """The single-use states of Connect with Zoho (OAuth)."""
    from .oauth import create_table
    create_table(migrator, database)


def _seal_secrets(migrator, database):
    """Connection secrets stored in clear by earlier versions are encrypted (core/sealing.py)."""
    from .sealed_rows import seal_plain_secrets
    seal_plain_secrets()


@hookimpl
def register_migrations():
    return [Migration("sync", "0001_initial", _create_tables),
            Migration("sync", "0002_outbox_finance_id", _outbox_finance_id),
            Migration("sync", "0003_cursor_per_app", _cursor_per_app),
            Migration("sync", "0004_zoho_limits", _zoho_limits),
            Migration("sync", "0005_connection_failing", _connection_failing),
            Migration("sync", "0006_oauth_state", _oauth_state),
            Migration("sync", "0007_seal_secrets", _seal_secrets),
            Migration("sync", "0008_outbox_then_refresh", _outbox_then_refresh)]


@hookimpl
def detail_strips(module, record, user):
    """Where this record stands with each finance application (Y6 on the record's page)."""
    from flask import current_app, has_app_context
    from .state import sync_states
    from .wording import strip_text
    if module is None or record is None or not has_app_context():
        return None
    registry = current_app.extensions["finsuite"]
    entries = sync_states(registry, record.tenant, module.name, [record.id]).get(record.id)
    if not entries:
        return None
    items = []
    for entry in entries:  # a sentence, the technical detail folded under it (core/sync/wording.py)
        text, detail = strip_text(entry, translate_declared(registry.app_label(entry["app"])))
        items.append(StripItem(registry.app_label(entry["app"]), text, hint=entry["finance_id"] or "", detail=detail))
    return [DetailStrip(key="sync", label=N_("Finance sync"), items=items, order=900)]

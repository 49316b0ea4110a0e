"""Which finance service each app of a tenant talks to, and the tenant's sync switches."""
from __future__ import annotations

import json

from ..models import utcnow
from .models import FinanceConnection, SyncOutbox, SyncSettings

#: apps with an organisation of their own in the embedded finance application (docs/sync.md)
SEPARATE_ORGANISATION = {"invoice"}


def default_organization(tenant, app: str) -> str:
    return f"{tenant.slug}-{app}" if app in SEPARATE_ORGANISATION else tenant.slug


def get_connection(tenant, app: str) -> FinanceConnection:
    """The app's connection, created as ``local`` the first time it is asked for."""
    connection = FinanceConnection.get_or_none((FinanceConnection.tenant == tenant) & (FinanceConnection.app == app))
    if connection is None:
        connection, _ = FinanceConnection.get_or_create(
            tenant=tenant, app=app,
            defaults={"connector": "local", "organization_id": default_organization(tenant, app)})
    return connection


def configure(tenant, app: str, connector: str, organization_id: str | None = None,
              settings: dict | None = None) -> FinanceConnection:
    connection = get_connection(tenant, app)
    connection.connector = connector
    connection.organization_id = organization_id or default_organization(tenant, app)
    connection.settings_json = json.dumps(settings or {})
    connection.updated_at = utcnow()
    connection.failing_since, connection.failing_reason = None, ""
    connection.save()
    rows_due_now(tenant, app)
    return connection


def rows_due_now(tenant, app: str) -> int:
    """The app's rows waiting for a retry are due now (its connection was just changed or
    fixed: they need not wait out their back-off)."""
    from .outbox import wake_up
    count = SyncOutbox.update(next_attempt_at=utcnow()).where(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.app == app) & (SyncOutbox.state == "pending")
        & (SyncOutbox.next_attempt_at > utcnow())).execute()
    wake_up.set()
    return count


def mark_failing(connection: FinanceConnection, reason: str) -> None:
    """Calls fail for the connection itself (credentials refused, service unreachable): shown
    in Setup and on each waiting record's sync strip, since the first failure (Y8)."""
    now = utcnow()
    FinanceConnection.update(failing_since=now).where(
        (FinanceConnection.id == connection.id) & FinanceConnection.failing_since.is_null()).execute()
    FinanceConnection.update(failing_reason=reason[:1000]).where(FinanceConnection.id == connection.id).execute()
    connection.failing_since = connection.failing_since or now
    connection.failing_reason = reason[:1000]


def mark_working(connection: FinanceConnection) -> None:
    """A call went through: the connection is no longer failing."""
    if connection.failing_since is None:
        return
    FinanceConnection.update(failing_since=None, failing_reason="").where(
        FinanceConnection.id == connection.id).execute()
    connection.failing_since, connection.failing_reason = None, ""


def service_for(registry, connection: FinanceConnection):
    """A :class:`core.finance.base.FinanceService` for the connection."""
    spec = registry.connectors.get(connection.connector)
    if spec is None:
        raise LookupError(f"no connector named {connection.connector!r} is installed")
    settings = {**connection.settings, "organization_id": connection.organization_id, "app": connection.app}
    return spec.factory(settings)


def sync_settings(tenant) -> SyncSettings:
    row = SyncSettings.get_or_none(SyncSettings.tenant == tenant)
    if row is None:
        row, _ = SyncSettings.get_or_create(tenant=tenant)
    return row


def is_instant(sync_type, tenant) -> bool:
    if sync_type.instant:
        return True
    if sync_type.instant_switch is None:
        return False
    return bool(getattr(sync_settings(tenant), f"instant_{sync_type.instant_switch}"))

"""Which finance service each app of a tenant talks to, and the tenant's sync switches."""
from __future__ import annotations

from ..models import utcnow
from .models import FinanceConnection, SyncOutbox, SyncSettings

#: apps with an organisation of their own in the embedded finance application (docs/sync.md)
SEPARATE_ORGANISATION = {"invoice"}


#: the connector whose organisations live in the embedded finance application: a tenant's own only
EMBEDDED = "local"


class ForeignOrganisation(ValueError):
    """An embedded organisation named for a tenant that is not one of its own."""


def default_organization(tenant, app: str) -> str:
    return f"{tenant.slug}-{app}" if app in SEPARATE_ORGANISATION else tenant.slug


def own_organizations(slug: str) -> tuple[str, ...]:
    """The embedded organisations of the tenant ``slug``: ``<slug>`` and ``<slug>-invoice``."""
    return (slug, *(f"{slug}-{app}" for app in sorted(SEPARATE_ORGANISATION)))


def foreign_organisation(tenant, connector: str, organization_id: str) -> str | None:
    """Why ``tenant`` may not use ``organization_id`` with ``connector`` (``None``: it may). The
    embedded application's organisations belong to their tenant; another service's (Zoho's)
    are reached only with their own credentials."""
    if connector != EMBEDDED or organization_id in own_organizations(tenant.slug):
        return None
    return (f"the embedded organisation {organization_id!r} is not this organisation's: use one of "
            + ", ".join(own_organizations(tenant.slug)))


def clashing_slugs(slug: str) -> set[str]:
    """The tenant slugs whose embedded organisations a tenant ``slug`` would share (``x`` and
    ``x-invoice``: ``x-invoice`` is ``x``'s Invoice organisation); no two tenants may exist."""
    found = set(own_organizations(slug))
    for app in SEPARATE_ORGANISATION:
        if slug.endswith(f"-{app}"):
            found.add(slug[: -len(app) - 1])
    return found


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
    """Set the app's connection; ``ForeignOrganisation`` if it names an embedded organisation
    that is not the tenant's."""
    organization_id = organization_id or default_organization(tenant, app)
    refusal = foreign_organisation(tenant, connector, organization_id)
    if refusal:
        raise ForeignOrganisation(refusal)
    connection = get_connection(tenant, app)
    connection.connector = connector
    connection.organization_id = organization_id
    connection.store_settings(settings or {})
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


def service_for(registry, connection: FinanceConnection, tenant=None):
    """A :class:`core.finance.base.FinanceService` for the connection (``tenant``: its tenant,
    if at hand). A stored embedded organisation that is not the tenant's (a setting changed
    behind the form's back) is a :class:`ConnectionFailure`: its rows wait, nothing is sent."""
    from ..finance.base import ConnectionFailure
    from ..sealing import SecretsKeyError
    spec = registry.connectors.get(connection.connector)
    if spec is None:
        raise LookupError(f"no connector named {connection.connector!r} is installed")
    refusal = foreign_organisation(tenant or connection.tenant, connection.connector, connection.organization_id)
    if refusal:
        raise ConnectionFailure(refusal[0].upper() + refusal[1:])
    try:
        settings = {**connection.settings, "organization_id": connection.organization_id, "app": connection.app}
    except SecretsKeyError as exc:
        raise ConnectionFailure(exc.message[0].upper() + exc.message[1:]) from None
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

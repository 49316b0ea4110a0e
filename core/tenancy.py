"""Which apps a tenant has enabled, and switching them on and off."""
from __future__ import annotations

from .i18n import _, translate_declared
from .models import Tenant, TenantPlugin, utcnow


class DependencyError(Exception):
    """Enabling or disabling would break a plugin's ``depends``."""


def enabled_apps(tenant: Tenant) -> list[str]:
    query = TenantPlugin.select(TenantPlugin.plugin).where(
        (TenantPlugin.tenant == tenant) & (TenantPlugin.enabled == True))  # noqa: E712
    return sorted(row.plugin for row in query)


def app_enabled(tenant, name: str) -> bool:
    """Whether ``tenant`` (a tenant or its id) has app ``name`` enabled: the current request's
    list when the request is that tenant's (no query), else the database's."""
    from flask import g, has_app_context
    tenant_id = getattr(tenant, "id", tenant)
    current = getattr(g, "tenant", None) if has_app_context() else None
    if current is not None and current.id == tenant_id and getattr(g, "apps", None) is not None:
        return name in g.apps
    return TenantPlugin.select().where((TenantPlugin.tenant == tenant_id) & (TenantPlugin.plugin == name)
                                       & (TenantPlugin.enabled == True)).exists()  # noqa: E712


def set_enabled(registry, tenant: Tenant, name: str, enabled: bool) -> None:
    """Enable or disable app ``name`` for ``tenant``. Disabling keeps all its data.

    Enabling needs the app's ``depends`` enabled first; disabling is refused while an
    enabled app depends on it.
    """
    manifest = registry.manifests.get(name)
    if manifest is None or name in registry.core_names:
        raise DependencyError(_("No app named %(name)s is installed.", name=repr(name)))
    current = set(enabled_apps(tenant))
    if enabled:
        missing = [d for d in manifest.depends if d not in current]
        if missing:
            raise DependencyError(_("%(app)s needs %(apps)s enabled first.", app=translate_declared(manifest.label),
                                      apps=", ".join(missing)))
    else:
        users = [other for other in current if other != name
                 and name in registry.manifests.get(other, manifest).depends]
        if users:
            raise DependencyError(_("%(apps)s depends on %(app)s: disable it first.", apps=", ".join(sorted(users)),
                                      app=translate_declared(manifest.label)))
    row, created = TenantPlugin.get_or_create(tenant=tenant, plugin=name, defaults={"enabled": enabled})
    if not created and row.enabled != enabled:
        row.enabled = enabled
        row.changed_at = utcnow()
        row.save()


def enable_apps(registry, tenant: Tenant, names) -> None:
    """Enable several apps, dependencies first."""
    pending = [n for n in names if n]
    for _ in range(len(pending) + 1):
        progressed = False
        for name in list(pending):
            deps = registry.manifests[name].depends if name in registry.manifests else ()
            if all(d in enabled_apps(tenant) or d not in pending for d in deps):
                set_enabled(registry, tenant, name, True)
                pending.remove(name)
                progressed = True
        if not pending or not progressed:
            break
    for name in pending:
        set_enabled(registry, tenant, name, True)

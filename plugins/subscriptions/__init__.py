"""Subscriptions: subscriptions of accounts and contacts, viewed, added and edited in context (no
tab), synced at once with the finance application, with the invoices it bills for them (S1)."""
from __future__ import annotations

from core import N_, Manifest, Migration, Permission, hookimpl

from .actions import permission_denied, status_actions  # noqa: F401  (hook implementations live in the submodules)
from .demo import demo_records  # noqa: F401
from .models import TABLES
from .modules import MODULES, SUBSCRIPTIONS
from .pages import related_lists  # noqa: F401
from .sync import register_sync_types  # noqa: F401

manifest = Manifest(name="subscriptions", label=N_("Subscriptions"), version="0.2.0",
                    description=N_("Subscriptions of accounts and contacts, viewed and edited in context."))


@hookimpl
def register_modules():
    return list(MODULES)


@hookimpl
def register_permissions():
    return [Permission("app.subscriptions", N_("Access Subscriptions"), N_("Apps"))]


@hookimpl
def register_migrations():
    return [Migration("subscriptions", "0001_tables", lambda migrator, database: database.create_tables(TABLES))]


@hookimpl
def record_title(module, record):
    """A subscription not synced yet is shown by its plan until the finance application numbers it."""
    if module is SUBSCRIPTIONS and not record.number:
        return f"{record.plan_name or record.plan_code} (#{record.id})"
    return None

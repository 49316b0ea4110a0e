"""Inventory: packages and shipments of accounts and contacts (no tab, read-only, pulled from the
finance application), items ordered and shipments in progress on accounts, stock on product
pages (V1, V2)."""
from __future__ import annotations

from core import N_, Manifest, Migration, Permission, gettext, hookimpl

from .models import TABLES
from .modules import MODULES, PACKAGES
from .pages import detail_strips, product_sections, related_lists  # noqa: F401  (hooks live in the submodules)
from .sync import register_sync_types  # noqa: F401

manifest = Manifest(name="inventory", label=N_("Inventory"), version="0.2.0",
                    description=N_("Packages and shipments on accounts and contacts; stock on product pages."))


@hookimpl
def register_modules():
    return list(MODULES)


@hookimpl
def register_permissions():
    return [Permission("app.inventory", N_("Access Inventory"), N_("Apps"))]


@hookimpl
def register_migrations():
    return [Migration("inventory", "0001_packages", lambda migrator, database: database.create_tables(TABLES))]


@hookimpl
def record_title(module, record):
    """A package is shown by its number."""
    if module is PACKAGES:
        return record.number or gettext("Package #%(id)s", id=record.id)
    return None

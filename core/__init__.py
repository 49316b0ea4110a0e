"""Finsuite's public plugin API: everything a plugin may import from the core, and nothing else.

Plugins use ``hookimpl`` to implement the hooks of :mod:`core.hookspecs`, return the
declarations below, build their tables on ``TenantModel`` and their schemas on
``RecordSchema``.
"""
from .app import create_app
from .declarations import (
    Column, ConnectorSpec, DashboardComponent, DetailStrip, EmailOption, Manifest, Migration, Module,
    PdfTemplate, Permission, ProductSection, RelatedList, Report, StatusAction, StripItem, SyncJob, SyncType, Tab,
)
from .hookimpl import hookimpl
from .i18n import format_money, gettext, lazy_gettext
from .models import MoneyField, TenantModel, money_sum, to_money
from .permissions import can, can_module
from .records import Conflict, Invalid, NotFound
from .sync.master import master_sync_types
from .schemas import Money, Rate, RecordSchema, email_field, reference, required_text, text

__all__ = [
    "Column", "Conflict", "ConnectorSpec", "DashboardComponent", "DetailStrip", "EmailOption", "Invalid",
    "Manifest", "Migration", "Module", "Money", "MoneyField", "NotFound", "PdfTemplate", "Permission",
    "ProductSection", "Rate", "RecordSchema", "RelatedList", "Report", "StatusAction", "StripItem",
    "SyncJob", "SyncType", "Tab", "TenantModel", "can", "can_module", "create_app", "email_field", "format_money",
    "gettext", "hookimpl", "money_sum", "lazy_gettext", "master_sync_types", "reference", "required_text", "text", "to_money",
]

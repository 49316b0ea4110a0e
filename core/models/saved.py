"""What users save of the reports engine: list views, reports and dashboards. Each belongs to
its owner, private or shared with the organisation; a definition is stored as the JSON of
:meth:`core.reports.Definition.to_dict`."""
from __future__ import annotations

import json

import peewee

from .auth import User
from .base import TenantModel


class JsonField(peewee.TextField):
    """A JSON value in a text column (lists and objects of plain values)."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True, separators=(",", ":"))

    def python_value(self, value):
        return None if value is None else json.loads(value)


class SavedView(TenantModel):
    """A custom view of one module's list (B10): its filters, columns and sort."""

    module = peewee.CharField(max_length=63)
    name = peewee.CharField(max_length=100)
    owner = peewee.ForeignKeyField(User, on_delete="CASCADE")
    shared = peewee.BooleanField(default=False)
    filters = JsonField(default=list)
    columns = JsonField(default=list)
    sort = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "saved_view"
        indexes = ((("tenant", "module", "name"), False),)


class SavedReport(TenantModel):
    """A report built by a user (``key`` ``custom.<id>``), or the organisation's version of a
    default report (``key`` the default's, ``based_on`` it too: "Restore default" deletes it)."""

    key = peewee.CharField(max_length=100)
    label = peewee.CharField(max_length=200)
    folder = peewee.CharField(max_length=63, default="custom")
    description = peewee.TextField(default="")
    definition = JsonField()
    owner = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    shared = peewee.BooleanField(default=True)
    based_on = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "saved_report"
        indexes = ((("tenant", "key"), True),)


class Dashboard(TenantModel):
    """A dashboard (B12): its components in order, each ``{"report", "label", "chart", "width"}``;
    ``based_on`` names the default dashboard it was made from."""

    name = peewee.CharField(max_length=100)
    owner = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    shared = peewee.BooleanField(default=True)
    components = JsonField(default=list)
    based_on = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "dashboard"
        indexes = ((("tenant", "name"), False),)

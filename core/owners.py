"""Record owners: the user a record belongs to (the CRM's records, finance documents, expenses).

``core.create_record`` makes the acting user the owner of a new record whose model has an
``owner`` field; a record made without a user (a sync, an automation) has none. Schemas show
``owner_id`` read-only; lists filter by it and pages show the owner's name.
"""
from __future__ import annotations

import peewee

from .migrations import add_columns, ensure_index
from .models import User


def owner_field() -> peewee.ForeignKeyField:
    """A model's ``owner`` (column ``owner_id``): kept when the user is gone, as an empty owner."""
    return peewee.ForeignKeyField(User, null=True, on_delete="SET NULL", backref="+")


def owner_columns(models: dict):
    """A migration step (``up(migrator, database)``): each model's table gains ``owner_id``
    where a database made before owners lacks it (a table made since has it from its model),
    and the index ``(tenant_id, owner_id, <date field>, id)`` that a list filtered by owner reads
    newest first. ``models``: model -> the date field its list sorts by."""
    def up(migrator, database) -> None:
        for model, date_field in models.items():
            add_columns(model, "owner")(migrator, database)
            ensure_index(database, model._meta.table_name, ("tenant_id", "owner_id", date_field, "id"))
    return up

"""Per-tenant plugin switches, applied schema migrations, and the audit log."""
from __future__ import annotations

import peewee

from .auth import User
from .base import BaseModel, Tenant, utcnow


class TenantPlugin(BaseModel):
    """Whether a tenant has a plugin enabled. Disabling keeps the plugin's data."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE", backref="plugins")
    plugin = peewee.CharField(max_length=63)
    enabled = peewee.BooleanField(default=True)
    changed_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("tenant", "plugin"), True),)


class TenantSetting(BaseModel):
    """A tenant's value of an app's :class:`core.Setting` (absent: the declared default)."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    key = peewee.CharField(max_length=100)
    value = peewee.CharField(max_length=200)
    changed_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("tenant", "key"), True),)


class SchemaMigration(BaseModel):
    app = peewee.CharField(max_length=63)
    name = peewee.CharField(max_length=200)
    applied_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("app", "name"), True),)


class AuditLog(BaseModel):
    """Who changed what: one row per create, update, delete or status action (numbered with the
    record's version, :mod:`core.changes`) and per e-mail sent."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    user = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")
    module = peewee.CharField(max_length=100)
    record_id = peewee.IntegerField()
    action = peewee.CharField(max_length=50)
    changes = peewee.TextField(default="{}")
    created_at = peewee.DateTimeField(default=utcnow)
    #: the record's version this write made (``core.changes``); ``None``: not a write (an e-mail)
    version = peewee.IntegerField(null=True)

    class Meta:
        indexes = ((("tenant", "module", "record_id"), False),
                   (("tenant", "module", "record_id", "version"), True))


class IdempotencyKey(BaseModel):
    """An API POST sent with an ``Idempotency-Key`` (``core.api.idempotency``): the first
    request's fingerprint and, once it finished, its answer, replayed for 24 hours."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    user = peewee.ForeignKeyField(User, on_delete="CASCADE")
    key = peewee.CharField(max_length=255)
    fingerprint = peewee.CharField(max_length=64)  # SHA-256 of the method, path and body
    state = peewee.CharField(max_length=10, default="running")  # running, done
    status = peewee.IntegerField(null=True)
    headers = peewee.TextField(default="{}")
    body = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = ((("user", "key"), True),)

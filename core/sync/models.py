"""The CRM side of sync: connections, CRM id <-> finance id mappings, the outbox, runs, cursors."""
from __future__ import annotations

import json

import peewee

from ..models import BaseModel, Tenant, utcnow
from ..sealing import seal, unseal

#: the settings of a connection stored encrypted (``{"sealed": <Fernet token>}``; core/sealing.py)
SECRET_SETTINGS = ("client_secret", "refresh_token", "access_token")


def is_sealed(value) -> bool:
    return isinstance(value, dict) and set(value) == {"sealed"}

OUTBOX_STATES = ("pending", "running", "done", "failed")


class FinanceConnection(BaseModel):
    """Which finance service an app of a tenant talks to: ``local`` or ``zoho`` (with its
    organisation and credentials in ``settings``)."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    app = peewee.CharField(max_length=63)
    connector = peewee.CharField(max_length=63, default="local")
    organization_id = peewee.CharField(max_length=100)
    settings_json = peewee.TextField(default="{}")
    updated_at = peewee.DateTimeField(default=utcnow)
    #: since when calls fail for the connection itself (credentials refused, service
    #: unreachable) and why; empty once a call succeeds (Y8)
    failing_since = peewee.DateTimeField(null=True)
    failing_reason = peewee.TextField(default="")

    class Meta:
        table_name = "sync_connection"
        indexes = ((("tenant", "app"), True),)

    @property
    def stored_settings(self) -> dict:
        """The settings as stored: secrets still sealed (what forms read and keep)."""
        return json.loads(self.settings_json or "{}")

    @property
    def settings(self) -> dict:
        """The settings with their secrets decrypted (``SecretsKeyError`` with a wrong key)."""
        return {key: unseal(value["sealed"]) if is_sealed(value) else value
                for key, value in self.stored_settings.items()}

    def store_settings(self, settings: dict) -> None:
        """Keep ``settings``, its secrets encrypted (those already sealed are kept as they are)."""
        self.settings_json = json.dumps({
            key: {"sealed": seal(value)} if key in SECRET_SETTINGS and value and isinstance(value, str) else value
            for key, value in settings.items()})

    @property
    def org_key(self) -> str:
        """Mappings are kept per finance organisation, shared by the apps that use it."""
        return f"{self.connector}:{self.organization_id}"


class SyncSettings(BaseModel):
    """Per tenant: instant sync of accounts/contacts (and vendors) and of products (Y4)."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE", unique=True)
    instant_contacts = peewee.BooleanField(default=False)
    instant_products = peewee.BooleanField(default=False)

    class Meta:
        table_name = "sync_settings"


class SyncMapping(BaseModel):
    """One CRM record known to one finance organisation, with what it last said about it."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    org_key = peewee.CharField(max_length=170)
    module = peewee.CharField(max_length=100)
    record_id = peewee.IntegerField()
    doc_type = peewee.CharField(max_length=50)
    finance_id = peewee.CharField(max_length=100)
    remote_json = peewee.TextField(default="{}")
    synced_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "sync_mapping"
        indexes = (
            (("tenant", "org_key", "module", "record_id"), True),
            (("tenant", "org_key", "doc_type", "finance_id"), True),
        )

    @property
    def remote(self) -> dict:
        return json.loads(self.remote_json or "{}")


class SyncRun(BaseModel):
    """One run of a sync job for a tenant: what Setup shows as history and progress."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    job = peewee.CharField(max_length=100)
    label = peewee.CharField(max_length=200, default="")
    state = peewee.CharField(max_length=20, default="running")  # running, ok, failed
    total = peewee.IntegerField(default=0)
    done = peewee.IntegerField(default=0)
    failed = peewee.IntegerField(default=0)
    error = peewee.TextField(default="")
    started_at = peewee.DateTimeField(default=utcnow)
    finished_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "sync_run"
        indexes = ((("tenant", "job", "started_at"), False),)


class SyncOutbox(BaseModel):
    """What must reach a finance application: written in the transaction of the save."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    app = peewee.CharField(max_length=63)
    module = peewee.CharField(max_length=100)
    record_id = peewee.IntegerField()
    operation = peewee.CharField(max_length=100, default="push")  # push | action:<key> | delete
    #: for ``delete``: the finance id of the record, whose mapping went with the CRM record
    finance_id = peewee.CharField(max_length=100, default="")
    #: for ``delete``: the records to read back once it is done, JSON ``[[module, id], ...]``
    #: (``SyncType.refreshes`` of the deleted record: a payment's invoices). Nullable: a process
    #: still running the release before it inserts rows without it
    then_refresh = peewee.TextField(null=True)
    state = peewee.CharField(max_length=20, default="pending")
    attempts = peewee.IntegerField(default=0)
    next_attempt_at = peewee.DateTimeField(default=utcnow)
    claimed_by = peewee.CharField(max_length=100, default="")
    claimed_at = peewee.DateTimeField(null=True)
    last_error = peewee.TextField(default="")
    run = peewee.ForeignKeyField(SyncRun, null=True, on_delete="SET NULL")
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "sync_outbox"
        indexes = (
            (("state", "next_attempt_at"), False),
            (("tenant", "module", "record_id"), False),
        )


class SyncCursor(BaseModel):
    """How far one app's pull of one document type of one organisation has read (apps keep
    their own: Zoho Books' and Billing's ``/invoices`` are different lists, and an app enabled
    later reads from the start)."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    org_key = peewee.CharField(max_length=170)
    doc_type = peewee.CharField(max_length=50)
    app = peewee.CharField(max_length=63, default="")
    cursor = peewee.DateTimeField(null=True)
    pulled_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "sync_cursor"
        indexes = ((("tenant", "org_key", "doc_type", "app"), True),)


SYNC_TABLES = [FinanceConnection, SyncSettings, SyncMapping, SyncRun, SyncOutbox, SyncCursor]

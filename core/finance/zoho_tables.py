"""The tables the ``zoho`` transport shares with every process (migration
``sync.0004_zoho_limits``): Zoho's limits per organisation (core/finance/zoho_quota.py) and
OAuth tokens per set of credentials (core/finance/zoho_token.py). Times are epoch seconds of
:func:`clock`."""
from __future__ import annotations

import time

import peewee

from ..db import db, is_postgres
from ..models import BaseModel
from ..sealing import SealedText


def clock() -> float:
    """Now, in epoch seconds: the database's clock on PostgreSQL, this host's on SQLite."""
    if is_postgres():
        return float(db.execute_sql("SELECT extract(epoch FROM clock_timestamp())").fetchone()[0])
    return time.time()


class ApiQuota(BaseModel):
    """One organisation: today's calls, what Zoho last said remains, a pause after a 429."""

    key = peewee.CharField(max_length=64, unique=True)
    api_base = peewee.CharField(max_length=255)
    organization_id = peewee.CharField(max_length=100)
    day = peewee.CharField(max_length=10, default="")  # the UTC day of calls_today
    calls_today = peewee.IntegerField(default=0)
    zoho_limit = peewee.IntegerField(null=True)
    zoho_remaining = peewee.IntegerField(null=True)
    zoho_reset_at = peewee.DoubleField(null=True)
    paused_until = peewee.DoubleField(default=0.0)

    class Meta:
        table_name = "sync_api_quota"


class ApiCall(BaseModel):
    """A call sent (or about to be): in flight until ``lease_until``, in the window until
    ``window_until``."""

    quota = peewee.ForeignKeyField(ApiQuota, on_delete="CASCADE")
    started = peewee.DoubleField()
    lease_until = peewee.DoubleField()
    window_until = peewee.DoubleField()

    class Meta:
        table_name = "sync_api_call"
        indexes = ((("quota", "window_until"), False),)


class OAuthToken(BaseModel):
    """The access token of one set of credentials (key: a hash of accounts URL, client id and
    refresh token), and who is fetching a new one (``refreshing_until``, a lease)."""

    key = peewee.CharField(max_length=64, unique=True)
    access_token = SealedText(default="", forgetful=True)  # unreadable: fetched again
    expires_at = peewee.DoubleField(default=0.0)  # epoch seconds
    refreshing_until = peewee.DoubleField(default=0.0)
    refreshed_at = peewee.DoubleField(null=True)
    refreshes = peewee.IntegerField(default=0)

    class Meta:
        table_name = "sync_oauth_token"


ZOHO_TABLES = [ApiQuota, ApiCall, OAuthToken]

"""Connects waiting for Zoho's answer: the ``state`` of an OAuth authorization request (A1).

A state is random, stored hashed, lives :data:`STATE_TTL` seconds and is used once; it is bound
to the admin's session (the hash of the session id), the tenant and the app, and keeps what the
connection will become (organisation, client id and secret, URLs) until Zoho's redirect brings
the code back. A connection is changed only then, so a refused consent changes nothing."""
from __future__ import annotations

import datetime as dt
import json
import secrets

import peewee

from ..models import BaseModel, Tenant, User, hash_secret, utcnow
from ..sealing import SealedText

STATE_TTL = 600  # seconds: long enough to sign in to Zoho on the way


class OAuthState(BaseModel):
    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    app = peewee.CharField(max_length=63)
    user = peewee.ForeignKeyField(User, on_delete="CASCADE")
    session_hash = peewee.CharField(max_length=64)
    state_hash = peewee.CharField(max_length=64, unique=True)
    pending_json = SealedText(default="{}", forgetful=True)  # holds the client secret
    created_at = peewee.DateTimeField(default=utcnow)
    expires_at = peewee.DateTimeField()

    class Meta:
        table_name = "sync_oauth_state"
        indexes = ((("tenant", "expires_at"), False),)

    @property
    def pending(self) -> dict:
        return json.loads(self.pending_json or "{}")


def begin(tenant, user, session_id: str, app: str, pending: dict) -> str:
    """A new state for ``app`` of ``tenant``, started in the session ``session_id``."""
    OAuthState.delete().where((OAuthState.tenant == tenant) & (OAuthState.expires_at <= utcnow())).execute()
    state = secrets.token_urlsafe(32)
    OAuthState.create(tenant=tenant, app=app, user=user, session_hash=hash_secret(session_id),
                      state_hash=hash_secret(state), pending_json=json.dumps(pending),
                      expires_at=utcnow() + dt.timedelta(seconds=STATE_TTL))
    return state


def take(tenant, session_id: str | None, state: str | None) -> OAuthState | None:
    """The pending connect of ``state`` if it was started by this session of this tenant and has
    not expired, deleted at once: a second use, or a use from another session or tenant, finds
    nothing."""
    if not state or not session_id:
        return None
    row = OAuthState.get_or_none((OAuthState.tenant == tenant) & (OAuthState.state_hash == hash_secret(state))
                                 & (OAuthState.session_hash == hash_secret(session_id))
                                 & (OAuthState.expires_at > utcnow()))
    if row is None or not row.pending_json:
        return None  # none, or unreadable with this secrets key: started again
    # the delete decides between two requests racing with the same state: one wins
    won = OAuthState.delete().where((OAuthState.id == row.id) & (OAuthState.tenant == tenant)).execute()
    return row if won == 1 else None


def create_table(migrator, database) -> None:
    database.create_tables([OAuthState])

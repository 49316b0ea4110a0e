"""Profiles, users, server-side sessions and API tokens."""
from __future__ import annotations

import hashlib
import json
import secrets

import peewee

from .base import BaseModel, Tenant, utcnow


class Profile(BaseModel):
    """A named set of granted permission keys (``accounts.view``, ``app.books``, ``books.email`` ...)."""

    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE", backref="profiles")
    name = peewee.CharField(max_length=100)
    is_admin = peewee.BooleanField(default=False)
    grants_json = peewee.TextField(default="[]")

    class Meta:
        indexes = ((("tenant", "name"), True),)

    @property
    def grants(self) -> frozenset[str]:
        cached = self.__dict__.get("_grants")
        if cached is None:
            cached = frozenset(json.loads(self.grants_json or "[]"))
            self.__dict__["_grants"] = cached
        return cached

    @grants.setter
    def grants(self, keys) -> None:
        self.grants_json = json.dumps(sorted(set(keys)))
        self.__dict__.pop("_grants", None)


class User(BaseModel):
    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE", backref="users")
    email = peewee.CharField(max_length=254, unique=True)
    name = peewee.CharField(max_length=200, default="")
    password_hash = peewee.CharField(max_length=300)
    profile = peewee.ForeignKeyField(Profile, on_delete="RESTRICT")
    is_active = peewee.BooleanField(default=True)
    created_at = peewee.DateTimeField(default=utcnow)
    #: the language this user reads the product in ("fr", "en"); "" follows the organisation's
    language = peewee.CharField(max_length=10, default="")

    def __str__(self):
        return self.name or self.email


def hash_secret(secret: str) -> str:
    """Session ids and API tokens are random and long: a plain SHA-256 stores them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UserSession(BaseModel):
    """A login. The cookie carries the secret; logout or a password change deletes the row."""

    key_hash = peewee.CharField(max_length=64, unique=True)
    user = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="sessions")
    created_at = peewee.DateTimeField(default=utcnow)
    last_seen_at = peewee.DateTimeField(default=utcnow)

    @classmethod
    def open(cls, user) -> str:
        secret = secrets.token_urlsafe(32)
        cls.create(key_hash=hash_secret(secret), user=user)
        return secret


class ApiToken(BaseModel):
    user = peewee.ForeignKeyField(User, on_delete="CASCADE", backref="tokens")
    name = peewee.CharField(max_length=100, default="")
    token_hash = peewee.CharField(max_length=64, unique=True)
    created_at = peewee.DateTimeField(default=utcnow)
    last_used_at = peewee.DateTimeField(null=True)

    @classmethod
    def issue(cls, user, name: str = "") -> str:
        """Create a token for ``user`` and return its secret (shown once, stored hashed)."""
        secret = "fs_" + secrets.token_urlsafe(32)
        cls.create(user=user, name=name, token_hash=hash_secret(secret))
        return secret


class LoginFailure(BaseModel):
    """A failed (or still running) sign-in, counted per account and per client address by
    :mod:`core.login_throttle`; rows older than the throttle's window are deleted."""

    account_key = peewee.CharField(max_length=64)  # SHA-256 of the e-mail as typed, normalised
    address = peewee.CharField(max_length=64)
    failed_at = peewee.DateTimeField(default=utcnow, index=True)

    class Meta:
        indexes = ((("account_key", "failed_at"), False), (("address", "failed_at"), False))

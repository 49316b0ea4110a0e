"""The OAuth access token of a set of Zoho credentials, shared by every process through the
database (table ``sync_oauth_token``, keyed by a hash of accounts URL + client id + refresh
token), so N worker and web processes ask the accounts server once per expiry (Zoho also
limits how many tokens a refresh token may be given).

A refresh locks the row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``)
and re-reads it: a token someone else fetched meanwhile (not the one refused) is used. Else it
marks the row as being refreshed (``refreshing_until``, a lease: a killed process cannot stop
the others for long), commits, and asks the accounts server outside any transaction (SQLite's
write lock is never held over an HTTP call); the others wait for the new token.
"""
from __future__ import annotations

import hashlib
import socket
import time
from typing import Callable
from urllib.parse import urlsplit

import requests

from ..db import db, is_postgres
from .base import ConnectionFailure, TransientError
from .zoho_quota import POLL
from .zoho_tables import OAuthToken, clock

#: the accounts server's ``error`` for credentials it refuses -> what a person is told
REFUSED = {"invalid_code": "invalid refresh token", "invalid_client": "invalid client id",
           "invalid_client_secret": "invalid client secret", "invalid_grant": "invalid refresh token",
           "unauthorized_client": "client not authorised", "invalid_redirect_uri": "invalid redirect URI"}


def token_key(settings: dict) -> str:
    parts = (settings.get("accounts_url") or "", settings.get("client_id") or "",
             settings.get("refresh_token") or "")
    return hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()


def current(key: str) -> tuple[str | None, float, float]:
    """``(access token or None, its expiry, now)`` as the database has them."""
    row = OAuthToken.get_or_none(OAuthToken.key == key)
    now = clock()
    if row is None or not row.access_token:
        return None, 0.0, now
    return row.access_token, row.expires_at, now


def _locked(key: str) -> OAuthToken:
    query = OAuthToken.select().where(OAuthToken.key == key)
    if is_postgres():
        query = query.for_update()
    row = query.get_or_none()
    if row is None:
        OAuthToken.insert(key=key).on_conflict_ignore().execute()
        row = query.get()
    return row


def refresh(key: str, stale: str | None, ask: Callable[[], tuple[str, float]],
            lease: float = 60.0, sleep=time.sleep) -> tuple[str, float]:
    """A valid token other than ``stale`` (the one refused or expired): the one another
    process fetched meanwhile, or a new one from ``ask() -> (token, expires_in)`` (:func:`fetch`).
    Returns ``(token, expires_at)``."""
    while True:
        with db.atomic():
            row = _locked(key)
            now = clock()
            if row.access_token and row.access_token != stale and row.expires_at > now:
                return row.access_token, row.expires_at
            # the claim is a compare-and-set: on SQLite the read above locks nothing, so two
            # processes may both find the lease free; only the one whose UPDATE still finds it
            # free and no refresh done since its read (the count; the token itself is sealed,
            # differently each time) refreshes: the other reads the new token next
            mine = row.refreshing_until <= now and OAuthToken.update(refreshing_until=now + lease).where(
                (OAuthToken.id == row.id) & (OAuthToken.refreshing_until <= now)
                & (OAuthToken.refreshes == row.refreshes)).execute() == 1
        if mine:
            break
        sleep(POLL)
    try:
        sent = clock()
        token, expires_in = ask()
    except BaseException:
        OAuthToken.update(refreshing_until=0.0).where(OAuthToken.key == key).execute()
        raise
    expires_at = sent + expires_in  # counted from before the request: never later than Zoho's
    OAuthToken.update(access_token=token, expires_at=expires_at, refreshing_until=0.0, refreshed_at=clock(),
                      refreshes=OAuthToken.refreshes + 1).where(OAuthToken.key == key).execute()
    return token, expires_at


def fetch(session: requests.Session, s: dict, timeout: float) -> tuple[str, float]:
    """``(access token, seconds it lives)`` from Zoho's accounts server."""
    url = s.get("accounts_url", "https://accounts.zoho.com").rstrip("/") + "/oauth/v2/token"
    try:
        resp = session.post(url, timeout=timeout, data={
            "grant_type": "refresh_token", "refresh_token": s.get("refresh_token"),
            "client_id": s.get("client_id"), "client_secret": s.get("client_secret")})
        body = resp.json()
    except requests.Timeout as exc:
        raise TransientError(f"Zoho's accounts server did not answer within {timeout:g} s") from exc
    except requests.RequestException as exc:
        raise unreachable(exc, "Zoho's accounts server") from exc
    except ValueError as exc:
        raise TransientError(f"Zoho's accounts server answered HTTP {resp.status_code} "
                             "without JSON") from exc
    token = body.get("access_token") if isinstance(body, dict) else None
    if resp.status_code == 200 and token:
        return token, float(body.get("expires_in", 3600))
    error = body.get("error") if isinstance(body, dict) else None
    if error and error in REFUSED:
        raise ConnectionFailure(f"Zoho refused the credentials: {REFUSED[error]} ({error})", 401)
    raise TransientError(f"Zoho's accounts server gave no token: {error or resp.status_code}",
                         resp.status_code)


def unreachable(exc: requests.RequestException, who: str) -> TransientError:
    """Connection refused or a name not found: ``ConnectionFailure`` (nothing arrived).
    Another error (a connection broken under way) is a ``TransientError``: it may have."""
    seen, todo = set(), [exc]
    while todo:
        error = todo.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ConnectionRefusedError):
            return ConnectionFailure(f"{who} unreachable: connection refused")
        if isinstance(error, socket.gaierror):
            host = urlsplit(getattr(exc.request, "url", None) or "").hostname
            return ConnectionFailure(f"{who} unreachable: host {host} not found")
        todo += [error.__cause__, error.__context__, getattr(error, "reason", None),
                 *[a for a in getattr(error, "args", ()) if isinstance(a, BaseException)]]
    return TransientError(f"{who} unreachable: {exc}")

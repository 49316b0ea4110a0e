"""Sign-in throttling: failed sign-ins are rows of ``login_failure``, counted per account (the
e-mail as typed, normalised: a known and an unknown e-mail are counted alike) and per client
address, so every web process sees one count. Past a limit within the window a sign-in is
refused before its password is hashed.

An attempt is written *before* the password is checked and deleted if it succeeds, so attempts
sent at once cannot all slip under the limit while each is being hashed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math

from flask import current_app
from flask_babel import ngettext
from peewee import fn

from .models import LoginFailure, User, utcnow
from .records import audit

log = logging.getLogger(__name__)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def account_key(email: str | None) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=current_app.config["SIGN_IN_WINDOW_SECONDS"])


def _limits(email: str, address: str):
    config = current_app.config
    return ((LoginFailure.account_key, account_key(email), config["SIGN_IN_FAILURES_PER_ACCOUNT"]),
            (LoginFailure.address, address, config["SIGN_IN_FAILURES_PER_ADDRESS"]))


def _recent(field, key, limit: int) -> list[dt.datetime]:
    """The ``limit`` latest failures of ``key`` within the window, latest first."""
    since = utcnow() - _window()
    return [at for (at,) in LoginFailure.select(LoginFailure.failed_at)
            .where((field == key) & (LoginFailure.failed_at > since))
            .order_by(LoginFailure.failed_at.desc()).limit(limit).tuples()]


def _wait(email: str, address: str) -> int | None:
    """Seconds until a sign-in of ``email`` from ``address`` is taken again (``None``: now). A key
    is locked while it has ``limit`` failures within the window, until the oldest of them leaves it."""
    waits = []
    for field, key, limit in _limits(email, address):
        times = _recent(field, key, limit)
        if len(times) >= limit:
            waits.append((times[limit - 1] + _window() - utcnow()).total_seconds())
    return max(1, math.ceil(max(waits))) if waits else None


def begin(email: str, address: str) -> tuple[int | None, int | None]:
    """Start a sign-in: ``(attempt id, None)`` when it may be checked, ``(None, seconds to wait)``
    when it is locked (then nothing is counted)."""
    attempt = LoginFailure.create(account_key=account_key(email), address=address[:64])
    for field, key, limit in _limits(email, address[:64]):
        if len(_recent(field, key, limit + 1)) > limit:
            LoginFailure.delete().where(LoginFailure.id == attempt.id).execute()
            return None, _wait(email, address[:64])
    return attempt.id, None


def succeeded(email: str) -> None:
    """A right password: the account's failures (this attempt's row with them) are forgotten."""
    unlock(email)


def failed(email: str, address: str) -> None:
    """A wrong password: the attempt's row stays. The failure that locks a known account is
    written to the audit log of its organisation; one that locks an address, to the log."""
    config = current_app.config
    if len(_recent(LoginFailure.account_key, account_key(email), config["SIGN_IN_FAILURES_PER_ACCOUNT"] + 1)) \
            == config["SIGN_IN_FAILURES_PER_ACCOUNT"]:
        user = User.select().where(User.email == normalise_email(email)).first()
        if user is not None:
            audit(user.tenant_id, None, "users", user.id, "sign_in_locked",
                  {"address": address, "failures": config["SIGN_IN_FAILURES_PER_ACCOUNT"]})
    if len(_recent(LoginFailure.address, address[:64], config["SIGN_IN_FAILURES_PER_ADDRESS"] + 1)) \
            == config["SIGN_IN_FAILURES_PER_ADDRESS"]:
        log.warning("sign-ins from %s locked after %d failures", address, config["SIGN_IN_FAILURES_PER_ADDRESS"])
    LoginFailure.delete().where(LoginFailure.failed_at < utcnow() - _window()).execute()


def unlock(email: str) -> None:
    LoginFailure.delete().where(LoginFailure.account_key == account_key(email)).execute()


def locked_emails(emails) -> set[str]:
    """Those of ``emails`` whose sign-in is locked now (for Setup > Users)."""
    keys = {account_key(e): e for e in emails}
    if not keys:
        return set()
    locked = (LoginFailure.select(LoginFailure.account_key)
              .where(LoginFailure.account_key.in_(list(keys)) & (LoginFailure.failed_at > utcnow() - _window()))
              .group_by(LoginFailure.account_key)
              .having(fn.COUNT(LoginFailure.id) >= current_app.config["SIGN_IN_FAILURES_PER_ACCOUNT"]))
    return {keys[key] for (key,) in locked.tuples()}


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("Too many failed sign-ins. Try again in %(num)d minute.",
                    "Too many failed sign-ins. Try again in %(num)d minutes.", minutes)

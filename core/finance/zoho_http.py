"""The transport of the ``zoho`` connector: OAuth tokens, Zoho's limits, retries, the
``{code, message}`` envelope and pagination (Zoho's public API documentation: Books v3,
Invoice v3, Expense v1, Inventory v1, Billing v1). docs/sync.md "The zoho transport" gives the
reasons.

- ``Authorization: Zoho-oauthtoken <access_token>``. The token is shared by every process
  through the database (core/finance/zoho_token.py) and taken after the limiter's wait; it is
  fetched with the refresh token (``POST {accounts_url}/oauth/v2/token``) only when there is
  none, when it has expired, or on an HTTP 401 (then the call is made once more; a second 401
  is a ``ConnectionFailure``). It is written back into the settings dict (``access_token``,
  ``expires_at``: epoch seconds; an ISO time is accepted too).
- ``organization_id``: a query parameter for Books and Inventory, an
  ``X-com-zoho-<app>-organizationid`` header for Invoice, Expense and Billing.
- Zoho's limits per organisation, kept with every process (core/finance/zoho_quota.py):
  ``rate_limit`` (100) calls in any ``rate_window`` (60 s), ``max_in_flight`` (5) at once,
  ``daily_budget`` (1000) a UTC day with ``budget_reserve`` (10 %) left to ``"instant"`` calls.
  ``X-Rate-Limit-Limit/-Remaining/-Reset`` are kept from every answer. A 429 pauses the
  organisation until ``Retry-After``, else ``X-Rate-Limit-Reset``, else an exponential back-off
  with full jitter (``backoff_base`` 1 s, at most ``backoff_cap`` 30 s), and is retried
  ``max_retries`` (4) times; a call waits at most ``retry_after_cap`` (120 s) in all, beyond
  that it is a ``TransientError`` whose ``retry_after`` says when to come back.
- Refused credentials and an unreachable service (connection refused, name not found) are
  ``ConnectionFailure``; a timeout or a connection broken under way is a ``TransientError`` (the
  call may have arrived: a create is not repeated here; the outbox repeats it later, and the
  connector's create is an upsert on our id, so the repeat updates that record). HTTP 5xx is
  retried for reads (GET) only, then ``TransientError``.
- ``{"code": 0}`` is success; otherwise a 404 or an unknown id is ``NotFoundError``, another 4xx
  ``RejectedError`` with Zoho's message and code.
"""
from __future__ import annotations

import datetime as dt
import random
import threading
import time
from decimal import Decimal
from typing import Iterator

import requests

from core.finance import zoho_quota as quota
from core.finance import zoho_token as tokens
from core.finance.base import ConnectionFailure, NotFoundError, RejectedError, TransientError, call_priority

#: app -> (path prefix, organisation header or None for the ``organization_id`` parameter)
APPS = {
    "books": ("/books/v3", None),
    "invoice": ("/invoice/v3", "X-com-zoho-invoice-organizationid"),
    "expense": ("/expense/v1", "X-com-zoho-expense-organizationid"),
    "inventory": ("/inventory/v1", None),
    "subscriptions": ("/billing/v1", "X-com-zoho-subscriptions-organizationid"),
}
#: Zoho's codes for "no such record" (Books: 1002 "Invoice does not exist.")
NOT_FOUND_CODES = {1002}
MAX_PER_PAGE = 200

def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Full jitter: a uniform pick in [0, min(cap, base * 2**attempt)]."""
    return random.uniform(0, min(cap, base * (2 ** attempt)))


class ZohoHTTP:
    """One organisation of one Zoho app over HTTP. ``request`` returns the decoded envelope."""

    def __init__(self, settings: dict, app: str):
        if app not in APPS:
            raise ValueError(f"unknown Zoho app {app!r}; one of {', '.join(APPS)}")
        self.settings, self.app = settings, app
        prefix, self.org_header = APPS[app]
        prefix = (settings.get("path_prefixes") or {}).get(app, prefix)
        self.base_url = settings["api_base"].rstrip("/") + prefix
        self.org_id = str(settings["organization_id"])
        self.timeout = float(settings.get("timeout", 30))
        self.max_retries = int(settings.get("max_retries", 4))
        self.backoff_base = float(settings.get("backoff_base", 1.0))
        self.backoff_cap = float(settings.get("backoff_cap", 30.0))
        self.per_page = min(int(settings.get("per_page", MAX_PER_PAGE)), MAX_PER_PAGE)
        self.limits = quota.Limits.from_settings(settings)
        self.token_key = tokens.token_key(settings)
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        """One ``requests.Session`` per thread (a Session is not documented thread-safe)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    # -- tokens ---------------------------------------------------------------------------
    def _token(self) -> str:
        """The shared token (or the one in the settings, if it lives longer) unless it has
        expired: a token with seconds left is used; one that runs out in flight gets a 401."""
        shared, shared_expiry, now = tokens.current(self.token_key)
        token, expires = self.settings.get("access_token"), _epoch(self.settings.get("expires_at"))
        if shared and (not token or (expires is not None and expires < shared_expiry)):
            token, expires = self.settings["access_token"], self.settings["expires_at"] = shared, shared_expiry
        if not token or (expires is not None and expires <= now):
            token = self.refresh(stale=token)
        return token

    def refresh(self, stale: str | None = None) -> str:
        """A new access token from the refresh token, unless another connection or process
        fetched one meanwhile (not ``stale``). ``ConnectionFailure`` when the credentials are
        refused or the accounts server unreachable."""
        token, expires = tokens.refresh(self.token_key, stale, lambda: tokens.fetch(
            self.session, self.settings, self.timeout), lease=self.timeout + 5)
        self.settings["access_token"], self.settings["expires_at"] = token, expires
        return token

    # -- calls ----------------------------------------------------------------------------
    def request(self, method: str, path: str, params: dict | None = None,
                json: dict | None = None, headers: dict | None = None) -> dict:
        params = dict(params or {})
        headers = dict(headers or {})
        if self.org_header:
            headers[self.org_header] = self.org_id
        else:
            params["organization_id"] = self.org_id
        priority = call_priority.get()
        refreshed, attempt, waited = False, 0, 0.0
        while True:
            ticket = quota.acquire(self.limits, priority, self.limits.max_wait - waited)
            waited += ticket.waited
            try:
                headers["Authorization"] = "Zoho-oauthtoken " + self._token()  # after the wait
            except BaseException:
                quota.release(ticket, self.limits, sent=False)
                raise
            try:
                resp = self.session.request(method, self.base_url + path, params=params,
                                            json=json, headers=headers, timeout=self.timeout)
            except requests.RequestException as exc:
                quota.release(ticket, self.limits)
                if isinstance(exc, requests.Timeout):
                    raise TransientError(f"Zoho did not answer within {self.timeout:g} s") from exc
                raise tokens.unreachable(exc, "Zoho") from exc
            status = resp.status_code
            pause = self._pause(resp, attempt) if status == 429 else None
            quota.release(ticket, self.limits, resp.headers, pause)
            if status == 401 and not refreshed:
                self.refresh(stale=headers["Authorization"].split(" ", 1)[1])
                refreshed = True
                continue
            if status == 401:
                raise ConnectionFailure("Zoho refused a new access token: "
                                        + _message(resp, "not authorized"), 401)
            if status == 429:
                if attempt >= self.max_retries or waited + pause > self.limits.max_wait:
                    raise quota.transient(_message(resp, "API call limit exceeded"), pause, _code(resp))
                attempt += 1
                continue  # the next acquire waits for the pause, as every process does
            if status >= 500 and method.upper() == "GET" and attempt < self.max_retries:
                delay = backoff_delay(attempt, self.backoff_base, self.backoff_cap)
                time.sleep(delay)
                waited, attempt = waited + delay, attempt + 1
                continue
            return self._envelope(resp)

    def _pause(self, resp: requests.Response, attempt: int) -> float:
        """How long Zoho asks to wait after a 429: Retry-After if given (seconds), else
        X-Rate-Limit-Reset, else an exponential back-off with full jitter."""
        now = time.time()
        for name in ("Retry-After", "X-Rate-Limit-Reset"):
            until = quota.parse_reset(resp.headers.get(name), now)
            if until is not None:
                return max(0.0, until - now)
        return backoff_delay(attempt, self.backoff_base, self.backoff_cap)

    def _envelope(self, resp: requests.Response) -> dict:
        status = resp.status_code
        try:
            body = resp.json(parse_float=Decimal)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if status < 400:
                raise TransientError(f"Zoho answered HTTP {status} without a JSON envelope")
            body = {"code": status,
                    "message": resp.text[:200] or resp.reason or f"HTTP {status}"}
        code, message = body.get("code", 0 if status < 400 else status), body.get("message")
        if status < 400 and code == 0:
            return body
        message = message or f"Zoho error (HTTP {status})"
        if status == 429 or status >= 500:
            raise TransientError(message, code)
        if status == 404 or code in NOT_FOUND_CODES:
            raise NotFoundError(message, code)
        raise RejectedError(message, code)

    def pages(self, path: str, key: str, params: dict | None = None) -> Iterator[dict]:
        """Every record of a list endpoint, following ``page_context.has_more_page``."""
        page = 1
        while True:
            body = self.request("GET", path, {**(params or {}), "page": page,
                                              "per_page": self.per_page})
            yield from body.get(key) or []
            if not (body.get("page_context") or {}).get("has_more_page"):
                return
            page += 1


def _epoch(value) -> float | None:
    """``expires_at`` as epoch seconds: a number, or an ISO 8601 time (naive = UTC)."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return moment.timestamp()


def _code(resp: requests.Response):
    try:
        body = resp.json()
        return body.get("code", resp.status_code) if isinstance(body, dict) else resp.status_code
    except ValueError:
        return resp.status_code


def _message(resp: requests.Response, default: str) -> str:
    try:
        body = resp.json()
        return (body.get("message") if isinstance(body, dict) else None) or default
    except ValueError:
        return default

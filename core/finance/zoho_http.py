"""The transport of the ``zoho`` connector: OAuth tokens, the per-organisation rate limiter,
retries, the ``{code, message}`` envelope and pagination (Zoho's public API documentation:
Books v3, Invoice v3, Expense v1, Inventory v1, Billing v1).

- ``Authorization: Zoho-oauthtoken <access_token>``; a token is fetched with the refresh token
  (``POST {accounts_url}/oauth/v2/token``, ``grant_type=refresh_token``) when there is none,
  when it has expired, and on an HTTP 401 (then the call is made once more). A new token is
  written back into the settings dict (``access_token``, ``expires_at``: epoch seconds; an ISO
  time is accepted too) so the caller may keep it, and shared in the process by every
  connection with the same credentials (one refresh at a time).
- ``organization_id``: a query parameter for Books and Inventory, an
  ``X-com-zoho-<app>-organizationid`` header for Invoice, Expense and Billing.
- At most ``rate_limit`` (100) requests per ``rate_window`` (60 s) per organisation, counted in
  a sliding window shared by every connection of the process to that organisation; an HTTP 429
  is retried ``max_retries`` (4) times after ``Retry-After`` seconds (at most
  ``retry_after_cap``), or else an exponential back-off with full jitter (``backoff_base`` 1 s,
  at most ``backoff_cap`` 30 s), then it is a ``TransientError``.
- Connection errors and timeouts are ``TransientError`` at once (a create that may have reached
  Zoho is not repeated here: the outbox repeats it later, and the connector's create is an upsert
  on our id, so the repeat updates that record). HTTP 5xx is retried
  like a 429 for reads (GET) only, then ``TransientError``.
- ``{"code": 0}`` is success; otherwise a 404 or an unknown id is ``NotFoundError``, another 4xx
  ``RejectedError`` with Zoho's message and code.
"""
from __future__ import annotations

import collections
import datetime as dt
import random
import threading
import time
from decimal import Decimal
from typing import Callable, Iterator

import requests

from core.finance.base import NotFoundError, RejectedError, TransientError

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


class RateLimiter:
    """At most ``limit`` calls of :meth:`acquire` in any ``window`` seconds (a sliding window
    log); thread-safe. ``clock``/``sleep`` may be replaced (tests)."""

    def __init__(self, limit: int = 100, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.limit, self.window = int(limit), float(window)
        self.clock, self.sleep = clock, sleep
        self._stamps: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait until a call is allowed and count it; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self.clock()
                while self._stamps and self._stamps[0] <= now - self.window + 1e-9:
                    self._stamps.popleft()
                if len(self._stamps) < self.limit:
                    self._stamps.append(now)
                    return waited
                delay = self._stamps[0] + self.window - now
            self.sleep(delay)
            waited += delay


_shared_lock = threading.Lock()
_limiters: dict[tuple, RateLimiter] = {}
_tokens: dict[tuple, tuple[str, float]] = {}
_refresh_lock = threading.Lock()


def limiter_for(api_base: str, organization_id: str, limit: int = 100,
                window: float = 60.0) -> RateLimiter:
    """The process-wide limiter of one organisation (per host, limit and window)."""
    key = (api_base.rstrip("/"), str(organization_id), int(limit), float(window))
    with _shared_lock:
        if key not in _limiters:
            _limiters[key] = RateLimiter(limit, window)
        return _limiters[key]


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
        self.retry_after_cap = float(settings.get("retry_after_cap", 120.0))
        self.per_page = min(int(settings.get("per_page", MAX_PER_PAGE)), MAX_PER_PAGE)
        self.limiter = limiter_for(settings["api_base"], self.org_id,
                                   settings.get("rate_limit", 100),
                                   settings.get("rate_window", 60.0))
        self._local = threading.local()
        self._token_key = (settings.get("accounts_url"), settings.get("client_id"),
                           settings.get("refresh_token"))

    @property
    def session(self) -> requests.Session:
        """One ``requests.Session`` per thread (a Session is not documented thread-safe)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    # -- tokens ---------------------------------------------------------------------------
    def _token(self) -> str:
        token, expires = self.settings.get("access_token"), _epoch(self.settings.get("expires_at"))
        with _shared_lock:
            shared = _tokens.get(self._token_key)
        if shared and (not token or (expires or 0) < shared[1]):
            token, expires = shared
        if not token or (expires is not None and float(expires) <= time.time() + 30):
            token = self.refresh(stale=token)
        return token

    def refresh(self, stale: str | None = None) -> str:
        """A new access token from the refresh token; ``TransientError`` if refused. One
        refresh at a time per credentials: a token another connection fetched meanwhile (not
        ``stale``) is used instead of asking again (Zoho limits token requests)."""
        with _refresh_lock:
            with _shared_lock:
                shared = _tokens.get(self._token_key)
            if stale and shared and shared[0] != stale and shared[1] > time.time() + 30:
                self.settings["access_token"], self.settings["expires_at"] = shared
                return shared[0]
            return self._fetch_token()

    def _fetch_token(self) -> str:
        s = self.settings
        url = s.get("accounts_url", "https://accounts.zoho.com").rstrip("/") + "/oauth/v2/token"
        try:
            resp = self.session.post(url, timeout=self.timeout, data={
                "grant_type": "refresh_token", "refresh_token": s.get("refresh_token"),
                "client_id": s.get("client_id"), "client_secret": s.get("client_secret")})
            body = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise TransientError(f"Zoho accounts server unreachable: {exc}") from exc
        token = body.get("access_token") if isinstance(body, dict) else None
        if resp.status_code != 200 or not token:
            error = body.get("error") if isinstance(body, dict) else resp.status_code
            raise TransientError(f"Zoho token refresh refused: {error}", 401)
        expires = time.time() + float(body.get("expires_in", 3600))
        s["access_token"], s["expires_at"] = token, expires
        with _shared_lock:
            _tokens[self._token_key] = (token, expires)
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
        refreshed, attempt = False, 0
        while True:
            headers["Authorization"] = "Zoho-oauthtoken " + self._token()
            self.limiter.acquire()
            try:
                resp = self.session.request(method, self.base_url + path, params=params,
                                            json=json, headers=headers, timeout=self.timeout)
            except requests.Timeout as exc:
                raise TransientError(f"Zoho did not answer within {self.timeout:g} s") from exc
            except requests.RequestException as exc:
                raise TransientError(f"Zoho unreachable: {exc}") from exc
            status = resp.status_code
            if status == 401:
                if refreshed:
                    raise TransientError(_message(resp, "Zoho refused the access token"), 401)
                self.refresh(stale=headers["Authorization"].split(" ", 1)[1])
                refreshed = True
                continue
            retry = status == 429 or (status >= 500 and method.upper() == "GET")
            if retry and attempt < self.max_retries:
                time.sleep(self._delay(resp, attempt))
                attempt += 1
                continue
            return self._envelope(resp)

    def _delay(self, resp: requests.Response, attempt: int) -> float:
        try:
            after = float(resp.headers.get("Retry-After", ""))
        except ValueError:  # absent, or an HTTP date: back off on our own
            after = None
        if after is not None:
            return min(max(after, 0.0), self.retry_after_cap)
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


def _message(resp: requests.Response, default: str) -> str:
    try:
        body = resp.json()
        return (body.get("message") if isinstance(body, dict) else None) or default
    except ValueError:
        return default

"""What ``finance-serve`` keeps in memory: issued OAuth tokens, the per-organisation rate
windows and daily budgets, and the injected faults (docs/finance-serve.md).

Limits as the issue says Zoho keeps them: ``RATE_LIMIT`` calls in any ``RATE_WINDOW`` seconds
(a sliding window of the calls it accepted) and ``DAILY_BUDGET`` calls per UTC day, per
organisation. Every API answer carries ``X-Rate-Limit-Limit``, ``-Remaining`` and ``-Reset``
(seconds until the day's budget is renewed); over a limit, HTTP 429 with code 44, those headers
for the limit hit (``-Reset``: seconds until it frees a call) and no ``Retry-After``."""
from __future__ import annotations

import collections
import math
import random
import secrets
import threading
import time

DEFAULTS = {
    "TOKEN_TTL": 3600,
    "RATE_LIMIT": 100,
    "RATE_WINDOW": 60.0,
    "DAILY_BUDGET": 10_000,
    "FAIL_NEXT": [],
    #: random faults, each a probability per API call: ``fail`` (a 500 before the call is
    #: carried out), ``throttle`` (an injected 429), ``lose`` (the call is carried out, its answer
    #: lost: a 504); drawn from ``random.Random(FAULT_SEED)``
    "FAULT_RATES": {},
    "FAULT_SEED": 0,
    "LOSE_ANSWER": [],
    "LATENCY_MS": 0,
    "CLIENT_ID": "finsuite-demo-client",
    "CLIENT_SECRET": "finsuite-demo-secret",
    "REFRESH_TOKEN": "1000.finsuite-demo-refresh",
    "FAULTS_API": False,
}


class ServerState:
    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}  # access token -> expiry (epoch seconds)
        self.windows: dict[str, collections.deque] = {}
        self.days: dict[str, tuple[int, int]] = {}  # organisation -> (UTC day number, calls)
        self.calls = 0
        self._rng = None
        #: random faults injected so far, per kind (``FAULT_RATES``)
        self.injected: dict[str, int] = {}
        #: the last API calls received: ``{"method", "path", "args", "headers", "json"}``
        self.seen: collections.deque = collections.deque(maxlen=2000)
        self.refused = 0  # calls answered 429 for a limit

    # --- OAuth ---------------------------------------------------------------------------
    def issue_token(self) -> tuple[str, int]:
        ttl = int(self.config["TOKEN_TTL"])
        token = "1000." + secrets.token_hex(16)
        with self.lock:
            self.tokens[token] = time.time() + ttl
        return token, ttl

    def check_token(self, token: str) -> str | None:
        """``None`` if valid, else why not (``missing``, ``invalid``, ``expired``)."""
        if not token:
            return "missing"
        with self.lock:
            expires = self.tokens.get(token)
        if expires is None:
            return "invalid"
        return "expired" if expires <= time.time() else None

    def expire_tokens(self) -> None:
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = 0.0

    # --- faults and limits ---------------------------------------------------------------
    def next_fault(self) -> int | None:
        with self.lock:
            self.calls += 1
            queue = self.config.get("FAIL_NEXT") or []
            if queue:
                return int(queue.pop(0))
            if self._roll("fail"):
                return 500
            if self._roll("throttle"):
                return 429
        return None

    def _roll(self, fault: str) -> bool:
        """A random fault of ``FAULT_RATES`` (call with the lock held)."""
        rate = float((self.config.get("FAULT_RATES") or {}).get(fault) or 0)
        if rate <= 0:
            return False
        if self._rng is None:
            self._rng = random.Random(self.config.get("FAULT_SEED") or 0)
        hit = self._rng.random() < rate
        if hit:
            self.injected[fault] = self.injected.get(fault, 0) + 1
        return hit

    def lost_answer(self) -> int | None:
        """The HTTP status that replaces the answer of a call just carried out, if one is queued
        (``LOSE_ANSWER``: the finance side did it, the caller never hears)."""
        with self.lock:
            queue = self.config.get("LOSE_ANSWER") or []
            if queue:
                return int(queue.pop(0))
            return 504 if self._roll("lose") else None

    def note(self, request) -> None:
        wanted = ("X-Unique-Identifier-Key", "X-Unique-Identifier-Value", "X-Upsert")
        entry = {"method": request.method, "path": request.path, "args": request.args.to_dict(),
                 "headers": {k: request.headers[k] for k in wanted if k in request.headers},
                 "json": request.get_json(silent=True)}
        with self.lock:
            self.seen.append(entry)

    def rate_limited(self, organization_id: str) -> dict | None:
        """Count a call of the organisation; over a limit, the 429's headers (else ``None``)."""
        limit, window = int(self.config["RATE_LIMIT"]), float(self.config["RATE_WINDOW"])
        now = time.monotonic()
        with self.lock:
            day, used = self._today(organization_id)
            if used >= int(self.config["DAILY_BUDGET"]):
                self.refused += 1
                return {**self._daily(used), "X-Rate-Limit-Remaining": "0"}
            stamps = self.windows.setdefault(organization_id, collections.deque())
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if len(stamps) >= limit:
                self.refused += 1
                return self.throttled(max(1, math.ceil(stamps[0] + window - now)))
            stamps.append(now)
            self.days[organization_id] = (day, used + 1)
        return None

    def throttled(self, reset: int = 1) -> dict:
        """The headers of a 429 for the per-minute limit, which frees a call in ``reset`` s."""
        return {"X-Rate-Limit-Limit": str(self.config["RATE_LIMIT"]), "X-Rate-Limit-Remaining": "0",
                "X-Rate-Limit-Reset": str(reset)}

    def usage_headers(self, organization_id: str) -> dict:
        """What every answer says of the organisation's daily budget."""
        with self.lock:
            return self._daily(self._today(organization_id)[1])

    def _today(self, organization_id: str) -> tuple[int, int]:
        day = int(time.time() // 86400)
        seen, used = self.days.get(organization_id, (day, 0))
        return day, (used if seen == day else 0)

    def _daily(self, used: int) -> dict:
        budget, now = int(self.config["DAILY_BUDGET"]), time.time()
        return {"X-Rate-Limit-Limit": str(budget), "X-Rate-Limit-Remaining": str(max(0, budget - used)),
                "X-Rate-Limit-Reset": str(math.ceil((now // 86400 + 1) * 86400 - now))}

    def latency(self) -> None:
        delay = float(self.config.get("LATENCY_MS") or 0)
        if delay > 0:
            time.sleep(delay / 1000)

    def set_faults(self, body: dict) -> dict:
        mapping = {"fail_next": "FAIL_NEXT", "lose_answer": "LOSE_ANSWER", "latency_ms": "LATENCY_MS",
                   "rate_limit": "RATE_LIMIT", "rate_window": "RATE_WINDOW", "token_ttl": "TOKEN_TTL",
                   "daily_budget": "DAILY_BUDGET", "fault_rates": "FAULT_RATES", "fault_seed": "FAULT_SEED"}
        with self.lock:
            for key, name in mapping.items():
                if key in body:
                    self.config[name] = list(body[key]) if key in ("fail_next", "lose_answer") else body[key]
            if body.get("reset_rate"):
                self.windows.clear()
                self.days.clear()
        if body.get("expire_tokens"):
            self.expire_tokens()
        return {k: self.config[n] for k, n in mapping.items()}

"""What ``finance-serve`` keeps in memory: issued OAuth tokens, the per-organisation rate
windows, and the injected faults (docs/finance-serve.md)."""
from __future__ import annotations

import collections
import math
import secrets
import threading
import time

DEFAULTS = {
    "TOKEN_TTL": 3600,
    "RATE_LIMIT": 100,
    "RATE_WINDOW": 60.0,
    "FAIL_NEXT": [],
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
        self.calls = 0
        #: the last API calls received: ``{"method", "path", "args", "headers", "json"}``
        self.seen: collections.deque = collections.deque(maxlen=2000)

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
        return None

    def lost_answer(self) -> int | None:
        """The HTTP status that replaces the answer of a call just carried out, if one is queued
        (``LOSE_ANSWER``: the finance side did it, the caller never hears)."""
        with self.lock:
            queue = self.config.get("LOSE_ANSWER") or []
            return int(queue.pop(0)) if queue else None

    def note(self, request) -> None:
        wanted = ("X-Unique-Identifier-Key", "X-Unique-Identifier-Value", "X-Upsert")
        entry = {"method": request.method, "path": request.path, "args": request.args.to_dict(),
                 "headers": {k: request.headers[k] for k in wanted if k in request.headers},
                 "json": request.get_json(silent=True)}
        with self.lock:
            self.seen.append(entry)

    def rate_limited(self, organization_id: str) -> int | None:
        """Count a call of the organisation; seconds to wait if over the limit, else ``None``."""
        limit, window = int(self.config["RATE_LIMIT"]), float(self.config["RATE_WINDOW"])
        now = time.monotonic()
        with self.lock:
            stamps = self.windows.setdefault(organization_id, collections.deque())
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if len(stamps) >= limit:
                return max(1, math.ceil(stamps[0] + window - now))
            stamps.append(now)
        return None

    def latency(self) -> None:
        delay = float(self.config.get("LATENCY_MS") or 0)
        if delay > 0:
            time.sleep(delay / 1000)

    def set_faults(self, body: dict) -> dict:
        mapping = {"fail_next": "FAIL_NEXT", "lose_answer": "LOSE_ANSWER", "latency_ms": "LATENCY_MS", "rate_limit": "RATE_LIMIT",
                   "rate_window": "RATE_WINDOW", "token_ttl": "TOKEN_TTL"}
        with self.lock:
            for key, name in mapping.items():
                if key in body:
                    self.config[name] = list(body[key]) if key in ("fail_next", "lose_answer") else body[key]
            if body.get("reset_rate"):
                self.windows.clear()
        if body.get("expire_tokens"):
            self.expire_tokens()
        return {k: self.config[n] for k, n in mapping.items()}

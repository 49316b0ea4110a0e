"""A small HTTP server answering as Zoho's documentation says, for the error cases of the
``zoho`` connector's transport (tokens, 401, 429, 5xx, slow answers, pagination, limits); run
it with ``tests.live_server.serve``.

Routes (under any API prefix, e.g. ``/books/v3``):
  POST /oauth/v2/token             refresh_token "good" -> a new access token living
                                   ``state.token_ttl`` s; else ``{"error": "invalid_code"}``
                                   (client_id "wrong-client": ``invalid_client``)
  GET  /<prefix>/things            paged list of ``state.things`` records (``things`` key)
  GET  /<prefix>/things/<id>       one record, or 404 {"code": 1002}
  POST /<prefix>/things            400 {"code": 4, ...} without "name", else created
  GET  /<prefix>/throttled/<key>   429 ``state.fail[key]`` times (with Retry-After if
                                   ?retry_after=, X-Rate-Limit-Reset if ?reset=), then success
  GET|POST /<prefix>/broken        500 always
  GET  /<prefix>/slow?s=<seconds>  answers after sleeping

Limits, as the issue says Zoho has them: ``state.rate_limit`` calls per ``state.rate_window``
seconds per organisation (a sliding window of arrival times), ``state.daily_budget`` calls a
day (``state.used`` counts them, other integrations' calls too; one budget for the server); over either, HTTP 429 with code
44, ``X-Rate-Limit-Limit/-Remaining/-Reset`` and no Retry-After (``state.refused`` counts them).
Every API answer carries the daily figures in those headers. ``state.max_in_flight`` is the
most calls the server held at once; ``state.latency`` delays each call.
"""
from __future__ import annotations

import collections
import itertools
import math
import os
import threading
import time

from flask import Flask, g, jsonify, request


class FaultState:
    def __init__(self):
        self.lock = threading.Lock()
        self.tokens: dict[str, float] = {}  # access token -> expiry (time.time())
        self.token_ttl = 3600
        self.refreshes = 0
        self.refresh_times: list[float] = []
        self.fail: dict[str, int] = {}
        self.calls: list[dict] = []  # every API call: path, time, headers, args
        self.unauthorized = 0
        self.things = [{"thing_id": str(i), "name": f"thing {i}"} for i in range(1, 6)]
        self.rate_limit: int | None = None
        self.rate_window = 60.0
        self.daily_budget: int | None = None
        self.used = 0
        self.refused = 0
        self.windows: dict[str, collections.deque] = {}  # organisation -> arrival times
        self.in_flight = 0
        self.max_in_flight = 0
        self.latency = 0.0
        self.reject_tokens = False  # every access token refused (401), new ones too

    def expire_tokens(self) -> None:
        with self.lock:
            for token in self.tokens:
                self.tokens[token] = 0.0

    def add_token(self, token: str, ttl: float) -> None:
        with self.lock:
            self.tokens[token] = time.time() + ttl

    def daily_headers(self) -> dict:
        if self.daily_budget is None:
            return {}
        midnight = (time.time() // 86400 + 1) * 86400
        return {"X-Rate-Limit-Limit": str(self.daily_budget),
                "X-Rate-Limit-Remaining": str(max(0, self.daily_budget - self.used)),
                "X-Rate-Limit-Reset": str(math.ceil(midnight - time.time()))}

    def limited(self, organization_id: str) -> dict | None:
        """Count a call of the organisation against the limits; the 429's headers if it is
        over one (the daily budget is the server's, ``used``: these tests use one organisation)."""
        now = time.monotonic()
        with self.lock:
            window = self.windows.setdefault(organization_id, collections.deque())
            if self.daily_budget is not None and self.used >= self.daily_budget:
                self.refused += 1
                return {**self.daily_headers(), "X-Rate-Limit-Remaining": "0"}
            if self.rate_limit is not None:
                while window and window[0] <= now - self.rate_window:
                    window.popleft()
                if len(window) >= self.rate_limit:
                    self.refused += 1
                    return {"X-Rate-Limit-Limit": str(self.rate_limit), "X-Rate-Limit-Remaining": "0",
                            "X-Rate-Limit-Reset": str(math.ceil(window[0] + self.rate_window - now))}
                window.append(now)
            self.used += 1
        return None


def create_fault_server() -> Flask:
    app = Flask("zoho_fault_server")
    state = app.config["STATE"] = FaultState()

    def envelope(code=0, message="success", status=200, **data):
        return jsonify({"code": code, "message": message, **data}), status

    @app.post("/oauth/v2/token")
    def token():
        if request.values.get("client_id") == "wrong-client":
            return jsonify({"error": "invalid_client"}), 200
        if request.values.get("grant_type") != "refresh_token" or \
                request.values.get("refresh_token") != "good":
            return jsonify({"error": "invalid_code"}), 200
        with state.lock:
            state.refreshes += 1
            state.refresh_times.append(time.monotonic())
            tok = f"1000.tok{state.refreshes}"
            state.tokens[tok] = time.time() + state.token_ttl
        return jsonify({"access_token": tok, "expires_in": state.token_ttl, "token_type": "Bearer",
                        "api_domain": request.host_url.rstrip("/")})

    @app.before_request
    def authorize():
        if request.path.startswith("/oauth/"):
            return None
        with state.lock:
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            state.calls.append({"path": request.path, "time": time.monotonic(),
                                "headers": dict(request.headers), "args": dict(request.args)})
        g.counted = True
        auth = request.headers.get("Authorization", "")
        token = auth.split(" ", 1)[1] if auth.startswith("Zoho-oauthtoken ") else ""
        if state.reject_tokens or state.tokens.get(token, 0.0) <= time.time():
            with state.lock:
                state.unauthorized += 1
            return envelope(57, "You are not authorized to perform this operation", 401)
        org = request.args.get("organization_id") or next(
            (v for k, v in request.headers.items() if k.lower().endswith("-organizationid")), "")
        over = state.limited(org)
        if over is not None:
            resp, status = envelope(44, "API call limit exceeded. Try after some time.", 429)
            resp.headers.update(over)
            return resp, status
        if state.latency:
            time.sleep(state.latency)
        return None

    @app.after_request
    def limit_headers(resp):
        if getattr(g, "counted", False):
            for name, value in state.daily_headers().items():
                resp.headers.setdefault(name, value)
        return resp

    @app.teardown_request
    def done(exc):
        if getattr(g, "counted", False):
            with state.lock:
                state.in_flight -= 1

    @app.get("/<path:prefix>/things")
    def things(prefix):
        page, per_page = int(request.args.get("page", 1)), int(request.args.get("per_page", 200))
        rows = state.things[(page - 1) * per_page: page * per_page]
        more = page * per_page < len(state.things)
        return envelope(things=rows, page_context={"page": page, "per_page": per_page,
                                                    "has_more_page": more})

    @app.get("/<path:prefix>/things/<thing_id>")
    def thing(prefix, thing_id):
        for row in state.things:
            if row["thing_id"] == thing_id:
                return envelope(thing=row)
        return envelope(1002, "Thing does not exist.", 404)

    @app.post("/<path:prefix>/things")
    def create_thing(prefix):
        body = request.get_json(silent=True) or {}
        if not body.get("name"):
            return envelope(4, "Please enter a name for the thing.", 400)
        row = {"thing_id": str(len(state.things) + 1), "name": body["name"]}
        state.things.append(row)
        return envelope(0, "The thing has been created.", 201, thing=row)

    @app.get("/<path:prefix>/throttled/<key>")
    def throttled(prefix, key):
        with state.lock:
            left = state.fail.get(key, 0)
            state.fail[key] = left - 1
        if left > 0:
            resp, status = envelope(44, "API call limit exceeded. Try after some time.", 429)
            if request.args.get("retry_after"):
                resp.headers["Retry-After"] = request.args["retry_after"]
            if request.args.get("reset"):
                resp.headers.update({"X-Rate-Limit-Limit": "100", "X-Rate-Limit-Remaining": "0",
                                     "X-Rate-Limit-Reset": request.args["reset"]})
            return resp, status
        return envelope(message="finally")

    @app.route("/<path:prefix>/broken", methods=["GET", "POST"])
    def broken(prefix):
        return envelope(1000, "Internal error", 500)

    @app.get("/<path:prefix>/slow")
    def slow(prefix):
        time.sleep(float(request.args.get("s", 1)))
        return envelope(message="late")

    return app


_orgs = itertools.count(1)


def settings_for(url: str, **extra) -> dict:
    """A connection's settings to the fault server at ``url``: an organisation of its own (so
    the limits kept in the database are this test's only) and quick back-offs."""
    return {"api_base": url, "accounts_url": url,
            "organization_id": f"{os.getpid()}{next(_orgs):04d}",
            "client_id": "1000.CLIENT", "client_secret": "secret", "refresh_token": "good",
            "timeout": 5, "backoff_base": 0.01, "backoff_cap": 0.05, **extra}

"""A small HTTP server answering as Zoho's documentation says, for the error cases of the
``zoho`` connector's transport (tokens, 401, 429, 5xx, slow answers, pagination); run it with
``tests.live_server.serve``.

Routes (under any API prefix, e.g. ``/books/v3``):
  POST /oauth/v2/token             refresh_token "good" -> a new access token; else an error
  GET  /<prefix>/things            paged list of ``state.things`` records (``things`` key)
  GET  /<prefix>/things/<id>       one record, or 404 {"code": 1002}
  POST /<prefix>/things            400 {"code": 4, ...} without "name", else created
  GET  /<prefix>/throttled/<key>   429 (with Retry-After if ?retry_after=) ``state.fail[key]``
                                   times, then success
  GET|POST /<prefix>/broken        500 always
  GET  /<prefix>/slow?s=<seconds>  answers after sleeping
"""
from __future__ import annotations

import threading
import time

from flask import Flask, jsonify, request


class FaultState:
    def __init__(self):
        self.lock = threading.Lock()
        self.tokens: set[str] = set()
        self.refreshes = 0
        self.fail: dict[str, int] = {}
        self.calls: list[dict] = []  # every API call: path, time, headers, args
        self.things = [{"thing_id": str(i), "name": f"thing {i}"} for i in range(1, 6)]

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()


def create_fault_server() -> Flask:
    app = Flask("zoho_fault_server")
    state = app.config["STATE"] = FaultState()

    def envelope(code=0, message="success", status=200, **data):
        return jsonify({"code": code, "message": message, **data}), status

    @app.post("/oauth/v2/token")
    def token():
        if request.values.get("grant_type") != "refresh_token" or \
                request.values.get("refresh_token") != "good":
            return jsonify({"error": "invalid_code"}), 200
        with state.lock:
            state.refreshes += 1
            tok = f"1000.tok{state.refreshes}"
            state.tokens.add(tok)
        return jsonify({"access_token": tok, "expires_in": 3600, "token_type": "Bearer",
                        "api_domain": request.host_url.rstrip("/")})

    @app.before_request
    def authorize():
        if request.path.startswith("/oauth/"):
            return None
        with state.lock:
            state.calls.append({"path": request.path, "time": time.monotonic(),
                                "headers": dict(request.headers), "args": dict(request.args)})
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Zoho-oauthtoken ") or auth.split(" ", 1)[1] not in state.tokens:
            return envelope(57, "You are not authorized to perform this operation", 401)
        return None

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

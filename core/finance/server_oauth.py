"""finance-serve's OAuth 2.0 endpoints, answering as Zoho's accounts server documents them
(docs/finance-serve.md "OAuth"): ``GET /oauth/v2/auth`` (a consent page, then back to the
client's ``redirect_uri`` with ``code``, ``location`` and ``accounts-server``, or
``error=access_denied``) and ``POST /oauth/v2/token`` (``grant_type=authorization_code`` and
``refresh_token``). ``register_oauth(app)`` adds them to a finance-serve app."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import jsonify, redirect, render_template_string, request

#: config keys of these endpoints (the credentials are ``CLIENT_ID``, ``CLIENT_SECRET`` and the
#: fixed ``REFRESH_TOKEN`` of server_state.DEFAULTS)
OAUTH_DEFAULTS = {
    "REDIRECT_URIS": [],  # the redirect URIs registered for CLIENT_ID; any other is refused
    "CODE_TTL": 120,  # seconds an authorization code lives (Zoho: 2 minutes)
    "CONSENT_TTL": 600,  # seconds a consent page may stay open
    "LOCATION": "us",  # the ``location`` (data centre) of the redirect
}
SCOPE_SERVICES = ("zohobooks.", "zohoinvoice.", "zohoexpense.", "zohoinventory.", "zohosubscriptions.")

CONSENT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
.box{border:1px solid #cbd2d9;border-radius:8px;padding:1.5rem}button{font:inherit;padding:.5rem 1.2rem;
margin-right:.5rem;border-radius:6px;border:1px solid #9aa5b1;cursor:pointer}.accept{background:#2563eb;
color:#fff;border-color:#2563eb}code{word-break:break-all}</style></head><body><div class="box">
<h1>{{ title }}</h1>
{% if error %}<p class="error" id="oauth-error">{{ error }}</p>{% else %}
<p>The application <strong id="client-id">{{ client_id }}</strong> asks to access your data:</p>
<ul id="scopes">{% for s in scopes %}<li><code>{{ s }}</code></li>{% endfor %}</ul>
<p>It will be sent back to <code id="redirect-uri">{{ redirect_uri }}</code>.</p>
<form method="post"><input type="hidden" name="ticket" value="{{ ticket }}">
<button type="submit" name="decision" value="accept" class="accept">Accept</button>
<button type="submit" name="decision" value="deny">Deny</button></form>{% endif %}
</div></body></html>"""


class Grants:
    """Open consent pages and unused authorization codes: in memory, short-lived, single use."""

    def __init__(self):
        self.lock = threading.Lock()
        self.consents: dict[str, tuple[float, dict]] = {}
        self.codes: dict[str, tuple[float, dict]] = {}

    def _put(self, store: dict, value: dict, ttl: float, prefix: str = "") -> str:
        key = prefix + secrets.token_hex(16) + ("." + secrets.token_hex(16) if prefix else "")
        now = time.time()
        with self.lock:
            for old in [k for k, (expires, _v) in store.items() if expires <= now]:
                del store[old]
            store[key] = (now + float(ttl), value)
        return key

    def _take(self, store: dict, key: str) -> dict | None:
        with self.lock:
            expires, value = store.pop(key, (0.0, None))
        return value if expires > time.time() else None

    def open_consent(self, request_: dict, ttl: float) -> str:
        return self._put(self.consents, request_, ttl)

    def take_consent(self, ticket: str) -> dict | None:
        return self._take(self.consents, ticket)

    def issue_code(self, grant: dict, ttl: float) -> str:
        return self._put(self.codes, grant, ttl, prefix="1000.")

    def take_code(self, code: str) -> dict | None:
        return self._take(self.codes, code)


def _same(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), str(expected).encode())


def _signature(secret: str, client_id: str, nonce: str) -> str:
    return hmac.new(secret.encode(), f"{client_id}.{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def new_refresh_token(cfg) -> str:
    """A refresh token for CLIENT_ID, signed with CLIENT_SECRET: valid across restarts."""
    nonce = secrets.token_hex(16)
    return f"1000.{nonce}.{_signature(cfg['CLIENT_SECRET'], cfg['CLIENT_ID'], nonce)}"


def refresh_token_valid(cfg, token: str) -> bool:
    if _same(token, cfg["REFRESH_TOKEN"]):
        return True
    parts = (token or "").split(".")
    return (len(parts) == 3 and parts[0] == "1000"
            and _same(parts[2], _signature(cfg["CLIENT_SECRET"], cfg["CLIENT_ID"], parts[1])))


def redirect_uris(cfg) -> list[str]:
    value = cfg.get("REDIRECT_URIS") or []
    return value.replace(",", " ").split() if isinstance(value, str) else list(value)


def _page(error: str | None = None, status: int = 200, **context):
    title = "Zoho Accounts (finance-serve)" if not error else "Authorization failed"
    body = render_template_string(CONSENT_PAGE, title=title, error=error, **context)
    return body, status, {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'",
                          "Cache-Control": "no-store"}


def _back(redirect_uri: str, **params):
    """Back to the client, with ``params`` (Zoho's names: ``accounts-server`` has a hyphen)."""
    separator = "&" if "?" in redirect_uri else "?"
    return redirect(redirect_uri + separator + urlencode({k.replace("_", "-"): v for k, v in params.items()
                                                         if v is not None}), 302)


def register_oauth(app) -> None:
    for key, value in OAUTH_DEFAULTS.items():
        app.config.setdefault(key, value)
    grants = app.extensions["finance_serve_oauth"] = Grants()
    cfg = app.config

    def authorize():
        if request.method == "POST":
            wanted = grants.take_consent(request.form.get("ticket", ""))
            if wanted is None:
                return _page("This consent page has expired or was already answered: start again.", 400)
            if request.form.get("decision") != "accept":
                return _back(wanted["redirect_uri"], error="access_denied", state=wanted["state"])
            code = grants.issue_code(wanted, cfg["CODE_TTL"])
            return _back(wanted["redirect_uri"], code=code, location=cfg["LOCATION"],
                         accounts_server=request.host_url.rstrip("/"), state=wanted["state"])
        args = request.args
        client_id, redirect_uri, state = args.get("client_id", ""), args.get("redirect_uri", ""), args.get("state")
        if not _same(client_id, cfg["CLIENT_ID"]):
            return _page("Invalid client (invalid_client): no application has this client ID.", 400)
        if redirect_uri not in redirect_uris(cfg):
            return _page("Invalid redirect URI (invalid_redirect_uri): it is not one registered for "
                         "this client.", 400)
        if args.get("response_type") != "code":
            return _back(redirect_uri, error="unsupported_response_type", state=state)
        scopes = [s for s in args.get("scope", "").replace(" ", ",").split(",") if s]
        if not scopes or any(not s.lower().startswith(SCOPE_SERVICES) for s in scopes):
            return _back(redirect_uri, error="invalid_scope", state=state)
        ticket = grants.open_consent({"client_id": client_id, "redirect_uri": redirect_uri, "state": state,
                                      "scope": ",".join(scopes),
                                      "offline": args.get("access_type") == "offline"}, cfg["CONSENT_TTL"])
        return _page(client_id=client_id, scopes=scopes, redirect_uri=redirect_uri, ticket=ticket)

    def token():
        values = request.values
        grant_type = values.get("grant_type")
        if grant_type not in ("refresh_token", "authorization_code"):
            return jsonify({"error": "unsupported_grant_type"})
        if not (_same(values.get("client_id"), cfg["CLIENT_ID"])
                and _same(values.get("client_secret"), cfg["CLIENT_SECRET"])):
            return jsonify({"error": "invalid_client"})
        refresh = None
        if grant_type == "refresh_token":
            if not refresh_token_valid(cfg, values.get("refresh_token", "")):
                return jsonify({"error": "invalid_code"})
        else:
            grant = grants.take_code(values.get("code", ""))  # single use: gone whatever follows
            if grant is None or grant["client_id"] != values.get("client_id"):
                return jsonify({"error": "invalid_code"})
            if values.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify({"error": "invalid_redirect_uri"})
            refresh = new_refresh_token(cfg) if grant["offline"] else None
        access, ttl = app.extensions["finance_serve"].issue_token()
        answer = {"access_token": access, "expires_in": ttl, "token_type": "Bearer",
                  "api_domain": request.host_url.rstrip("/")}
        if refresh:
            answer["refresh_token"] = refresh
        return jsonify(answer)

    app.add_url_rule("/oauth/v2/auth", "oauth_authorize", authorize, methods=["GET", "POST"])
    app.add_url_rule("/oauth/v2/token", "oauth_token", token, methods=["POST"])

"""The client side of Zoho's OAuth 2.0 authorization code grant, for Setup's "Connect"
(Zoho's documentation: "Authorization code flow" and "Multi DC support").

1. The browser goes to ``{accounts}/oauth/v2/auth`` with ``scope``, ``client_id``,
   ``response_type=code``, ``access_type=offline`` (a refresh token, not only an access token),
   ``prompt=consent``, ``redirect_uri`` and ``state`` (:func:`authorize_url`).
2. Zoho sends it back to ``redirect_uri`` with ``code``, ``location`` and ``accounts-server``
   (the data centre of the user, who may be elsewhere than the accounts server asked), or with
   ``error=access_denied``.
3. The code (valid two minutes, once) is exchanged at ``{accounts-server}/oauth/v2/token`` with
   ``grant_type=authorization_code`` (:func:`exchange_code`); the answer carries
   ``refresh_token`` and ``api_domain``, where the APIs of that data centre are.
"""
from __future__ import annotations

from urllib.parse import urlencode, urlparse

import requests

from ..i18n import N_

#: data centre -> (accounts server, API domain), as Zoho's multi-DC documentation lists them
#: (Canada's accounts server is zohocloud.ca)
DATA_CENTRES = {
    "com": ("https://accounts.zoho.com", "https://www.zohoapis.com"),
    "eu": ("https://accounts.zoho.eu", "https://www.zohoapis.eu"),
    "in": ("https://accounts.zoho.in", "https://www.zohoapis.in"),
    "com.au": ("https://accounts.zoho.com.au", "https://www.zohoapis.com.au"),
    "jp": ("https://accounts.zoho.jp", "https://www.zohoapis.jp"),
    "ca": ("https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
}
DATA_CENTRE_LABELS = {"com": N_("United States (.com)"), "eu": N_("Europe (.eu)"), "in": N_("India (.in)"),
                      "com.au": N_("Australia (.com.au)"), "jp": N_("Japan (.jp)"), "ca": N_("Canada (.ca)")}
#: the accounts servers Zoho may name in ``accounts-server`` besides the one the browser was sent
#: to: Zoho's data centres (also those Setup does not offer)
ZOHO_ACCOUNTS_SERVERS = {url for url, _api in DATA_CENTRES.values()} | {
    "https://accounts.zoho.sa", "https://accounts.zoho.uk", "https://accounts.zoho.com.cn"}
#: the scope each app asks for (the Zoho API the app speaks)
SCOPES = {
    "books": "ZohoBooks.fullaccess.all",
    "invoice": "ZohoInvoice.fullaccess.all",
    "expense": "ZohoExpense.fullaccess.all",
    "inventory": "ZohoInventory.FullAccess.all",
    "subscriptions": "ZohoSubscriptions.fullaccess.all",
}


class ZohoOAuthError(Exception):
    """Zoho did not give a refresh token; ``error`` is Zoho's code (``invalid_code`` ...)."""

    def __init__(self, error: str, detail: str = ""):
        super().__init__(detail or error)
        self.error, self.detail = error, detail


def _base(url: str) -> str:
    return (url or "").strip().rstrip("/")


def data_centre_of(accounts_url: str, api_base: str) -> str:
    """The data centre whose URLs these are, else ``""`` (other URLs, e.g. ``finsuite
    finance-serve``'s)."""
    urls = (_base(accounts_url), _base(api_base))
    return next((dc for dc, pair in DATA_CENTRES.items() if pair == urls), "")


def accounts_server_allowed(named: str, asked: str) -> bool:
    """May the code be exchanged at ``named``, the ``accounts-server`` of Zoho's redirect? Only
    the accounts server the browser was sent to (``asked``) or one of Zoho's: the redirect
    comes through the browser, and the client secret must not go anywhere it says."""
    named = _base(named)
    return named == _base(asked) or named in ZOHO_ACCOUNTS_SERVERS


def scope_for(app: str, settings: dict | None = None) -> str | None:
    """The scope of ``app`` (a third-party app names the Zoho API it speaks: ``zoho_app``)."""
    settings = settings or {}
    return settings.get("scope") or SCOPES.get(settings.get("zoho_app") or app)


def authorize_url(accounts_url: str, client_id: str, scope: str, redirect_uri: str, state: str) -> str:
    query = urlencode({"scope": scope, "client_id": client_id, "response_type": "code",
                       "access_type": "offline", "prompt": "consent", "redirect_uri": redirect_uri,
                       "state": state})
    return f"{_base(accounts_url)}/oauth/v2/auth?{query}"


def exchange_code(accounts_url: str, client_id: str, client_secret: str, redirect_uri: str,
                  code: str, timeout: float = 30) -> dict:
    """Zoho's token answer (``refresh_token``, ``access_token``, ``expires_in``, ``api_domain``)
    for an authorization code; :class:`ZohoOAuthError` if there is no refresh token in it."""
    try:
        resp = requests.post(f"{_base(accounts_url)}/oauth/v2/token", timeout=timeout, data={
            "grant_type": "authorization_code", "client_id": client_id, "client_secret": client_secret,
            "redirect_uri": redirect_uri, "code": code})
        body = resp.json()
    except requests.RequestException as exc:
        raise ZohoOAuthError("unreachable", str(exc).splitlines()[0] if str(exc) else "") from exc
    except ValueError:
        raise ZohoOAuthError("bad_answer", f"HTTP {resp.status_code} without JSON") from None
    if not isinstance(body, dict):
        raise ZohoOAuthError("bad_answer", "not a JSON object")
    if body.get("error") or resp.status_code != 200:
        raise ZohoOAuthError(str(body.get("error") or f"HTTP {resp.status_code}"))
    if not body.get("refresh_token"):
        raise ZohoOAuthError("no_refresh_token")
    domain = _base(body.get("api_domain") or "")
    parsed = urlparse(domain)
    body["api_domain"] = domain if parsed.scheme in ("http", "https") and parsed.netloc else ""
    return body

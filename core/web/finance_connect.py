"""Setup > Finance Suite, "Connect" (A1): an app's connection to Zoho through OAuth 2.0's
authorization code grant, besides pasting a refresh token (core/finance/zoho_oauth.py).

``connect`` checks the form (everything Zoho needs but the refresh token), keeps it with a new
state (core/sync/oauth.py: single use, bound to the admin's session, the tenant and the app)
and sends the browser to Zoho's consent page. Zoho sends it back to ``zoho_callback`` (one URL
for every app and tenant, the one to register in Zoho's API console), which takes the state,
exchanges the code for a refresh token at the accounts server Zoho named, and only then saves
the connection, with ``configure`` as a save does. Admins only; everything is ``g.tenant``'s."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..auth import admin_required
from ..finance import zoho_oauth as zoho
from ..sync import oauth
from ..sync.connections import configure, get_connection
from .finance_forms import ZOHO_FIELDS, validate
from .finance_views import bp, render_page, warn_if_moved
from .nav import leave_site

#: what Connect asks for: every Zoho field but the refresh token, which Zoho gives
CONNECT_FIELDS = tuple(key for key in ZOHO_FIELDS if key not in ("refresh_token", "daily_budget"))
#: dropped from the settings when a connect replaces the credentials
STALE = ("access_token", "expires_at")


def with_data_centre(form) -> dict:
    """The posted form as a dict, with the URLs of the data centre chosen (``dc``), if one."""
    values = {key: form.get(key, "") for key in form.keys()}
    urls = zoho.DATA_CENTRES.get(values.get("dc", ""))
    if urls:
        values["accounts_url"], values["api_base"] = urls
    return values


def redirect_uri() -> str:
    return url_for("finance_setup.zoho_callback", _external=True)


def connect_row(connection, posted=None) -> dict:
    """What the form of one app shows about Zoho: its data centre, and whether it is connected."""
    settings = connection.stored_settings
    if posted is not None:
        dc = posted.get("dc", "")
    else:
        accounts, api = settings.get("accounts_url", ""), settings.get("api_base", "")
        dc = zoho.data_centre_of(accounts, api) if accounts or api else "com"
    return {"dc": dc, "connected": connection.connector == "zoho" and bool(settings.get("refresh_token")),
            "can_connect": bool(zoho.scope_for(connection.app, settings))}


def connect_context() -> dict:
    return {"data_centres": zoho.DATA_CENTRES, "data_centre_labels": zoho.DATA_CENTRE_LABELS,
            "redirect_uri": redirect_uri()}


def api_usage() -> list[dict]:
    """Each app on the ``zoho`` connector: today's calls against its daily budget (Y8)."""
    from ..finance.zoho_quota import usage
    registry, rows = current_app.extensions["finsuite"], []
    for name in registry.app_names:
        figures = usage(get_connection(g.tenant, name))
        if figures is not None:
            rows.append({"name": name, "manifest": registry.manifests[name], **figures})
    return rows


def _back(app_name: str | None = None):
    return redirect(url_for("finance_setup.index") + (f"#app-{app_name}" if app_name else "#apps"))


@bp.route("/connections/<app_name>/connect", methods=["POST"])
@admin_required
def connect(app_name):
    registry = current_app.extensions["finsuite"]
    if app_name not in registry.app_names:
        abort(404)
    connection = get_connection(g.tenant, app_name)
    form = {**with_data_centre(request.form), "connector": "zoho"}
    errors, settings = validate("zoho", form, connection.stored_settings, required=CONNECT_FIELDS)
    scope = zoho.scope_for(app_name, connection.stored_settings)
    if scope is None:
        errors.setdefault("connector", []).append(
            _("Zoho names no scope for this app: paste a refresh token and save instead."))
    if errors:
        return render_page(422, app_name, errors, form)
    pending = {"organization_id": form["organization_id"].strip(), "redirect_uri": redirect_uri(),
               **{key: settings[key] for key in (*CONNECT_FIELDS, "daily_budget")}}
    state = oauth.begin(g.tenant, g.user, session["sid"], app_name, pending)
    return leave_site(zoho.authorize_url(pending["accounts_url"], pending["client_id"], scope,
                                         pending["redirect_uri"], state))


@bp.route("/zoho/callback")
@admin_required
def zoho_callback():
    args = request.args
    waiting = oauth.take(g.tenant, session.get("sid"), args.get("state"))  # used, whatever follows
    app_name = waiting.app if waiting is not None else None
    registry = current_app.extensions["finsuite"]
    label = tr(registry.manifests[app_name].label) if app_name in registry.manifests else ""
    if args.get("error"):
        if args["error"] == "access_denied":
            flash(_("Zoho was not connected: the access was refused on Zoho's consent page. Nothing "
                    "was changed."), "error")
        else:
            flash(_("Zoho refused the authorisation (%(error)s). Nothing was changed.", error=args["error"]), "error")
        return _back(app_name)
    if waiting is None or app_name not in registry.app_names:
        flash(_("This answer from Zoho cannot be used: it expired, was already used, or was started by "
                "another session. Nothing was changed; click Connect again."), "error")
        return _back()
    pending = waiting.pending
    accounts = (args.get("accounts-server") or pending["accounts_url"]).strip().rstrip("/")
    if not zoho.accounts_server_allowed(accounts, pending["accounts_url"]):
        flash(_("Zoho's answer names an accounts server that is not Zoho's (%(url)s). Nothing was "
                "changed.", url=accounts), "error")
        return _back(app_name)
    try:
        answer = zoho.exchange_code(accounts, pending["client_id"], pending["client_secret"],
                                    pending["redirect_uri"], args.get("code", ""))
    except zoho.ZohoOAuthError as exc:
        why = f"{exc.error}: {exc.detail}" if exc.detail else exc.error
        flash(_("Zoho did not give %(app)s a refresh token (%(error)s). Nothing was changed; check the "
                "client ID and secret, and click Connect again.", app=label, error=why), "error")
        return _back(app_name)
    connection = get_connection(g.tenant, app_name)
    old_org = connection.org_key
    settings = {key: value for key, value in connection.stored_settings.items() if key not in STALE}
    settings.update({key: pending[key] for key in CONNECT_FIELDS if key in pending}, accounts_url=accounts,
                    daily_budget=pending.get("daily_budget", settings.get("daily_budget", 1000)),
                    api_base=answer["api_domain"] or pending["api_base"], refresh_token=answer["refresh_token"])
    connection = configure(g.tenant, app_name, "zoho", pending["organization_id"], settings)
    flash(_("%(app)s is connected to Zoho.", app=label), "success")
    warn_if_moved(old_org, connection)
    return _back(app_name)

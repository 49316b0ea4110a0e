"""The server-rendered web UI: login, home, generic module pages, Setup, API tokens.

Templates live in ``core/web/templates`` (plugins may ``{% extends "base.html" %}``), the
stylesheet and script in ``core/web/static`` (served at ``/assets/``, nothing from a CDN).
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import get_locale, gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..plugin_faults import request_faults
from .nav import active_tab_key, visible_tabs

#: owns the templates and static files; its routes are in the other blueprints
shell = Blueprint("web", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/assets")


def _error_page(exc: HTTPException):
    if request.path.startswith("/api/"):  # e.g. an id no route accepts (``/api/v1/accounts/0``)
        from ..api.errors import on_http_error
        return on_http_error(exc)  # the API answers in JSON, even before a route matched
    if isinstance(exc, CSRFError):
        message = _("Your form expired or was sent from another page. Go back, reload and try again.")
    elif exc.code == 413:
        from ..files import too_large_message
        message = too_large_message()
    elif exc.description != type(exc).description:  # set on purpose: says which field is wrong
        message = exc.description
    else:
        message = {
            400: _("The request could not be understood."),
            403: _("You do not have permission to see this page."),
            404: _("There is nothing here: the page or record does not exist."),
            405: _("This page cannot be used that way."),
        }.get(exc.code, exc.description)
    title = {400: _("Bad request"), 403: _("Forbidden"), 404: _("Not found"),
             405: _("Method not allowed"), 413: _("Too large")}.get(exc.code, exc.name)
    return render_template("error.html", code=exc.code, title=title, message=message), exc.code


def _shell_context():
    if not g.get("user"):
        return {"tabs": [], "active_tab": None}
    registry = current_app.extensions["finsuite"]
    return {"tabs": visible_tabs(registry, g.user), "active_tab": active_tab_key(registry)}


def register_web(app) -> None:
    # these modules add their routes to the blueprints below
    from . import detail_views, document_views, form_views, profile_views  # noqa: F401
    from . import related_views  # noqa: F401  (a related list's refresh icon)
    from . import figure_views  # noqa: F401  (the documents behind a strip's figure)
    from . import list_export  # noqa: F401  (a list's CSV file)
    from . import file_views  # noqa: F401  (a record's uploaded files)
    from . import view_views  # noqa: F401  (custom views of a list, B10)
    from . import app_settings_views  # noqa: F401  (apps' settings in Setup > Finance Suite)
    from . import finance_connect  # noqa: F401  (Connect with Zoho in Setup > Finance Suite)
    from . import email_log_views  # noqa: F401  (Setup > E-mail log, Resend, the demo mailbox)
    from . import organisation_views  # noqa: F401  (Setup > Organisation: what heads documents)
    from . import language_views  # noqa: F401  (My language, beside My API tokens)
    from .auth_views import bp as auth_bp
    from .dashboard_views import bp as dashboards_bp
    from .finance_views import bp as finance_bp
    from .module_views import bp as module_bp
    from .report_views import bp as reports_bp
    from .search_views import bp as search_bp
    from . import report_builder  # noqa: F401  (the report builder's routes, on reports_bp)
    from .setup_views import bp as setup_bp
    from .token_views import bp as token_bp
    app.register_blueprint(shell)
    for bp in (auth_bp, module_bp, setup_bp, token_bp, finance_bp, reports_bp, dashboards_bp, search_bp):
        app.register_blueprint(bp)
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, _error_page)
    app.context_processor(_shell_context)
    from ..i18n import phrase, translate_declared
    app.jinja_env.globals["tr"] = translate_declared  # a declared string (a label), translated
    app.jinja_env.globals["phrase"] = phrase  # "New %(singular)s", its words agreeing ("Nouvelle affaire")
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "en")
    app.jinja_env.globals["plugin_faults"] = request_faults  # module/_plugin_faults.html
    app.teardown_request(_forget_request_csrf)


def _forget_request_csrf(exc=None):
    """Flask-WTF keeps the request's CSRF token and verdict on ``g``, which lives as long as the
    app context: when one context outlives a request (tests, embedding), they must not leak
    into the next request."""
    for key in ("csrf_token", "csrf_valid"):
        g.pop(key, None)

"""The application factory. Nothing connects, loads or registers until ``create_app`` runs."""
from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from pathlib import Path

from flask import Flask, abort, g, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import generate_password_hash

from . import db as database
from .registry import Registry

log = logging.getLogger(__name__)

DEFAULTS = {
    "DATABASE_URL": None,
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_SENDER": "finsuite@localhost",
    "MAIL_TIMEOUT": 30,
    "PDF_FONT_PATH": "",
    # extra plugin modules to load (dotted names), after the installed ``finsuite.plugins``
    # entry points (``USE_ENTRY_POINTS``): how a plugin's tests load the plugin under test
    "PLUGINS": [],
    "USE_ENTRY_POINTS": True,
    # log the plugin contract's problems at start-up (always in debug): docs/plugins.md
    "CHECK_PLUGINS": False,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000000",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=12),
    # failed sign-ins within the window that lock an account (the e-mail typed) or a client address
    "SIGN_IN_FAILURES_PER_ACCOUNT": 5,
    "SIGN_IN_FAILURES_PER_ADDRESS": 20,
    "SIGN_IN_WINDOW_SECONDS": 15 * 60,
    # reverse proxies in front of the app whose X-Forwarded-For is trusted for the client address
    "TRUSTED_PROXIES": 0,
    "WTF_CSRF_TIME_LIMIT": None,
    "BABEL_DEFAULT_LOCALE": "en",
    "AUTO_MIGRATE": False,
}

csrf = CSRFProtect()


def _instance_path() -> str:
    return os.path.abspath(os.environ.get("FINSUITE_INSTANCE", os.path.join(os.getcwd(), "instance")))


def _secret_key(app: Flask) -> str:
    path = Path(app.instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def create_app(config: dict | None = None) -> Flask:
    """Build the Flask application.

    Configuration, later wins: the defaults above, ``<instance>/finsuite.cfg``, environment
    variables ``FINSUITE_*`` (``FINSUITE_DATABASE_URL``, ``FINSUITE_SECRET_KEY``,
    ``FINSUITE_MAIL_SERVER`` ...), then ``config``.
    """
    app = Flask("core", instance_path=_instance_path(), instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("finsuite.cfg", silent=True)
    app.config.from_prefixed_env("FINSUITE")
    app.config.update(config or {})
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)
    from .sealing import bind_secrets
    bind_secrets(app)  # FINSUITE_SECRETS_KEY, or instance/secrets_key (made once)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path, "finsuite.db")
    app.config["DUMMY_PASSWORD_HASH"] = generate_password_hash(
        secrets.token_hex(8), method=app.config["PASSWORD_HASH_METHOD"])

    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["TRUSTED_PROXIES"]))

    database.bind(app.config["DATABASE_URL"])
    registry = Registry()
    registry.load(extra=app.config["PLUGINS"], use_entry_points=app.config["USE_ENTRY_POINTS"])
    app.extensions["finsuite"] = registry
    from .sync import setup_sync
    setup_sync(app, registry)
    from .documents import dump_lines
    app.extensions["finsuite.dump"].insert(0, dump_lines)

    from .files import limit_request_size
    app.before_request(limit_request_size)  # before CSRF's check reads the form
    csrf.init_app(app)
    from .i18n import init_i18n
    init_i18n(app, registry)
    _register_blueprints(app, registry)
    _register_request_hooks(app, registry)
    from .headers import init_security_headers
    init_security_headers(app)
    from .cli import register_flask_commands
    register_flask_commands(app)

    if app.config["AUTO_MIGRATE"]:
        from .migrations import migrate
        with database.db.connection_context():
            migrate(registry)
    if app.debug or app.config["CHECK_PLUGINS"]:
        _check_plugins(app, registry)
    return app


def _check_plugins(app: Flask, registry: Registry) -> None:
    """The plugin contract checked at start-up (debug, or ``CHECK_PLUGINS``): one warning per
    problem (``finsuite check-plugin`` also runs the migrations twice)."""
    from .plugin_check import check_all
    with app.app_context():
        for problem in check_all(registry, app):
            log.warning("plugin contract: %s", problem)


def _register_blueprints(app: Flask, registry: Registry) -> None:
    from .api import ModuleNameConverter, api
    from .ids import IdConverter, ReportKeyConverter
    app.url_map.converters["id"] = IdConverter  # ``<id:record_id>``: oversize ids are a 404
    app.url_map.converters["module"] = ModuleNameConverter  # before the web's custom views' pages use it
    app.url_map.converters["report"] = ReportKeyConverter  # ``<report:key>``: ``books.sales_by_customer``
    from .web import register_web
    register_web(app)
    app.register_blueprint(api)
    csrf.exempt(api)  # the API authenticates by Bearer token only, never by cookie
    for blueprint in registry.blueprints:
        app.register_blueprint(blueprint)


def _register_request_hooks(app: Flask, registry: Registry) -> None:
    from .auth import load_request_user

    @app.before_request
    def open_request():
        if request.endpoint == "static":
            return
        database.db.connect(reuse_if_open=True)
        load_request_user(registry)
        plugin = registry.blueprint_owner.get((request.blueprint or "").split(".")[0])
        if plugin and plugin not in registry.core_names and plugin not in g.apps:
            abort(404)

    @app.teardown_request
    def close_request(exc):
        if not database.db.is_closed():
            database.db.close()

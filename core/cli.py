"""The ``finsuite`` command (FEATURES C7).

Every command builds its application through :func:`core.create_app` (configuration from the
instance folder and the ``FINSUITE_*`` environment variables); nothing happens at import time.
A mistake in the arguments or the data prints one ``Error: ...`` line and exits non-zero.
"""
from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from contextlib import contextmanager

import click
import peewee

DEMO_TENANT = "demo"


# --- helpers -----------------------------------------------------------------------------

def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def friendly(command):
    """Turn the errors a user can cause into one ``Error: ...`` line (no traceback)."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .provisioning import ProvisioningError
        from .tenancy import DependencyError
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except (ProvisioningError, DependencyError) as exc:
            raise click.ClickException(_one_line(exc)) from None
        except (peewee.OperationalError, peewee.ProgrammingError) as exc:
            raise click.ClickException(
                f"database error ({_one_line(exc)}); is the database reachable and initialised "
                "(`finsuite init-db`)?") from None
        except peewee.DatabaseError as exc:
            raise click.ClickException(f"database error: {_one_line(exc)}") from None
    return wrapper


def make_app(config: dict | None = None):
    from . import create_app
    try:
        return create_app(config)
    except ValueError as exc:  # e.g. an unsupported FINSUITE_DATABASE_URL
        raise click.ClickException(_one_line(exc)) from None


@contextmanager
def opened(app, migrate: bool = False):
    """An app context with a database connection; optionally migrate first."""
    from .db import db
    with app.app_context(), db.connection_context():
        if migrate:
            from .migrations import migrate as run_migrations
            run_migrations(app.extensions["finsuite"])
        yield app.extensions["finsuite"]


def get_tenant(slug: str):
    from .models import Tenant
    tenant = Tenant.get_or_none(Tenant.slug == (slug or "").strip().lower())
    if tenant is None:
        raise click.ClickException(f"no tenant {slug!r}; create it with `finsuite create-tenant`")
    return tenant


def get_user(tenant, email: str):
    from .models import User
    user = User.get_or_none((User.tenant == tenant) & (User.email == (email or "").strip().lower()))
    if user is None:
        raise click.ClickException(f"no user {email!r} in tenant {tenant.slug!r}")
    return user


def parse_apps(value: str, registry) -> list[str]:
    names = [a.strip().lower() for a in (value or "").split(",") if a.strip()]
    if names == ["all"]:
        return list(registry.app_names)
    return names


def check_locale(locale: str) -> str:
    from babel import Locale, UnknownLocaleError
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise click.ClickException(f"unknown locale {locale!r}: use e.g. en_US or fr_FR") from None
    return locale


def serve_app(app, host: str, port: int, background: bool = True) -> None:
    """Serve with werkzeug (threaded). ``background``: also run the outbox worker and the
    periodic jobs in this process, as a single-process install (the demo) needs."""
    from werkzeug.serving import run_simple
    if background:
        from .scheduler import run_pending_forever
        from .sync.runner import start_thread
        _, stop = start_thread(app)
        threading.Thread(target=run_pending_forever, args=(app, stop), name="finsuite-schedule", daemon=True).start()
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False)
    except OSError as exc:  # port in use, address not available ...
        raise click.ClickException(f"cannot serve on {host}:{port}: {_one_line(exc)}") from None


# --- commands ----------------------------------------------------------------------------

@click.group()
def cli():
    """Finsuite: a CRM with a finance suite plugged in.

    Configuration comes from the environment: FINSUITE_DATABASE_URL (default: a SQLite file in
    the instance folder, FINSUITE_INSTANCE), FINSUITE_SECRET_KEY, FINSUITE_SMTP_* ...
    """


@cli.command("init-db")
@friendly
def init_db():
    """Create the database tables, or apply the migrations not yet applied."""
    app = make_app()
    from .migrations import migrate
    with opened(app) as registry:
        ran = migrate(registry)
    if ran:
        for name in ran:
            click.echo(f"applied {name}")
    else:
        click.echo("the database is up to date")


@cli.command("create-tenant")
@click.argument("slug")
@click.option("--name", required=True, help="The organisation's name.")
@click.option("--currency", default="USD", show_default=True, help="Base currency (ISO 4217).")
@click.option("--locale", default="en_US", show_default=True, help="Language and formats, e.g. fr_FR.")
@click.option("--apps", default="", help="Comma-separated apps to enable, e.g. books,invoice (or 'all').")
@friendly
def create_tenant_cmd(slug, name, currency, locale, apps):
    """Create an organisation with its default profiles."""
    from .provisioning import create_tenant
    from .tenancy import enabled_apps
    app = make_app()
    with opened(app) as registry:
        tenant = create_tenant(registry, slug, name, currency=currency, locale=check_locale(locale),
                               apps=parse_apps(apps, registry))
        enabled = ", ".join(enabled_apps(tenant)) or "none"
    click.echo(f"created tenant {tenant.slug} ({tenant.name}, {tenant.currency}, {tenant.locale}); apps: {enabled}")


@cli.command("create-user")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
@click.option("--email", required=True)
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--profile", default="Administrator", show_default=True)
@click.option("--name", default="", help="Display name (default: from the e-mail).")
@friendly
def create_user_cmd(slug, email, password, profile, name):
    """Create a user in a tenant."""
    from .provisioning import create_user
    app = make_app()
    with opened(app):
        user = create_user(get_tenant(slug), email, password, profile=profile, name=name)
    click.echo(f"created user {user.email} ({profile}) in tenant {slug}")


@cli.command("create-token")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--name", default="cli", show_default=True, help="A label for the token.")
@friendly
def create_token(slug, email, name):
    """Issue an API token (printed once: use it as `Authorization: Bearer <token>`)."""
    from .models import ApiToken
    app = make_app()
    with opened(app):
        token = ApiToken.issue(get_user(get_tenant(slug), email), name)
    click.echo(token)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@friendly
def serve(host, port):
    """Apply migrations, then serve the web UI and API (werkzeug, threaded), with the outbox
    worker and the periodic sync jobs in the same process.

    For production run gunicorn instead (gunicorn 'core:create_app()') beside one
    `finsuite worker`.
    """
    app = make_app()
    with opened(app, migrate=True):
        pass
    click.echo(f"Finsuite on http://{host}:{port}/  (Ctrl+C to stop)")
    serve_app(app, host, port)


@cli.command()
@click.option("--now", is_flag=True, help="Run every job once at start, then on schedule.")
@click.option("--processes", default=1, show_default=True, type=click.IntRange(0, 32),
              help="Outbox worker processes (PostgreSQL: several; SQLite: one).")
@click.option("--no-scheduler", is_flag=True, help="Only drain the outbox (when another worker runs the schedule).")
@friendly
def worker(now, processes, no_scheduler):
    """Apply migrations, then drain the outbox and run the periodic sync jobs until interrupted.

    Run the scheduler in exactly one process: start extra outbox workers with --no-scheduler.
    """
    from .db import is_postgres
    from .scheduler import run_all_now, run_pending_forever
    from .sync.runner import start_processes
    app = make_app()
    with opened(app, migrate=True) as registry:
        jobs = list(registry.sync_jobs.values())
        if processes > 1 and not is_postgres():
            click.echo("worker: SQLite takes one outbox worker at a time; starting 1", err=True)
            processes = 1
    workers = start_processes(processes)
    click.echo(f"worker: {len(workers)} outbox process(es)")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if no_scheduler:
            while not stop.wait(1.0):
                pass
        else:
            click.echo(f"worker: {len(jobs)} job(s): " + ", ".join(
                f"{j.key} every {j.interval_seconds}s" for j in jobs))
            if now:
                run_all_now(app)
            run_pending_forever(app, stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        for process in workers:
            process.terminate()
    click.echo("worker stopped")


@cli.command()
@click.option("--tenant", "slug", default=None, help="Also show which apps this tenant enabled.")
@friendly
def plugins(slug):
    """List the loaded plugins, their dependencies, and those that failed to load."""
    app = make_app()
    registry = app.extensions["finsuite"]
    enabled = None
    if slug:
        from .tenancy import enabled_apps
        with opened(app):
            enabled = set(enabled_apps(get_tenant(slug)))
    rows = [("NAME", "LABEL", "VERSION", "DEPENDS") + (("ENABLED",) if enabled is not None else ())]
    for name, manifest in registry.manifests.items():
        row = (name, manifest.label, manifest.version, ",".join(manifest.depends) or "-")
        if enabled is not None:
            row += ("core" if name in registry.core_names else ("yes" if name in enabled else "no"),)
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    for failure in registry.failures:
        click.echo(f"FAILED {failure.name} ({failure.source}): {failure.error}")


def _switch(slug, name, enabled):
    from .tenancy import set_enabled
    app = make_app()
    with opened(app) as registry:
        set_enabled(registry, get_tenant(slug), name.strip().lower(), enabled)
    click.echo(f"{name} {'enabled' if enabled else 'disabled'} for tenant {slug}")


@cli.command("enable-app")
@click.option("--tenant", "slug", required=True)
@click.argument("name")
@friendly
def enable_app(slug, name):
    """Enable an app for a tenant (its dependencies must be enabled)."""
    _switch(slug, name, True)


@cli.command("disable-app")
@click.option("--tenant", "slug", required=True)
@click.argument("name")
@friendly
def disable_app(slug, name):
    """Disable an app for a tenant (its data is kept)."""
    _switch(slug, name, False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Create the demo data, print the login, and exit.")
@friendly
def demo(host, port, no_serve):
    """Create (once) a demo organisation with every app and sample data, then serve it.

    Uses FINSUITE_DATABASE_URL, or the SQLite file demo.db in the instance folder.
    """
    from . import demo as demo_data
    from .app import _instance_path
    config = {}
    if not os.environ.get("FINSUITE_DATABASE_URL"):
        config["DATABASE_URL"] = "sqlite:///" + os.path.join(_instance_path(), "demo.db")
    app = make_app(config)
    with opened(app, migrate=True) as registry:
        created = demo_data.ensure_demo(registry, DEMO_TENANT)
    click.echo(("Created" if created else "Reusing") + f" the demo organisation in {app.config['DATABASE_URL']}")
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo("")
    click.echo(f"  Open      http://{shown_host}:{port}/login")
    click.echo(f"  Log in as {demo_data.ADMIN_EMAIL}  password: {demo_data.PASSWORD}")
    click.echo(f"  (or {demo_data.SALES_EMAIL}, Standard profile, same password)")
    click.echo("")
    if not no_serve:
        serve_app(app, host, port)


def register_flask_commands(app) -> None:
    """``flask --app core:create_app init-db`` works too, on the app Flask built."""
    @app.cli.command("init-db")
    def flask_init_db():
        from .db import db
        from .migrations import migrate
        with db.connection_context():
            for name in migrate(app.extensions["finsuite"]):
                click.echo(f"applied {name}")


from .finance.cli import finance_serve  # noqa: E402  (the finance application's HTTP face)
cli.add_command(finance_serve)


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="finsuite", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

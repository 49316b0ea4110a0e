"""The long-running ``finsuite`` commands: ``serve``, ``worker`` and ``demo``."""
from __future__ import annotations

import os
import signal
import threading

import click

from .cli_common import first_line, friendly, make_app, opened
from .sync.runner import stop_processes

DEMO_TENANT = "demo"


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
        raise click.ClickException(f"cannot serve on {host}:{port}: {first_line(exc)}") from None


@click.command()
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
    with opened(app, migrate=True) as registry:
        click.echo(f"Database ready; apps installed: {', '.join(registry.app_names) or 'none'}")
    click.echo(f"Finsuite on http://{host}:{port}/  (Ctrl+C to stop)")
    serve_app(app, host, port)


@click.command()
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
            while not stop.is_set():  # the SIGTERM handler sets it
                stop.wait(1.0)
        else:
            click.echo(f"worker: {len(jobs)} job(s): " + ", ".join(
                f"{j.key} every {j.interval_seconds}s" for j in jobs))
            if now:
                run_all_now(app)
            run_pending_forever(app, stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        stop_processes(workers)
    click.echo("worker stopped")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Create the demo data, print the login, and exit.")
@friendly
def demo(host, port, no_serve):
    """Create (once) a demo organisation with every app and sample data, then serve it.

    Uses FINSUITE_DATABASE_URL, or the SQLite file demo.db in the instance folder. Unless a
    mail server is configured (FINSUITE_MAIL_SERVER ...), a local SMTP server catches the
    e-mail the demo sends (Setup > Demo mailbox; the files in instance/demo-mail).
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
    if not no_serve:
        click.echo(f"  E-mail    {demo_mail(app, f'http://{shown_host}:{port}')}")
    click.echo("")
    if not no_serve:
        serve_app(app, host, port)


def demo_mail(app, base_url: str) -> str:
    """Catch the demo's e-mail on a local SMTP server unless one is configured; says where it goes."""
    from .app import DEFAULTS
    from .demo import SENDER
    from .mail_catcher import catch_mail
    config = app.config
    if (config["MAIL_SERVER"], int(config["MAIL_PORT"])) != (DEFAULTS["MAIL_SERVER"], DEFAULTS["MAIL_PORT"]):
        return f"sent through {config['MAIL_SERVER']}:{config['MAIL_PORT']} (your mail settings)"
    folder = os.path.join(app.instance_path, "demo-mail")
    controller = catch_mail(app, folder)
    if config["MAIL_SENDER"] == DEFAULTS["MAIL_SENDER"]:
        config["MAIL_SENDER"] = SENDER
    return (f"caught by a local SMTP server (127.0.0.1:{controller.port}), not delivered: "
            f"see Setup > Demo mailbox, {base_url}/setup/demo-mail (files in {folder})")


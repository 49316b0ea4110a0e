"""The ``finsuite`` command (FEATURES C7).

Every command builds its application through :func:`core.create_app` (configuration from the
instance folder and the ``FINSUITE_*`` environment variables); nothing happens at import time.
A mistake in the arguments or the data prints one ``Error: ...`` line and exits non-zero.
"""
from __future__ import annotations

import sys

import click

from .cli_common import check_locale, friendly, get_tenant, get_user, make_app, opened, parse_apps
from .cli_plugins import check_plugin, new_plugin, plugins
from .cli_run import demo, serve, worker
from .finance.cli import finance_serve


@click.group()
def cli():
    """Finsuite: a CRM with a finance suite plugged in.

    Configuration comes from the environment: FINSUITE_DATABASE_URL (default: a SQLite file in
    the instance folder, FINSUITE_INSTANCE), FINSUITE_SECRET_KEY, FINSUITE_MAIL_* ...
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


@cli.command("rotate-secrets")
@friendly
def rotate_secrets_cmd():
    """Re-encrypt the stored connection secrets with the first key of FINSUITE_SECRETS_KEY.

    Rotation: set FINSUITE_SECRETS_KEY=<new key>,<old key>, run this, then drop the old key."""
    from .sync.sealed_rows import rotate_secrets
    app = make_app()
    with opened(app):
        count = rotate_secrets()
    click.echo(f"re-encrypted {count} secrets with the first key")


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


def register_flask_commands(app) -> None:
    """``flask --app core:create_app init-db`` works too, on the app Flask built."""
    @app.cli.command("init-db")
    def flask_init_db():
        from .db import db
        from .migrations import migrate
        with db.connection_context():
            for name in migrate(app.extensions["finsuite"]):
                click.echo(f"applied {name}")


for _command in (serve, worker, demo, finance_serve, plugins, check_plugin, new_plugin):
    cli.add_command(_command)


def main(argv=None):
    try:
        cli.main(args=argv, prog_name="finsuite", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()

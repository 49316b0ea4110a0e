"""What the ``finsuite`` commands share: building the app, an open database, friendly errors."""
from __future__ import annotations

import functools
from contextlib import contextmanager

import click
import peewee


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def friendly(command):
    """Turn the errors a user can cause into one ``Error: ...`` line (no traceback)."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .provisioning import ProvisioningError
        from .sealing import SecretsKeyError
        from .tenancy import DependencyError
        try:
            return command(*args, **kwargs)
        except click.ClickException:
            raise
        except (ProvisioningError, DependencyError, SecretsKeyError) as exc:
            raise click.ClickException(first_line(exc)) from None
        except (peewee.OperationalError, peewee.ProgrammingError) as exc:
            raise click.ClickException(
                f"database error ({first_line(exc)}); is the database reachable and initialised "
                "(`finsuite init-db`)?") from None
        except peewee.DatabaseError as exc:
            raise click.ClickException(f"database error: {first_line(exc)}") from None
    return wrapper


def make_app(config: dict | None = None):
    from . import create_app
    try:
        return create_app(config)
    except ValueError as exc:  # e.g. an unsupported FINSUITE_DATABASE_URL
        raise click.ClickException(first_line(exc)) from None


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

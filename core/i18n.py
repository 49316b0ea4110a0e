"""Translations and locale-aware formatting of money and dates (Babel), per tenant."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency as _babel_currency
from flask import g
from flask_babel import Babel, format_date, format_datetime, gettext, lazy_gettext, ngettext

babel = Babel()

SUPPORTED_LOCALES = ("en", "fr")


def _locale() -> str:
    tenant = g.get("tenant")
    return tenant.locale if tenant is not None else "en_US"


def tenant_currency() -> str:
    tenant = g.get("tenant")
    return tenant.currency if tenant is not None else "USD"


def format_money(amount, currency: str | None = None) -> str:
    """``Decimal("1234.5")`` -> ``$1,234.50`` (en_US) or ``1 234,50 €`` (fr_FR, EUR)."""
    if amount is None or amount == "":
        return ""
    return _babel_currency(Decimal(str(amount)), currency or tenant_currency(), locale=_locale())


def init_i18n(app) -> None:
    babel.init_app(app, locale_selector=_locale,
                   default_translation_directories="translations")
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""


_ = gettext
__all__ = ["_", "format_money", "gettext", "init_i18n", "lazy_gettext", "ngettext", "tenant_currency"]

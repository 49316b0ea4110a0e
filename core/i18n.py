"""Translations and locale-aware formatting of money and dates (Babel), per tenant."""
from __future__ import annotations

import functools
from decimal import Decimal

from babel import Locale
from babel.numbers import parse_pattern
from flask import g
from flask_babel import Babel, format_date, gettext, lazy_gettext, ngettext

babel = Babel()

SUPPORTED_LOCALES = ("en", "fr")


def _locale() -> str:
    tenant = g.get("tenant")
    return tenant.locale if tenant is not None else "en_US"


def tenant_currency() -> str:
    tenant = g.get("tenant")
    return tenant.currency if tenant is not None else "USD"


@functools.lru_cache(maxsize=64)
def _money_format(locale_name: str):
    """The locale and its parsed standard currency pattern: what ``babel.numbers.format_currency``
    works out on every call (a page of 400 amounts spent 20 ms on it)."""
    locale = Locale.parse(locale_name)
    return locale, parse_pattern(locale.currency_formats["standard"])


def format_day(value, fmt: str = "medium") -> str:
    """A date (not a time: no time zone applies) in the tenant's locale, as flask-babel's
    ``format_date`` writes it, without its per-call context lookups."""
    if not value:
        return ""
    from babel.dates import format_date as _babel_date
    locale, _pattern = _money_format(_locale())
    return _babel_date(value, fmt, locale=locale)


def format_money(amount, currency: str | None = None) -> str:
    """``Decimal("1234.5")`` -> ``$1,234.50`` (en_US) or ``1 234,50 €`` (fr_FR, EUR), exactly as
    ``babel.numbers.format_currency`` writes it."""
    if amount is None or amount == "":
        return ""
    locale, pattern = _money_format(_locale())
    return pattern.apply(Decimal(str(amount)), locale, currency=currency or tenant_currency(), currency_digits=True)


def format_moment(value) -> str:
    """A moment (a record's creation, an e-mail's sending) the one way the product writes it:
    the date as every date is written (``format_day``, "Dec 8, 2026") and the short time
    ("3:32 AM"), joined as the locale joins them."""
    if not value:
        return ""
    from flask_babel import format_time
    from babel.dates import get_datetime_format
    locale, _pattern = _money_format(_locale())
    return get_datetime_format("medium", locale=locale).replace("{1}", format_date(value, "medium")).replace(
        "{0}", format_time(value, "short"))


def init_i18n(app) -> None:
    babel.init_app(app, locale_selector=_locale,
                   default_translation_directories="translations")
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_moment(value)


_ = gettext
__all__ = ["_", "format_day", "format_moment", "format_money", "gettext", "init_i18n", "lazy_gettext", "ngettext", "tenant_currency"]

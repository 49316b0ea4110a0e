"""Translations and locale-aware formatting of money and dates (Babel), per tenant."""
from __future__ import annotations

import functools
from decimal import Decimal

from babel import Locale
from babel.numbers import parse_pattern
from flask import g
from flask_babel import Babel, LazyString, format_date, gettext, lazy_gettext, ngettext

babel = Babel()

SUPPORTED_LOCALES = ("en", "fr")
#: the languages a user may choose, each in its own words (a French user finds "Français")
LANGUAGES = {"en": "English", "fr": "Français"}
#: a language's locale where the organisation's own locale is of another language
DEFAULT_LOCALE = {"en": "en_US", "fr": "fr_FR"}


def N_(text: str) -> str:
    """Marks a declared string (a module's label, an action's name) for the catalogue: it is
    translated where it is shown (``tr``), in the reader's language."""
    return text


class Composed(str):
    """A declared string made of others: ``Composed(N_("%(singular)s #"), singular="Invoice")`` is
    the plain ``str`` ``"Invoice #"`` wherever English is written (CSV, JSON, logs); ``tr()``
    translates it whole when a catalogue has the whole phrase ("N° de facture"), else the pattern
    and each part ("Facture n°")."""

    def __new__(cls, msgid: str, **parts):
        made = super().__new__(cls, msgid % parts)
        made.msgid, made.parts = msgid, parts
        return made


class Translated(str):
    """A string already in the reader's language (a plugin wrote it with ``gettext``, with
    figures in it: "Dépense · Total 87,78 €"): ``tr()`` shows it as it is."""


def locale_for(language: str | None, tenant=None) -> str:
    """The locale a reader of ``language`` gets: the organisation's own when it speaks that
    language (``fr_CA``), else the language's default (``fr_FR``); no language: the
    organisation's locale."""
    own = tenant.locale if tenant is not None else "en_US"
    if not language or own.split("_")[0] == language:
        return own
    return DEFAULT_LOCALE.get(language, own)


def _browser_language() -> str | None:
    """The login page's language: the browser's (Accept-Language) best among ours."""
    from flask import has_request_context, request
    if not has_request_context():
        return None
    return request.accept_languages.best_match(SUPPORTED_LOCALES)


def _locale() -> str:
    """Who reads decides: the user's own language, else the organisation's; before signing in,
    the browser's."""
    user, tenant = g.get("user"), g.get("tenant")
    if user is not None:
        return locale_for(user.language, tenant)
    if tenant is not None:
        return tenant.locale
    return locale_for(_browser_language())


def translate_declared(text) -> str:
    """``tr(text)``: a declared string (a label) in the reader's language ("Tax rate (%)" is
    safe: without variables nothing is %-formatted). With ``I18N_MISSING`` (a set) in the app's config,
    a string that has no translation in a language other than English is added to it: the test
    that walks every page in French names each one."""
    if not text:
        return ""
    if isinstance(text, Translated):
        return str(text)
    if isinstance(text, LazyString):  # a ``lazy_gettext`` (a default report's name): translated as it is read
        translated = str(text)
        _note_missing(str(text._args[0]) if text._args else translated, translated)
        return translated
    if isinstance(text, Composed):
        if _in_catalogue(str(text)):  # the whole phrase is declared too ("Invoice #": "N° de facture")
            return gettext(str(text))
        _note_missing(text.msgid, gettext(text.msgid))
        return gettext(text.msgid, **{name: translate_declared(part) for name, part in text.parts.items()})
    text = str(text)
    translated = gettext(text)  # no variables: no %-formatting
    _note_missing(text, translated)
    return translated


def phrase(pattern: str, **parts) -> str:
    """``pattern % parts`` in the reader's language: the catalogue's translation of the whole
    English phrase when it has one, so that its words agree ("New Deal" is "Nouvelle affaire",
    "New Account" "Nouveau compte"), else ``pattern`` translated with each part translated."""
    whole = pattern % {name: str(part) for name, part in parts.items()}
    translated = gettext(whole)  # no variables: no %-formatting
    if translated != whole:
        return translated
    return gettext(pattern, **{name: translate_declared(part) for name, part in parts.items()})


def _note_missing(text: str, translated: str) -> None:
    """With ``I18N_MISSING``: ``text`` has no translation in the reader's language (one the same
    as the English, "Contacts" or "Date" in French, is one)."""
    from flask import current_app, has_app_context
    missing = current_app.config.get("I18N_MISSING") if has_app_context() else None
    if missing is None or translated != text or str(_babel_locale()).startswith("en"):
        return
    if not _in_catalogue(text):  # "Date", "Total": the French word is the same
        missing.add(text)


def _in_catalogue(text: str) -> bool:
    """Whether the reader's catalogues translate ``text`` (perhaps into the same word)."""
    from flask_babel import get_translations
    return bool(getattr(get_translations(), "_catalog", {}).get(text))


def _babel_locale():
    from flask_babel import get_locale
    return get_locale() or "en"


def organisation_locale(tenant) -> str:
    """What a customer reads (a PDF, an e-mail): the organisation's language, whoever sends it."""
    return tenant.locale if tenant is not None else "en_US"


def translation_directories(registry) -> list[str]:
    """The core's catalogue, then each loaded plugin's own (a package's ``translations`` folder
    beside its ``__init__``): a third-party plugin ships its catalogue in its package."""
    import os
    found = [os.path.join(os.path.dirname(__file__), "translations")]
    for name in registry.manifests:
        module = registry.pm.get_plugin(name)
        folder = os.path.join(os.path.dirname(getattr(module, "__file__", "") or "."), "translations")
        if os.path.isdir(folder) and folder not in found:
            found.append(folder)
    return found


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


def init_i18n(app, registry) -> None:
    babel.init_app(app, locale_selector=_locale,
                   default_translation_directories=";".join(translation_directories(registry)))
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_moment(value)


_ = gettext
__all__ = ["Composed", "phrase", "translate_declared", "LANGUAGES", "N_", "_", "format_day", "format_moment", "format_money", "locale_for", "organisation_locale", "gettext", "init_i18n", "lazy_gettext", "ngettext", "tenant_currency"]

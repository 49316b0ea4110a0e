"""C3: amounts print in the tenant's currency and locale, exactly as Babel writes them."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from babel.numbers import format_currency
from flask import g

from core import format_money


@pytest.mark.parametrize("locale", ["en_US", "fr_FR", "de_CH", "ja_JP", "pl_PL"])
def test_c3_money_in_the_tenants_locale_and_currency(app, locale):
    with app.test_request_context():
        for currency in ("USD", "EUR", "JPY", "PLN"):
            g.tenant = SimpleNamespace(locale=locale, currency=currency)
            for amount in ("0", "1234.5", "-9876543.215", "0.005", "1000000"):
                assert format_money(Decimal(amount)) == format_currency(Decimal(amount), currency, locale=locale)
    with app.test_request_context():
        g.tenant = SimpleNamespace(locale="fr_FR", currency="EUR")
        assert format_money(Decimal("1234.5")) == "1\u202f234,50\u00a0€"
        assert format_money(None) == "" and format_money(Decimal("3"), "USD") == "3,00\u00a0$US"


def test_c3_dates_in_the_tenants_locale(app):
    import datetime as dt
    from babel.dates import format_date
    from core.i18n import format_day
    day = dt.date(2026, 11, 28)
    with app.test_request_context():
        for locale in ("en_US", "fr_FR", "de_DE", "ja_JP"):
            g.tenant = SimpleNamespace(locale=locale, currency="EUR")
            assert format_day(day) == format_date(day, "medium", locale=locale)
        g.tenant = SimpleNamespace(locale="fr_FR", currency="EUR")
        assert format_day(day) == "28 nov. 2026" and format_day(None) == ""

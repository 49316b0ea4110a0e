"""Fixtures for the ``zoho`` connector's end-to-end tests: ``finance-serve``
(core.finance.server) on 127.0.0.1 over the finance test database of tests/finance/conftest.py,
and ``connect(app)``: a ZohoConnector to a fresh organisation of it (the CRM test database is
bound too: the connector keeps its tokens and limits there). ``served(org)``: what finance-serve
holds for its organisation ``org``, read on the finance side."""
from __future__ import annotations

import pytest

from core.finance.local.service import LocalFinance
from core.finance.server import create_finance_server, served_organisation
from core.finance.server_state import DEFAULTS
from core.finance.zoho import ZohoConnector
from tests.finance.conftest import finance_bound, finance_database, new_org  # noqa: F401
from tests.live_server import serve


def served(org: str, app: str | None = None) -> LocalFinance:
    """finance-serve's organisation ``org`` in the finance store (its own, apart from the
    embedded organisations of the tenants)."""
    return LocalFinance(served_organisation(org), app)


@pytest.fixture
def finserve():
    """(the finance-serve Flask app, its base URL)."""
    app = create_finance_server({"TESTING": True})
    with serve(app) as url:
        yield app, url


@pytest.fixture
def org():
    return new_org("zoho")


@pytest.fixture
def connect(finserve, org, app):
    _, url = finserve

    def make(zoho_app: str = "books", organization_id: str | None = None, **extra) -> ZohoConnector:
        settings = {"api_base": url, "accounts_url": url,
                    "organization_id": organization_id or org,
                    "client_id": DEFAULTS["CLIENT_ID"], "client_secret": DEFAULTS["CLIENT_SECRET"],
                    "refresh_token": DEFAULTS["REFRESH_TOKEN"], "timeout": 5,
                    "backoff_base": 0.01, "backoff_cap": 0.2, **extra}
        return ZohoConnector(settings, zoho_app)

    return make

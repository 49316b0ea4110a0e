"""A1, Y3, Y4, Y6 Setup > Finance Suite: connections of each app, Sync now with its progress,
the instant-sync switches, the sync history and the failed records with Retry."""
from __future__ import annotations

import pytest

from core.crm.models import Account, Contact
from core.finance.base import TransientError
from core.finance.local.service import LocalFinance
from core.models import utcnow
from core.sync.connections import configure, get_connection, sync_settings
from core.sync.jobs import start_push
from core.sync.models import SyncOutbox, SyncRun
from core.sync.outcomes import MAX_ATTEMPTS
from core.sync.worker import drain
from core.testing import csrf_from

URL = "/setup/finance/"
ZOHO = {"connector": "zoho", "organization_id": "60012345", "api_base": "https://www.zohoapis.eu/books/v3",
        "accounts_url": "https://accounts.zoho.eu", "client_id": "1000.CLIENT",
        "client_secret": "very-secret-value", "refresh_token": "1000.refresh-token-value"}


@pytest.fixture
def books_tenant(make_tenant):
    return make_tenant(apps=("books",))


@pytest.fixture
def books_web(books_tenant, make_user, client_for):
    return client_for(make_user(books_tenant))


def token(client) -> str:
    return csrf_from(client.get(URL).get_data(as_text=True))


def test_a1_page_shows_apps_connectors_and_sync_rows(ctx, web, tenant):
    html = web.get(URL).get_data(as_text=True)
    for label in ("Books", "Invoice", "Expense", "Inventory", "Subscriptions"):
        assert label in html
    assert "Embedded finance application" in html and 'value="zoho"' in html
    assert f'value="{tenant.slug}-invoice"' in html  # Invoice has its own organisation
    for label in ("Contacts sync", "Vendors sync", "Products sync", "Pull from finance applications"):
        assert label in html
    assert "Finance Suite" in web.get("/setup/").get_data(as_text=True)


@pytest.mark.parametrize("url", [URL, "/setup/finance/runs/1"])
def test_a1_finance_setup_is_403_for_non_admins(ctx, tenant, make_user, client_for, url):
    client = client_for(make_user(tenant, profile="Standard"))
    assert client.get(url).status_code == 403
    assert client.post("/setup/finance/sync/contacts").status_code in (400, 403)  # no CSRF token, or 403


def test_a1_zoho_connection_with_a_missing_field_is_refused_beside_the_field(ctx, web, tenant):
    data = {**ZOHO, "refresh_token": "", "api_base": "not a url", "csrf_token": token(web)}
    response = web.post("/setup/finance/connections/books", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-books-refresh_token"' in html and "Refresh token is required for Zoho." in html
    assert 'id="error-books-api_base"' in html and "http:// or https://" in html
    assert 'value="60012345"' in html  # what was typed is kept
    connection = get_connection(tenant, "books")
    assert connection.connector == "local" and connection.settings == {}


def test_a1_zoho_connection_saved_and_its_secrets_never_shown(ctx, web, tenant):
    response = web.post("/setup/finance/connections/books", data={**ZOHO, "csrf_token": token(web)})
    assert response.status_code == 302
    connection = get_connection(tenant, "books")
    assert (connection.connector, connection.organization_id) == ("zoho", "60012345")
    assert connection.settings["client_secret"] == "very-secret-value"
    html = web.get(URL).get_data(as_text=True)
    assert "very-secret-value" not in html and "1000.refresh-token-value" not in html
    assert 'data-secret-set="client_secret"' in html and "https://www.zohoapis.eu/books/v3" in html
    # saved again with the secrets left blank: the old ones are kept
    again = {**ZOHO, "client_id": "1000.OTHER", "client_secret": "", "refresh_token": "", "csrf_token": token(web)}
    assert web.post("/setup/finance/connections/books", data=again).status_code == 302
    settings = get_connection(tenant, "books").settings
    assert settings["client_id"] == "1000.OTHER" and settings["refresh_token"] == "1000.refresh-token-value"


def test_y8_the_daily_api_budget_of_the_zoho_plan_is_set_in_the_connection_form(ctx, web, tenant):
    """Zoho's plans allow 1,000 to 10,000 calls a day: the admin says which; blank is 1,000;
    anything else than a whole number in range is refused beside the field, nothing saved."""
    refused = web.post("/setup/finance/connections/books",
                       data={**ZOHO, "daily_budget": "lots", "csrf_token": token(web)})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="error-books-daily_budget"' in html and "whole number" in html
    assert get_connection(tenant, "books").connector == "local"
    assert web.post("/setup/finance/connections/books",
                    data={**ZOHO, "daily_budget": "", "csrf_token": token(web)}).status_code == 302
    assert get_connection(tenant, "books").settings["daily_budget"] == 1000
    assert web.post("/setup/finance/connections/books",
                    data={**ZOHO, "daily_budget": "10000", "csrf_token": token(web)}).status_code == 302
    assert get_connection(tenant, "books").settings["daily_budget"] == 10000
    assert 'name="daily_budget" type="number"' in web.get(URL).get_data(as_text=True)


def test_a1_changing_the_connector_warns_that_mapped_records_stay(ctx, books_web, books_tenant, registry):
    Account.create(tenant=books_tenant, name="Mapped Ltd")
    start_push(registry, books_tenant, "contacts")
    drain(registry)
    response = books_web.post("/setup/finance/connections/books", data={**ZOHO, "csrf_token": token(books_web)},
                              follow_redirects=True)
    assert "stay mapped to the previous organisation" in response.get_data(as_text=True)


def test_y3_sync_now_contacts_shows_progress_until_done(ctx, books_web, books_tenant, registry):
    accounts = [Account.create(tenant=books_tenant, name=f"Customer {i}") for i in range(3)]
    Contact.create(tenant=books_tenant, first_name="Ada", last_name="Lovelace", account=accounts[0])
    response = books_web.post("/setup/finance/sync/contacts", data={"csrf_token": token(books_web)})
    assert response.status_code == 302
    run = SyncRun.select().where(SyncRun.tenant == books_tenant).order_by(SyncRun.id.desc()).first()
    assert run.job == "contacts" and run.total == 4 and f"run={run.id}" in response.location
    html = books_web.get(response.location).get_data(as_text=True)
    assert '<progress max="100" value="0"' in html and "0 of 4" in html and "finance_sync.js" in html
    assert books_web.get(f"/setup/finance/runs/{run.id}").get_json()["state"] == "running"
    drain(registry)
    status = books_web.get(f"/setup/finance/runs/{run.id}").get_json()
    assert status == {**status, "state": "ok", "done": 4, "total": 4, "failed": 0, "percent": 100}
    finance = LocalFinance(books_tenant.slug)
    for account in accounts:
        assert finance.find_by_crm_id("contacts", f"accounts:{account.id}") is not None
    html = books_web.get(URL).get_data(as_text=True)
    assert "4 of 4" in html  # the last run of Contacts sync, and the history


def test_y3_pull_runs_at_once_and_is_in_the_history(ctx, books_web, books_tenant):
    response = books_web.post("/setup/finance/sync/pull", data={"csrf_token": token(books_web)},
                              follow_redirects=True)
    run = SyncRun.get((SyncRun.tenant == books_tenant) & (SyncRun.job == "pull"))
    assert run.state == "ok" and run.finished_at is not None
    assert f'data-run="{run.id}"' in response.get_data(as_text=True)


def test_y3_another_tenants_run_is_404(ctx, web, make_tenant, registry):
    other = make_tenant(apps=("books",))
    Account.create(tenant=other, name="Not yours")
    run = start_push(registry, other, "contacts")
    assert web.get(f"/setup/finance/runs/{run.id}").status_code == 404
    assert f'data-url="/setup/finance/runs/{run.id}"' not in web.get(f"{URL}?run={run.id}").get_data(as_text=True)
    drain(registry)


def test_y4_instant_switches_save(ctx, web, tenant):
    web.post("/setup/finance/switches", data={"csrf_token": token(web), "instant_contacts": "1"})
    switches = sync_settings(tenant)
    assert switches.instant_contacts and not switches.instant_products
    web.post("/setup/finance/switches", data={"csrf_token": token(web), "instant_products": "1"})
    switches = sync_settings(tenant)
    assert not switches.instant_contacts and switches.instant_products
    assert 'name="instant_products" value="1" checked' in web.get(URL).get_data(as_text=True)


class Overloaded:
    """A finance service that answers every call with a 503 (the record may be fine)."""

    def __getattr__(self, name):
        def call(*args, **kwargs):
            raise TransientError("Zoho answered HTTP 503: service unavailable")
        return call


def test_y6_failed_record_shows_with_its_error_and_retry_queues_it_again(ctx, books_web, books_tenant, registry):
    from core.declarations import ConnectorSpec
    account = Account.create(tenant=books_tenant, name="Unreachable Ltd")
    registry.connectors["overloaded"] = ConnectorSpec("overloaded", "Overloaded", lambda s: Overloaded())
    configure(books_tenant, "books", "overloaded", "60012345")
    start_push(registry, books_tenant, "contacts")
    drain(registry)
    row = SyncOutbox.get((SyncOutbox.tenant == books_tenant) & (SyncOutbox.record_id == account.id))
    assert row.state == "pending" and row.last_error  # it will be tried again
    SyncOutbox.update(attempts=MAX_ATTEMPTS, next_attempt_at=utcnow()).where(SyncOutbox.id == row.id).execute()
    drain(registry)
    row = SyncOutbox.get_by_id(row.id)
    assert row.state == "failed" and "gave up" in row.last_error
    html = books_web.get(URL).get_data(as_text=True)
    assert f'data-outbox="{row.id}"' in html and "Unreachable Ltd" in html
    assert f'href="/m/accounts/{account.id}"' in html and "gave up after" in html
    assert "Finished with failures" in html  # the run, in the history
    response = books_web.post(f"/setup/finance/failed/{row.id}/retry", data={"csrf_token": token(books_web)})
    assert response.status_code == 302
    row = SyncOutbox.get_by_id(row.id)
    assert (row.state, row.attempts, row.last_error) == ("pending", 0, "")
    assert "No record failed to sync." in books_web.get(URL).get_data(as_text=True)
    SyncOutbox.delete().where(SyncOutbox.tenant == books_tenant).execute()  # leave nothing for other tests
    del registry.connectors["overloaded"]


def test_y6_retry_all_and_another_tenants_row_is_404(ctx, web, tenant, make_tenant, books_tenant):
    other = Account.create(tenant=books_tenant, name="Other")
    mine = Account.create(tenant=tenant, name="Mine")
    theirs = SyncOutbox.create(tenant=books_tenant, app="books", module="accounts", record_id=other.id,
                               state="failed", last_error="refused")
    ours = [SyncOutbox.create(tenant=tenant, app="books", module="accounts", record_id=mine.id,
                              state="failed", last_error="refused") for _ in range(2)]
    assert web.post(f"/setup/finance/failed/{theirs.id}/retry", data={"csrf_token": token(web)}).status_code == 404
    html = web.post("/setup/finance/failed/retry-all", data={"csrf_token": token(web)},
                    follow_redirects=True).get_data(as_text=True)
    assert "2 records will be sent again." in html
    assert [SyncOutbox.get_by_id(r.id).state for r in ours] == ["pending", "pending"]
    assert SyncOutbox.get_by_id(theirs.id).state == "failed"
    SyncOutbox.delete().where(SyncOutbox.tenant.in_([tenant, books_tenant])).execute()

"""The plugin's tests run on the fixtures Finsuite ships (``core.testing``); a checkout where
the plugin is not installed yet (``pip install -e .``) names it (PYTHONPATH holds it)."""
import datetime as dt
from importlib.metadata import entry_points

import pytest

INSTALLED = any(e.name == "payments" for e in entry_points(group="finsuite.plugins"))
TODAY = dt.date.today()


@pytest.fixture(scope="session")
def finsuite_config():
    return {} if INSTALLED else {"PLUGINS": ["finsuite_payments"]}


@pytest.fixture
def books(make_tenant, make_user, api_for, run_sync):
    """A tenant with Books and Payments, its administrator's API, a customer, and
    ``sent(total, days_ago)``: an invoice of that customer sent and synced (its balance due is
    its total, as Books answered)."""
    tenant = make_tenant(apps=("books", "payments"))
    admin = make_user(tenant)
    api = api_for(admin)
    account = api.post("/api/v1/accounts", json={"name": "Acme Corp"}).get_json()

    def sent(total: str, days_ago: int = 0, account_id=None, **fields) -> dict:
        made = api.post("/api/v1/books/invoices", json={
            **fields, "account_id": account_id or account["id"], "date": str(TODAY - dt.timedelta(days=days_ago)),
            "due_date": str(TODAY + dt.timedelta(days=30)),
            "line_items": [{"name": "Consulting", "quantity": "1", "rate": total, "tax_percent": "0"}]})
        assert made.status_code == 201, made.get_json()
        assert api.post(f"/api/v1/books/invoices/{made.get_json()['id']}/actions/mark_sent").status_code == 200
        run_sync()
        invoice = api.get(f"/api/v1/books/invoices/{made.get_json()['id']}").get_json()
        assert (invoice["status"], invoice["balance"]) == ("sent", total)
        return invoice
    return {"tenant": tenant, "admin": admin, "api": api, "account": account, "sent": sent}

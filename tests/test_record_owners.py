"""Owners of finance records, for B11's *Sales by user* and E3's expenses by user: Books' and
Invoice's documents, expenses and expense reports belong to the user who made them (the API,
the web form, a deal-stage trigger), as accounts do; ``owner_id`` is read-only, lists filter by
it, pages show the owner's name; older databases gain the column."""
from __future__ import annotations

import pytest
from playhouse.migrate import SchemaMigrator, SqliteMigrator, migrate

from core import create_record, owner_columns
from core.db import db
from core.migrations import migrate as apply_migrations
from core.models import SchemaMigration
from core.settings import set_setting
from core.testing import csrf_from
from plugins.books.models import Invoice
from plugins.expense.models import Expense
from tests.books.context_helpers import crm  # noqa: F401  (a fixture)

LINE = {"name": "Consulting", "quantity": "2", "rate": "50.00", "tax_percent": "0"}
EXPENSE = {"date": "2026-05-04", "category": "Meals", "amount": "40.00", "merchant": "Bistro"}
DOCUMENTS = ("books/invoices", "books/estimates", "books/salesorders", "books/purchaseorders",
             "invoice/invoices", "invoice/estimates")


def _body(path: str, crm) -> dict:
    if path == "expense/expenses":
        return dict(EXPENSE)
    party = {"vendor_id": crm["vendor"].id} if path == "books/purchaseorders" else {"account_id": crm["account"].id}
    return {**party, "date": "2026-11-20", "line_items": [LINE]}


def _make(api, path: str, crm) -> dict:
    response = api.post(f"/api/v1/{path}", json=_body(path, crm))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def seller(crm, make_user):
    """A second user of the tenant, named (pages show the name)."""
    user = make_user(crm["tenant"])
    user.name = "Sam Seller"
    user.save()
    return user


@pytest.mark.parametrize("path", [*DOCUMENTS, "expense/expenses"])
def test_b11_e3_a_record_made_through_the_api_is_owned_by_the_tokens_user(path, crm, seller, api_for):
    made = _make(api_for(seller), path, crm)
    assert made["owner_id"] == seller.id
    assert api_for(crm["admin"]).get(f"/api/v1/{path}/{made['id']}").get_json()["owner_id"] == seller.id


def test_e3_an_expense_report_is_owned_by_its_maker(crm, seller, api_for):
    api = api_for(seller)
    expense = _make(api, "expense/expenses", crm)
    report = api.post("/api/v1/expense/reports", json={"title": "Week 19", "start_date": "2026-05-01",
                                                         "end_date": "2026-05-07", "expense_ids": [expense["id"]]})
    assert report.status_code == 201, report.get_json()
    assert report.get_json()["owner_id"] == seller.id


@pytest.mark.parametrize("path", ["books/invoices", "books/purchaseorders", "invoice/invoices", "expense/expenses"])
def test_b11_e3_owner_id_cannot_be_written_as_for_accounts(path, crm, seller, api_for):
    api = api_for(crm["admin"])
    refused = {"errors": {"owner_id": ["Unknown field."]}}
    account = api.post("/api/v1/accounts", json={"name": "Globex", "owner_id": seller.id})
    assert (account.status_code, account.get_json()) == (422, refused)
    response = api.post(f"/api/v1/{path}", json={**_body(path, crm), "owner_id": seller.id})
    assert (response.status_code, response.get_json()) == (422, refused)
    made = _make(api, path, crm)
    patched = api.patch(f"/api/v1/{path}/{made['id']}", json={"owner_id": seller.id})
    assert (patched.status_code, patched.get_json()) == (422, refused)
    assert api.get(f"/api/v1/{path}/{made['id']}").get_json()["owner_id"] == crm["admin"].id


@pytest.mark.parametrize("path", ["books/invoices", "books/purchaseorders", "invoice/estimates",
                                  "expense/expenses"])
def test_b11_e3_lists_filter_by_owner(path, crm, seller, api_for):
    mine = [_make(api_for(seller), path, crm)["id"] for _ in range(2)]
    _make(api_for(crm["admin"]), path, crm)
    api = api_for(crm["admin"])
    listed = api.get(f"/api/v1/{path}?owner_id={seller.id}").get_json()
    assert sorted(r["id"] for r in listed["data"]) == sorted(mine)
    assert {r["owner_id"] for r in listed["data"]} == {seller.id}
    bad = api.get(f"/api/v1/{path}?owner_id=abc")
    assert bad.status_code == 422 and list(bad.get_json()["errors"]) == ["owner_id"]


def test_b11_pages_name_the_owner(crm, seller, api_for, client_for):
    invoice = _make(api_for(seller), "books/invoices", crm)
    web = client_for(crm["admin"])
    detail = web.get(f"/m/books/invoices/{invoice['id']}").get_data(as_text=True)
    assert "<dt>Owner</dt><dd>Sam Seller</dd>" in detail
    listed = web.get(f"/m/books/invoices/?owner_id={seller.id}").get_data(as_text=True)
    assert '<span class="chip">Owner: Sam Seller ' in listed


def test_e3_an_expense_made_in_the_web_form_is_owned_by_its_user(crm, seller, client_for, api_for):
    web = client_for(seller)
    token = csrf_from(web.get("/m/expense/expenses/new").get_data(as_text=True))
    created = web.post("/m/expense/expenses/new", data={"csrf_token": token, **EXPENSE})
    assert created.status_code == 302
    expense_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert api_for(crm["admin"]).get(f"/api/v1/expense/expenses/{expense_id}").get_json()["owner_id"] == seller.id


def test_b13_a_deal_trigger_gives_the_estimate_the_deal_saver_as_owner(crm, seller, api_for):
    set_setting(crm["tenant"], "books.deal_triggers", "estimate")
    api = api_for(seller)
    deal = api.post("/api/v1/deals", json={"name": "Acme expansion", "account_id": crm["account"].id,
                                           "amount": "1250.50"}).get_json()
    [estimate] = api.get(f"/api/v1/books/estimates?deal_id={deal['id']}").get_json()["data"]
    assert estimate["owner_id"] == seller.id


def test_b11_a_record_made_without_a_user_has_no_owner(crm, registry):
    invoice = create_record(registry.modules["books/invoices"], crm["tenant"], None, _body("books/invoices", crm))
    expense = create_record(registry.modules["expense/expenses"], crm["tenant"], None, dict(EXPENSE))
    assert invoice.owner_id is None and expense.owner_id is None


def _columns(table: str) -> list[str]:
    return [c.name for c in db.get_columns(table)]


def _owner_indexes(table: str) -> list[str]:
    return [i.name for i in db.get_indexes(table) if "owner_id" in i.columns and "tenant_id" in i.columns]


def test_b11_e3_an_older_database_gains_the_owner_columns(crm, api_for, registry):
    """``books 0003`` and ``expense 0002`` add ``owner_id`` and its list index where a table was
    made without them, rows kept; on a table made with them (a new database) they change nothing."""
    api = api_for(crm["admin"])
    invoice, expense = _make(api, "books/invoices", crm), _make(api, "expense/expenses", crm)
    migrator = SchemaMigrator.from_database(db.obj)
    rebuild = {"legacy": True} if isinstance(migrator, SqliteMigrator) else {}  # SQLite's own DROP COLUMN
    for table, step in (("books_invoice", ("books", "0003_owners")), ("expense_expense", ("expense", "0002_owners"))):
        migrate(*[migrator.drop_index(table, name) for name in _owner_indexes(table)],
                migrator.drop_column(table, "owner_id", **rebuild))  # refuses a foreign key
        SchemaMigration.delete().where((SchemaMigration.app == step[0]) & (SchemaMigration.name == step[1])).execute()
        assert "owner_id" not in _columns(table)
    assert {"books.0003_owners", "expense.0002_owners"} <= set(apply_migrations(registry))
    for table in ("books_invoice", "expense_expense"):
        assert _columns(table).count("owner_id") == 1 and len(_owner_indexes(table)) == 1
    assert api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()["owner_id"] is None
    assert api.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["owner_id"] is None
    assert _make(api, "books/invoices", crm)["owner_id"] == crm["admin"].id
    owner_columns({Invoice: "date", Expense: "date"})(migrator, db.obj)  # already there: nothing to do
    assert _columns("books_invoice").count("owner_id") == 1 and len(_owner_indexes("books_invoice")) == 1

"""C10 Search: every list searches what a user sees on it (a document's customer or vendor too),
ignoring case and accents alike on SQLite and PostgreSQL; a global search finds the records of
every module the user may view, in their organisation only (web page and API)."""
from __future__ import annotations

import re

import pytest

from core.crm.models import Account
from core.db import db, insert_rows
from core.migrations import migrate
from core.search import COLUMN, fold
from core.search.columns import PREFIX, _existing_triggers
from core.search.folding import fold_table, fold_values
from core.testing import profile_without

NAMES = ("Łódź Textiles", "Sørensen & Co", "Zürcher Kantonalbank", "Grupo Zürcher SA", "Straße Werke",
         "ÆRØ Shipping", "Œuvre Café", "Þór Fisheries", "Đorđević d.o.o.", "Ana Łukasiewicz")


def _names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return sorted(r.get("name") or r.get("number") or r.get("last_name") for r in response.get_json()["data"])


def _post(api, url: str, body: dict) -> dict:
    response = api.post(f"/api/v1/{url}", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _invoice(api, **customer) -> dict:
    lines = [{"name": "Work", "quantity": "1", "rate": "10.00"}]
    return _post(api, "books/invoices", {**customer, "line_items": lines})


def test_c10_fold_drops_case_and_accents_and_letters_unicode_does_not_decompose():
    assert [fold(n) for n in NAMES] == [
        "lodz textiles", "sorensen & co", "zurcher kantonalbank", "grupo zurcher sa", "strasse werke",
        "aero shipping", "oeuvre cafe", "thor fisheries", "dordevic d.o.o.", "ana lukasiewicz"]
    assert fold("Zu\u0308rcher") == "zurcher"  # decomposed input (a Mac's) loses its mark too
    assert fold("ＡＣＭＥ") == "acme" and fold("ΑΘΉΝΑ") == "αθηνα" and fold("Ёлка") == "елка"
    assert fold("東京") == "東京"  # outside the table: as typed
    assert all(fold(value) == value for value in fold_table().values())  # folding twice changes nothing


def test_c10_stored_search_text_is_python_folding_on_either_database(ctx, tenant):
    """The triggers fold in SQL on PostgreSQL and through Python's function on SQLite: the same text."""
    rows = [Account.create(tenant=tenant, name=name, email=f"x{i}@ÉXAMPLE.com", city="Genève")
            for i, name in enumerate(NAMES)]
    stored = dict(db.execute_sql(f"SELECT id, {COLUMN} FROM crm_account WHERE tenant_id = {tenant.id}").fetchall())
    assert [stored[r.id] for r in rows] == [fold_values(r.name, r.email, r.city) for r in rows]
    assert stored[rows[0].id] == "lodz textiles x0@example.com geneve"
    # every character the table folds, in names of 100: PostgreSQL's function is Python's
    chars = "".join(chr(point) for point in fold_table())
    names = [chars[i:i + 100] for i in range(0, len(chars), 100)]
    rows = [Account.create(tenant=tenant, name=name) for name in names]
    ids = ", ".join(str(r.id) for r in rows)
    stored = dict(db.execute_sql(f"SELECT id, {COLUMN} FROM crm_account WHERE id IN ({ids})").fetchall())
    assert [stored[r.id] for r in rows] == [fold(name) for name in names]


def test_c10_accounts_list_ignores_case_and_accents(api, web):
    for name in NAMES:
        _post(api, "accounts", {"name": name})
    assert _names(api.get("/api/v1/accounts?q=lodz")) == ["Łódź Textiles"]
    assert _names(api.get("/api/v1/accounts?q=SORENSEN")) == ["Sørensen & Co"]
    assert _names(api.get("/api/v1/accounts?q=zurcher")) == ["Grupo Zürcher SA", "Zürcher Kantonalbank"]
    assert _names(api.get("/api/v1/accounts?q=ZÜRCHER grupo")) == ["Grupo Zürcher SA"]  # every word, any order
    assert _names(api.get("/api/v1/accounts?q=strasse")) == ["Straße Werke"]
    assert _names(api.get("/api/v1/accounts?q=łódź")) == ["Łódź Textiles"]
    assert _names(api.get("/api/v1/accounts?q=l%25z")) == []  # a "%" is a percent sign, not a wildcard
    assert _names(api.get("/api/v1/accounts?q=s_r")) == []  # nor is "_" any character
    html = web.get("/m/accounts/?q=dordevic").get_data(as_text=True)
    assert "Đorđević d.o.o." in html and "Straße Werke" not in html


def test_c10_document_lists_search_their_customer_and_vendor(api):
    grupo = _post(api, "accounts", {"name": "Grupo Zürcher SA"})
    other = _post(api, "accounts", {"name": "Other Ltd"})
    ana = _post(api, "contacts", {"first_name": "Ana", "last_name": "Łukasiewicz"})
    first = _invoice(api, account_id=grupo["id"])
    _invoice(api, account_id=other["id"])
    by_contact = _invoice(api, contact_id=ana["id"])
    referenced = _post(api, "books/invoices", {"account_id": other["id"], "reference": "PO-4471",
                                               "line_items": [{"name": "Work", "quantity": "1", "rate": "5.00"}]})

    def ids(url: str) -> list[int]:
        response = api.get(url)
        assert response.status_code == 200, response.get_json()
        return sorted(r["id"] for r in response.get_json()["data"])
    assert ids("/api/v1/books/invoices?q=Grupo") == [first["id"]]
    assert ids("/api/v1/books/invoices?q=zurcher") == [first["id"]]
    assert ids("/api/v1/books/invoices?q=lukasiewicz") == [by_contact["id"]]
    assert ids("/api/v1/books/invoices?q=po-4471") == [referenced["id"]]
    assert ids("/api/v1/books/invoices?q=other po-4471") == [referenced["id"]]  # one word here, one there
    assert ids("/api/v1/books/invoices?q=grupo po-4471") == []
    estimate = _post(api, "books/estimates", {"account_id": grupo["id"],
                                              "line_items": [{"name": "Work", "quantity": "1", "rate": "1.00"}]})
    assert ids("/api/v1/books/estimates?q=ZÜRCHER") == [estimate["id"]]
    in_invoice_app = _post(api, "invoice/invoices", {"account_id": grupo["id"],
                                                     "line_items": [{"name": "Work", "quantity": "1", "rate": "1.00"}]})
    assert ids("/api/v1/invoice/invoices?q=grupo") == [in_invoice_app["id"]]
    vendor = _post(api, "vendors", {"name": "Sørensen Supplies"})
    order = _post(api, "books/purchaseorders", {"vendor_id": vendor["id"],
                                                "line_items": [{"name": "Steel", "quantity": "2", "rate": "3.00"}]})
    assert ids("/api/v1/books/purchaseorders?q=sorensen") == [order["id"]]
    expense = _post(api, "expense/expenses", {"date": "2026-05-04", "category": "Meals", "amount": "40.00",
                                              "merchant": "Bistro", "account_id": grupo["id"]})
    assert ids("/api/v1/expense/expenses?q=grupo") == [expense["id"]]
    contact = _post(api, "contacts", {"last_name": "Doe", "account_id": grupo["id"]})
    assert ids("/api/v1/contacts?q=zurcher") == [contact["id"]]
    # a customer renamed: its documents are found by the new name at once (nothing copied onto them)
    assert api.patch(f"/api/v1/accounts/{grupo['id']}", json={"name": "Grupo Łask"}).status_code == 200
    assert ids("/api/v1/books/invoices?q=lask") == [first["id"]]
    assert ids("/api/v1/books/invoices?q=zurcher") == []


def test_c10_every_way_of_writing_keeps_the_search_text(api, ctx, tenant):
    """A form or API save, a plain ``Model.update`` (as the sync writes a finance application's
    answers), a bulk insert: the database's triggers fold them all."""
    account = _post(api, "accounts", {"name": "Before Ltd"})
    Account.update(name="Bjørn Borg AB").where(Account.id == account["id"]).execute()
    assert _names(api.get("/api/v1/accounts?q=bjorn")) == ["Bjørn Borg AB"]
    insert_rows(Account, [{"tenant": tenant.id, "name": f"Malmö Bulk {i}"} for i in range(3)])
    assert _names(api.get("/api/v1/accounts?q=malmo")) == ["Malmö Bulk 0", "Malmö Bulk 1", "Malmö Bulk 2"]
    assert _names(api.get("/api/v1/accounts?q=before")) == []


def test_c10_migrate_rebuilds_lost_triggers_and_refolds(app, ctx, registry, tenant):
    """A table rebuilt by a migration loses its triggers: the next migration puts them back."""
    row = Account.create(tenant=tenant, name="Kraków Steel")
    database = db.obj
    triggers = _existing_triggers(database, "crm_account")
    assert triggers and all(t.startswith(PREFIX) for t in triggers)
    for name in triggers:
        database.execute_sql(f'DROP {"FUNCTION" if "Postgres" in type(database).__name__ else "TRIGGER"} '
                             f'"{name}"{"() CASCADE" if "Postgres" in type(database).__name__ else ""}')
    Account.update(name="Gdańsk Steel").where(Account.id == row.id).execute()  # no trigger: left stale
    assert migrate(registry) == []  # no step to record: the search text is put right all the same
    assert _existing_triggers(database, "crm_account") == triggers
    stored = database.execute_sql(f"SELECT {COLUMN} FROM crm_account WHERE id = {row.id}").fetchone()[0]
    assert stored == "gdansk steel"


def _groups(response) -> dict:
    assert response.status_code == 200, response.get_json()
    return {g["module"]: sorted(r["title"] for r in g["records"]) for g in response.get_json()["results"]}


def test_c10_global_search_api_finds_every_module_the_user_may_view(api_for, admin, tenant, make_tenant, make_user):
    api = api_for(admin)
    grupo = _post(api, "accounts", {"name": "Grupo Zürcher SA"})
    _post(api, "contacts", {"first_name": "Zoe", "last_name": "Zürcher"})
    _post(api, "vendors", {"name": "Zurcher Supplies"})
    invoice = _invoice(api, account_id=grupo["id"])
    _post(api, "accounts", {"name": "Unrelated"})
    found = _groups(api.get("/api/v1/search?q=zurcher"))
    assert found["accounts"] == ["Grupo Zürcher SA"] and found["contacts"] == ["Zoe Zürcher"]
    assert found["vendors"] == ["Zurcher Supplies"] and "books/invoices" in found
    body = api.get("/api/v1/search?q=zurcher&limit=1").get_json()
    invoices = next(g for g in body["results"] if g["module"] == "books/invoices")
    assert invoices["total"] == 1 and invoices["records"][0]["url"] == f"/api/v1/books/invoices/{invoice['id']}"
    assert api.get(invoices["records"][0]["url"]).status_code == 200
    # another organisation's records are never found, whatever their name
    elsewhere = make_tenant()
    assert _groups(api_for(make_user(elsewhere)).get("/api/v1/search?q=zurcher")) == {}
    # a profile without the invoices' view permission: no invoices, the rest as before
    limited = make_user(tenant, profile=profile_without(tenant, "No invoices", "books/invoices.view"))
    seen = _groups(api_for(limited).get("/api/v1/search?q=zurcher"))
    assert "books/invoices" not in seen and seen["accounts"] == ["Grupo Zürcher SA"]
    # an app the organisation has not enabled: none of its modules
    crm_only = make_tenant(apps=())
    crm_api = api_for(make_user(crm_only))
    _post(crm_api, "accounts", {"name": "Zürcher Only"})
    assert _groups(crm_api.get("/api/v1/search?q=zurcher")) == {"accounts": ["Zürcher Only"]}


def test_c10_global_search_api_names_what_is_wrong(api, app):
    assert api.get("/api/v1/search").get_json() == {"errors": {"q": ["Enter what to search for."]}}
    assert api.get("/api/v1/search?q=a&limit=0").status_code == 422
    assert set(api.get("/api/v1/search?q=a%00b&limit=x").get_json()["errors"]) == {"q", "limit"}
    assert api.get("/api/v1/search?q=%20").get_json() == {"q": " ", "results": []}
    assert app.test_client().get("/api/v1/search?q=a").status_code == 401
    post = api.post("/api/v1/search?q=a")
    assert post.status_code == 405 and post.headers["Allow"] == "GET"
    document = api.get("/api/v1/openapi.json").get_json()
    assert document["paths"]["/api/v1/search"]["get"]["operationId"] == "search"


def test_c10_global_search_page_groups_by_module_and_links_each_record(api, web, client_for, tenant, make_user):
    grupo = _post(api, "accounts", {"name": "Grupo Zürcher SA"})
    invoice = _invoice(api, account_id=grupo["id"])
    html = web.get("/search?q=zurcher").get_data(as_text=True)
    assert 'class="topbar-search"' in html and 'value="zurcher"' in html
    accounts = re.search(r'<section class="panel search-group" id="search-accounts".*?</section>', html, re.S).group(0)
    assert f'href="/m/accounts/{grupo["id"]}">Grupo Zürcher SA</a>' in accounts
    invoices = re.search(r'id="search-books-invoices".*?</section>', html, re.S).group(0)
    assert f'href="/m/books/invoices/{invoice["id"]}"' in invoices and "Grupo Zürcher SA" in invoices  # its customer
    assert 'id="search-empty"' in web.get("/search?q=nothing-like-this").get_data(as_text=True)
    assert web.get("/search?q=a%00").status_code == 400
    limited = make_user(tenant, profile=profile_without(tenant, "No accounts", "accounts.view"))
    page = client_for(limited).get("/search?q=zurcher").get_data(as_text=True)
    assert 'id="search-accounts"' not in page and 'id="search-books-invoices"' in page
    # every page's top bar has the box
    assert 'class="topbar-search"' in web.get("/m/accounts/").get_data(as_text=True)


@pytest.mark.parametrize("q", ["lodz", "LODZ", "Łódź", "łodz"])
def test_c10_web_list_search_keeps_the_typed_query(web, api, q):
    _post(api, "accounts", {"name": "Łódź Textiles"})
    html = web.get(f"/m/accounts/?q={q}").get_data(as_text=True)
    assert "Łódź Textiles" in html and f'value="{q}"' in html


@pytest.mark.parametrize("few", [10_000, 0])
def test_c10_search_results_sort_and_page_like_the_list(api, web, monkeypatch, few):
    """A search that finds few records sorts its matches first, one that finds many walks the
    sorted list: the same pages either way."""
    import core.record_lists
    monkeypatch.setattr(core.record_lists, "FEW_MATCHES", few)
    for i in range(12):
        _post(api, "accounts", {"name": f"Łódź {i:02d}", "city": "Kraków" if i % 2 else "Poznań"})
    _post(api, "accounts", {"name": "Aachen"})
    response = api.get("/api/v1/accounts?q=lodz&sort=-name&per_page=5&page=2")
    assert [r["name"] for r in response.get_json()["data"]] == ["Łódź 06", "Łódź 05", "Łódź 04", "Łódź 03", "Łódź 02"]
    assert response.get_json()["total"] == 12 and response.get_json()["has_more"]
    assert [r["name"] for r in api.get("/api/v1/accounts?q=krakow&sort=name&per_page=3").get_json()["data"]] == [
        "Łódź 01", "Łódź 03", "Łódź 05"]
    past = api.get("/api/v1/accounts?q=lodz&per_page=5&page=9").get_json()  # the API: an empty page past the end
    assert past["data"] == [] and past["total"] == 12 and past["page"] == 9
    html = web.get("/m/accounts/?q=lodz&sort=name&per_page=10&page=9").get_data(as_text=True)  # the web: the last
    assert "Łódź 11" in html and "Łódź 09" not in html and "11–12 of 12" in html

"""C10 (issue 17, item 11): every list's columns can be chosen for the moment, and the list, as
shown (view, filters, search, sort, those columns), downloads as a CSV file a spreadsheet reads:
plain amounts and dates, references by name, no cell run as a formula, every page."""
from __future__ import annotations

import csv
import io


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_c10_a_lists_csv_follows_its_search_sort_and_chosen_columns(make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(apps=("books",))
    user = make_user(tenant)
    api, web = api_for(user), client_for(user)
    for name, city in (("Zeta Ltd", "Łódź"), ("Alpha SA", "Paris"), ("=HYPERLINK(1)", "Lyon")):
        assert api.post("/api/v1/accounts", json={"name": name, "city": city}).status_code == 201
    rows = _rows(web.get("/m/accounts/export.csv?sort=name&columns=name&columns=city"))
    assert rows == [["Account name", "City"], ["'=HYPERLINK(1)", "Lyon"], ["Alpha SA", "Paris"], ["Zeta Ltd", "Łódź"]]
    page = web.get("/m/accounts/?sort=name&columns=name,city").get_data(as_text=True)
    assert 'name="columns" value="city" checked' in page and 'data-export="csv"' in page
    chosen = web.get("/m/accounts/?columns=name&columns=city").get_data(as_text=True)
    per_page = chosen[chosen.index('class="per-page"'):]
    per_page = per_page[:per_page.index("</form>")]  # the Per page choice keeps both columns
    assert 'name="columns" value="name"' in per_page and 'name="columns" value="city"' in per_page
    assert "<th" in page and ">City<" in page
    searched = _rows(web.get("/m/accounts/export.csv?q=Alpha&columns=name"))
    assert searched == [["Account name"], ["Alpha SA"]]
    api.post("/api/v1/accounts", json={"name": "Phone Co", "phone": "+33 1 23 45 67 89"})
    api.post("/api/v1/accounts", json={"name": "Sign Co", "phone": "+cmd|' /C calc'!A0"})
    phones = dict(r for r in _rows(web.get("/m/accounts/export.csv?columns=name,phone"))[1:])
    assert phones["Phone Co"] == "+33 1 23 45 67 89"  # a phone number is no formula
    assert phones["Sign Co"] == "'+cmd|' /C calc'!A0"


def test_c10_document_csv_has_plain_amounts_and_customer_names_over_every_page(
        make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(apps=("books",))
    user = make_user(tenant)
    api, web = api_for(user), client_for(user)
    account = api.post("/api/v1/accounts", json={"name": "Acme Corp"}).get_json()
    for index in range(105):  # more than one page of the list
        api.post("/api/v1/books/invoices", json={"account_id": account["id"], "date": "2026-03-01", "line_items": [
            {"name": "Work", "quantity": "1", "rate": f"{1000 + index}.50"}]})
    rows = _rows(web.get("/m/books/invoices/export.csv?columns=account_id,date,total&sort=total"))
    assert rows[0] == ["Account", "Date", "Total"] and len(rows) == 106
    assert rows[1] == ["Acme Corp", "2026-03-01", "1000.50"] and rows[-1][2] == "1104.50"


def test_c10_export_is_the_tenants_own_and_needs_the_view_permission(make_tenant, make_user, client_for):
    from core.testing import profile_without
    tenant = make_tenant(apps=("books",))
    blind = make_user(tenant, profile=profile_without(tenant, "No invoices", "books/invoices.view"))
    assert client_for(blind).get("/m/books/invoices/export.csv").status_code == 403

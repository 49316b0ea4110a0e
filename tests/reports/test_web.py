"""The Reports tab in the web UI (B11, E3, I1, P1): the tab and its folders, a report's page (its
table in the tenant's money format, filters changed in place, its chart's data, CSV), the builder
(errors beside the fields and nothing saved; a report saved), a default edited and restored."""
from __future__ import annotations

import re

from babel.numbers import format_currency

from core.models import Profile, SavedReport, utcnow
from core.testing import csrf_from
from tests.reports.helpers import SALES_LINES, line_total, make_sales

SALES = "/reports/books.sales_by_customer"


def _tabs(html: str) -> list[str]:
    return re.findall(r'data-tab="([^"]+)"', html)


def test_b11_the_reports_tab_lists_the_folders_of_the_enabled_apps(client_for, make_tenant, make_user):
    web = client_for(make_user(make_tenant(apps=("books", "inventory", "expense"))))
    html = web.get("/reports/").get_data(as_text=True)
    assert "reports" in _tabs(html) and 'class="tab active" href="/reports/"' in html
    assert re.findall(r"<h2>([^<]+)</h2>", html) == ["Finance reports", "Expense reports"]
    assert "Deals compared with their expenses" in html and "Invoice reports" not in html


def test_p1_no_reports_tab_for_a_user_who_may_open_no_report(client_for, tenant, make_user, admin, api_for):
    profile = Profile.create(tenant=tenant, name="Accounts only", is_admin=False)
    profile.grants = ["accounts.view"]
    profile.save()
    web = client_for(make_user(tenant, profile="Accounts only"))
    assert "reports" not in _tabs(web.get("/").get_data(as_text=True))
    assert web.get("/reports/").status_code == 403
    api_for(admin).post("/api/v1/reports", json={"label": "Accounts per city", "shared": True, "definition": {
        "module": "accounts", "group_by": [{"field": "city"}]}})
    assert "reports" in _tabs(web.get("/").get_data(as_text=True))


def test_b11_a_reports_page_shows_its_table_in_the_tenants_money_format(registry, web, tenant, admin):
    make_sales(registry, tenant, admin, today=utcnow().date())
    html = web.get(SALES).get_data(as_text=True)
    acme = line_total(SALES_LINES["a1"]) + line_total(SALES_LINES["a2"]) + line_total(SALES_LINES["a3"])
    assert format_currency(acme, "USD", locale="en_US") in html
    assert 'data-src="/reports/books.sales_by_customer/data"' in html and 'data-chart="bar"' in html
    assert re.search(r'<a href="/m/accounts/\d+">Acme</a>', html)
    assert "Status is one of Sent, Overdue, Partially paid, Paid" in html


def test_b11_filters_are_changed_in_place(registry, web, tenant, admin):
    sales = make_sales(registry, tenant, admin, today=utcnow().date())
    answer = web.get(f"{SALES}?ff=status&fo=eq&fv=paid&ff=&fo=eq&fv=")
    assert answer.status_code == 302 and answer.headers["Location"] == f"{SALES}?status=paid"
    html = web.get(f"{SALES}?status=paid").get_data(as_text=True)
    assert "Zürcher AG" in html and ">Acme<" not in html
    assert f'href="{SALES}/export.csv?status=paid"' in html
    data = web.get(f"{SALES}/data?status=paid").get_json()
    assert data["rows"] == [[{"id": sales["accounts"]["zurich"].id, "title": "Zürcher AG"},
                             str(line_total(SALES_LINES["z1"])), 1]]
    csv_text = web.get(f"{SALES}/export.csv?status=paid").get_data(as_text=True)
    assert csv_text.splitlines() == ["Account,Sales,Invoices", f"Zürcher AG,{line_total(SALES_LINES['z1'])},1"]
    bad = web.get(f"{SALES}?total__gt=abc").get_data(as_text=True)
    assert 'id="report-error"' in bad and "Total" in bad
    assert web.get(f"{SALES}/data?total__gt=abc").status_code == 422


def _builder(web, url: str = "/reports/new", **fields):
    token = csrf_from(web.get(url).get_data(as_text=True))
    form = {"csrf_token": token, "shown_module": fields.get("module", "books/invoices"), "shown_related": "",
            "module": "books/invoices", "folder": "custom", "chart": "bar", **fields}
    return web.post(url, data=form)


def test_b11_the_builder_saves_a_report_that_runs(web, tenant):
    answer = _builder(web, label="Due in 5 days", save="1", **{
        "filters.0.field": "due_date", "filters.0.op": "next_days", "filters.0.value": "5",
        "group_by.0.field": "due_date", "group_by.0.by": "day", "aggregates.0.fn": "count"})
    assert answer.status_code == 302
    saved = SavedReport.get(SavedReport.tenant == tenant)
    assert answer.headers["Location"] == f"/reports/{saved.key}"
    assert saved.definition["group_by"] == [{"field": "due_date", "by": "day"}]
    assert web.get(answer.headers["Location"]).get_data(as_text=True).count("<tr>") == 6  # a head, five days


def test_b11_the_builder_shows_errors_beside_the_fields_and_saves_nothing(web, tenant):
    answer = _builder(web, label="", save="1", **{
        "filters.0.field": "nope", "filters.0.op": "eq", "filters.0.value": "x", "aggregates.0.fn": "sum",
        "aggregates.0.field": "status"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'data-error-for="label"' in html and 'data-error-for="filters.0.field"' in html
    answer = _builder(web, label="Sums", save="1", **{"aggregates.0.fn": "sum", "aggregates.0.field": "status"})
    assert 'data-error-for="aggregates.0.field"' in answer.get_data(as_text=True)
    assert SavedReport.select().where(SavedReport.tenant == tenant).count() == 0


def test_b9_choosing_a_module_offers_its_items_as_the_related_module(web):
    html = _builder(web, module="books/invoices", shown_module="accounts").get_data(as_text=True)
    assert re.search(r'<option value="items"[^>]*>Items \(items\)', html)
    html = _builder(web, related="items", shown_module="books/invoices").get_data(as_text=True)
    assert 'value="items.amount"' in html and 'value="items.product_id"' in html


def test_b11_a_default_is_saved_as_the_organisations_version_and_restored(web, tenant):
    html = web.get(f"{SALES}/edit").get_data(as_text=True)
    assert "Save as the organisation's version" in html
    answer = _builder(web, url=f"{SALES}/edit", label="Our sales", save="1", **{
        "group_by.0.field": "account_id", "aggregates.0.fn": "sum", "aggregates.0.field": "total"})
    assert answer.status_code == 302
    page = web.get(SALES).get_data(as_text=True)
    assert "<h1>Our sales</h1>" in page and "Restore default" in page
    token = csrf_from(page)
    assert web.post(f"{SALES}/delete", data={}).status_code == 400  # no CSRF token
    assert web.post(f"{SALES}/delete", data={"csrf_token": token}).status_code == 302
    assert "<h1>Sales by customer</h1>" in web.get(SALES).get_data(as_text=True)
    assert SavedReport.select().where(SavedReport.tenant == tenant).count() == 0


def test_p1_only_its_owner_deletes_a_custom_report(web, client_for, tenant, make_user):
    _builder(web, label="Shared one", shared="true", save="1", **{"group_by.0.field": "status"})
    saved = SavedReport.get(SavedReport.tenant == tenant)
    colleague = client_for(make_user(tenant, profile="Standard"))
    page = colleague.get(f"/reports/{saved.key}").get_data(as_text=True)
    assert "Delete" not in page and colleague.get(f"/reports/{saved.key}/edit").status_code == 403
    assert colleague.post(f"/reports/{saved.key}/delete", data={"csrf_token": csrf_from(page)}).status_code == 403
    own = web.get(f"/reports/{saved.key}").get_data(as_text=True)
    assert "Delete" in own
    assert web.post(f"/reports/{saved.key}/delete", data={"csrf_token": csrf_from(own)}).status_code == 302
    assert SavedReport.select().where(SavedReport.tenant == tenant).count() == 0

"""The reports API (B11, E3, I1, P1): the folders a user sees, a report's definition and result
(amounts as decimal strings, filters as query parameters), custom reports written, a default edited
as the organisation's version and restored, copies, the CSV export read back, and what a profile
may not see or change."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from core.models import SavedReport, utcnow
from core.reports import csv_cell
from tests.books.context_helpers import profile_without
from tests.reports.helpers import ACCOUNT_NAMES, SALES_LINES, SALES_PLAN, SOLD, line_total, make_sales, make_stranger_sale

SALES = "/api/v1/reports/books.sales_by_customer"


@pytest.fixture
def sold(registry, tenant, admin, make_tenant, make_user):
    other = make_tenant()
    make_stranger_sale(registry, other, make_user(other), today=utcnow().date())
    return make_sales(registry, tenant, admin, today=utcnow().date())


def _folders(api) -> dict[str, tuple[str, list[str]]]:
    body = api.get("/api/v1/reports").get_json()
    return {f["key"]: (f["label"], [r["key"] for r in f["reports"]]) for f in body["folders"]}


@pytest.mark.parametrize("apps, labels", [
    (("books",), {"books": "Books reports"}),
    (("books", "inventory"), {"books": "Finance reports"}),
    (("invoice", "expense"), {"invoice": "Invoice reports", "expense": "Expense reports"}),
    (("books", "invoice", "expense", "inventory"), {"books": "Finance reports", "invoice": "Invoice reports",
                                                    "expense": "Expense reports"}),
])
def test_b11_i1_e3_the_folders_are_those_of_the_enabled_apps(make_tenant, make_user, api_for, apps, labels):
    folders = _folders(api_for(make_user(make_tenant(apps=apps))))
    assert {key: label for key, (label, _reports) in folders.items()} == labels
    if "books" in apps:
        assert {"books.amount_due_by_customer", "books.overdue_by_customer", "books.purchase_orders_this_month",
                "books.sales_by_customer", "books.sales_by_product", "books.sales_by_user"} <= set(folders["books"][1])
    if "expense" in apps:
        assert "expense.deals_vs_expenses" in folders["expense"][1]


def test_p1_a_profile_without_books_sees_no_books_report(tenant, make_user, api_for, sold):
    clerk = api_for(make_user(tenant, profile=profile_without(tenant, "No Books", "app.books")))
    folders = _folders(clerk)
    assert "books" not in folders and "invoice" in folders
    assert clerk.get(SALES).status_code == 404
    assert clerk.get(f"{SALES}/run").status_code == 404
    assert clerk.get(f"{SALES}/export.csv").status_code == 404


def test_b11_a_report_and_its_result_amounts_as_decimal_strings(api, sold):
    report = api.get(SALES).get_json()
    assert (report["kind"], report["definition"]["module"], report["definition"]["group_by"]) == (
        "default", "books/invoices", [{"field": "account_id"}])
    body = api.get(f"{SALES}/run").get_json()
    assert [c["key"] for c in body["columns"]] == ["account_id", "sum:total", "count"]
    expected = {}
    for name, (account, status, *_rest) in SALES_PLAN.items():
        if status in SOLD:
            total, count = expected.get(ACCOUNT_NAMES[account], (Decimal(0), 0))
            expected[ACCOUNT_NAMES[account]] = (total + line_total(SALES_LINES[name]), count + 1)
    assert {row[0]["title"]: (row[1], row[2]) for row in body["rows"]} == {
        k: (str(total), count) for k, (total, count) in expected.items()}
    assert body["truncated"] is False


def test_b11_filters_as_query_parameters_are_added_to_the_reports_own(api, sold):
    acme = sold["accounts"]["acme"].id
    rows = api.get(f"{SALES}/run?account_id__is={acme}&status=sent").get_json()["rows"]
    assert rows == [[{"id": acme, "title": "Acme"}, str(line_total(SALES_LINES["a1"])), 1]]
    assert api.get(f"{SALES}/run?status=draft").get_json()["rows"] == []  # the report's own filter still applies


@pytest.mark.parametrize("query, param", [("nope=1", "nope"), ("total__gt=abc", "total__gt"),
                                          ("due_date__next_days=0", "due_date__next_days"),
                                          ("status__bogus=x", "status__bogus")])
def test_b11_a_bad_filter_parameter_is_a_422_naming_it(api, sold, query, param):
    response = api.get(f"{SALES}/run?{query}")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [param]
    assert api.get(f"{SALES}/export.csv?{query}").status_code == 422


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv" and response.is_streamed
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_b11_csv_export_reads_back_as_the_runs_rows(api, sold):
    for key in ("books.sales_by_customer", "books.sales_by_product", "books.invoices_due_next_5_days"):
        run = api.get(f"/api/v1/reports/{key}/run").get_json()
        header, *rows = _csv(api.get(f"/api/v1/reports/{key}/export.csv"))
        assert header == [c["label"] for c in run["columns"]]
        assert rows == [[csv_cell(v) for v in row] for row in run["rows"]]
    header, *rows = _csv(api.get(f"{SALES}/export.csv?status=paid"))
    assert rows == [["Zürcher AG", str(line_total(SALES_LINES["z1"])), "1"]]


def test_b11_a_large_export_is_streamed_whole(api, tenant):
    from core.crm.models import Account
    from core.db import insert_rows
    insert_rows(Account, [{"tenant": tenant.id, "name": f"=Account {i:04d}", "city": "Lyon" if i % 3 else "Nice"}
                          for i in range(1300)])
    created = api.post("/api/v1/reports", json={"label": "All accounts", "definition": {
        "module": "accounts", "columns": ["name", "city"], "sort": ["name"]}}).get_json()
    header, *rows = _csv(api.get(f"/api/v1/reports/{created['key']}/export.csv?city=Nice"))
    assert header == ["Account name", "City"]
    assert len(rows) == 434 and rows[0] == ["'=Account 0000", "Nice"]  # a formula is quoted for a spreadsheet


def test_b11_custom_reports_are_saved_private_shared_changed_and_deleted_by_their_owner(
        api, api_for, tenant, make_user, sold):
    body = {"label": "Invoices per status", "definition": {
        "module": "books/invoices", "group_by": [{"field": "status"}], "aggregates": [{"fn": "sum", "field": "total"}],
        "chart": "pie"}}
    response = api.post("/api/v1/reports", json=body)
    assert response.status_code == 201
    report = response.get_json()
    key = report["key"]
    assert key.startswith("custom.") and response.headers["Location"].endswith(f"/api/v1/reports/{key}")
    assert (report["kind"], report["shared"], report["folder"]) == ("custom", False, "custom")
    colleague = api_for(make_user(tenant, profile="Standard"))
    assert colleague.get(f"/api/v1/reports/{key}").status_code == 404  # private
    assert api.patch(f"/api/v1/reports/{key}", json={"shared": True, "folder": "books"}).get_json()["shared"] is True
    assert key in _folders(colleague)["books"][1]
    assert colleague.get(f"/api/v1/reports/{key}/run").status_code == 200
    assert colleague.patch(f"/api/v1/reports/{key}", json={"label": "Mine"}).status_code == 403
    assert colleague.delete(f"/api/v1/reports/{key}").status_code == 403
    rows = api.get(f"/api/v1/reports/{key}/run").get_json()["rows"]
    assert {row[0] for row in rows} == {status for _a, status, *_r in SALES_PLAN.values()}
    assert api.delete(f"/api/v1/reports/{key}").status_code == 204
    assert api.get(f"/api/v1/reports/{key}").status_code == 404


def test_b11_a_default_is_edited_as_the_organisations_version_and_restored(api, api_for, tenant, make_user, sold):
    assert api.delete(SALES).status_code == 409  # nothing to restore yet
    changed = api.patch(SALES, json={"label": "Paid sales", "definition": {
        **api.get(SALES).get_json()["definition"], "filters": [{"field": "status", "op": "eq", "value": "paid"}]}})
    assert changed.status_code == 200
    assert (changed.get_json()["kind"], changed.get_json()["based_on"]) == ("edited", "books.sales_by_customer")
    colleague = api_for(make_user(tenant, profile="Standard"))
    assert colleague.get(SALES).get_json()["label"] == "Paid sales"  # the organisation's
    assert [r[0]["title"] for r in colleague.get(f"{SALES}/run").get_json()["rows"]] == ["Zürcher AG"]
    assert api.patch(SALES, json={"shared": False}).status_code == 422  # a default stays shared
    assert api.delete(SALES).status_code == 204  # Restore default
    restored = api.get(SALES).get_json()
    assert (restored["kind"], restored["label"]) == ("default", "Sales by customer")
    assert len(api.get(f"{SALES}/run").get_json()["rows"]) == 2


def test_p1_editing_a_default_needs_the_reports_manage_permission(api_for, tenant, make_user, sold):
    clerk = api_for(make_user(tenant, profile=profile_without(tenant, "Clerk", "reports.manage")))
    assert clerk.get(SALES).get_json()["editable"] is False
    assert clerk.patch(SALES, json={"label": "Mine"}).status_code == 403
    manager = api_for(make_user(tenant, profile="Standard"))
    assert manager.patch(SALES, json={"label": "Ours"}).status_code == 200
    assert clerk.delete(SALES).status_code == 403
    assert SavedReport.select().where(SavedReport.tenant == tenant).count() == 1


def test_b11_any_report_is_copied_into_a_private_custom_one(api, sold):
    copy = api.post(f"{SALES}/copy", json={"label": "My sales"})
    assert copy.status_code == 201
    body = copy.get_json()
    assert (body["kind"], body["label"], body["shared"]) == ("custom", "My sales", False)
    assert body["definition"] == api.get(SALES).get_json()["definition"]
    assert api.get(f"/api/v1/reports/{body['key']}/run").get_json()["rows"] == api.get(f"{SALES}/run").get_json()["rows"]
    assert api.post(f"{SALES}/copy").get_json()["label"] == "Copy of Sales by customer"
    assert api.post(f"{SALES}/copy", json={"definition": {"module": "accounts"}}).status_code == 422


@pytest.mark.parametrize("definition, key", [
    ({"module": "books/invoices", "filters": [{"field": "nope", "op": "eq", "value": "x"}]}, "definition.filters.0.field"),
    ({"module": "books/invoices", "group_by": [{"field": "status"}], "aggregates": [{"fn": "sum", "field": "status"}]},
     "definition.aggregates.0.field"),
    ({"module": "books/invoices", "group_by": [{"field": "account.industry"}]}, "definition.group_by.0.field"),
    ({"module": "nowhere"}, "definition.module"),
    ({"module": "accounts", "chart": "radar"}, "definition.chart"),
])
def test_b11_p1_a_report_that_cannot_run_is_a_422_naming_it_and_nothing_is_saved(
        api_for, tenant, make_user, definition, key):
    clerk = api_for(make_user(tenant, profile=profile_without(tenant, "No accounts", "accounts.view")))
    response = clerk.post("/api/v1/reports", json={"label": "Bad", "definition": definition})
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [key]
    assert SavedReport.select().where(SavedReport.tenant == tenant).count() == 0


def test_b11_a_body_naming_unknown_fields_or_missing_its_label_is_refused(api, tenant):
    response = api.post("/api/v1/reports", json={"definition": {"module": "accounts"}, "colour": "red", "shared": "yes"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"label", "colour", "shared"}
    assert api.post("/api/v1/reports", json={"label": "x", "definition": {"module": "accounts"},
                                             "folder": "elsewhere"}).status_code == 422
    assert SavedReport.select().where(SavedReport.tenant == tenant).count() == 0

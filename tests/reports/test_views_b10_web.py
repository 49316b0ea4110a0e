"""B10 on the list pages: the reports engine's filters in the query string, and custom views made,
chosen, edited and deleted through the forms (CSRF, errors beside the fields, nothing saved)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from core.crm.models import Account
from core.models import SavedView, utcnow
from core.testing import csrf_from
from tests.reports.helpers import make_invoice

LIST = "/m/books/invoices/"


@pytest.fixture
def invoices(registry, tenant, admin):
    """Acme's invoices of 100 and 300, Globex's of 200."""
    today = utcnow().date()
    acme, globex = (Account.create(tenant=tenant, name=n) for n in ("Acme", "Globex"))
    made = {"acme": acme, "globex": globex}
    for key, account, rate in (("a1", acme, "100.00"), ("a2", acme, "300.00"), ("g1", globex, "200.00")):
        made[key] = make_invoice(registry, tenant, admin, account, [("Work", None, "1", rate, "0", "0")], "sent",
                                 today, today + dt.timedelta(days=30))
    return made


def in_order(html: str) -> list[int]:
    """The invoices a list page shows, in order (its table's links to records)."""
    body = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return [int(i) for i in re.findall(r'href="/m/books/invoices/(\d+)"', body)]


def shown(html: str) -> set[int]:
    return set(in_order(html))


def headers(html: str) -> list[str]:
    head = html.split("<thead>")[1].split("</thead>")[0]
    return [re.sub(r"<[^>]+>|[▲▼]", "", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def test_b10_list_page_filters_by_query_parameters(web, invoices):
    html = web.get(f"{LIST}?total__gt=150").get_data(as_text=True)
    assert shown(html) == {invoices["a2"].id, invoices["g1"].id}
    assert "Total is greater than 150" in html  # a chip, with its link to drop it
    assert f'href="{LIST}"' in html
    both = web.get(f"{LIST}?total__gt=150&account_id={invoices['acme'].id}").get_data(as_text=True)
    assert shown(both) == {invoices["a2"].id}
    assert 'name="total__gt" value="150"' in web.get(f"{LIST}?total__gt=150&q=x").get_data(as_text=True)  # kept by a search


def test_b10_a_bad_filter_on_the_list_page_is_a_message_not_an_error_page(web, invoices):
    response = web.get(f"{LIST}?total__gt=abc&colour=red")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    problems = html.split('id="list-problems"')[1].split("</div>\n")[0]
    assert "Total is greater than: Enter a number." in problems and "colour" in problems
    assert shown(html) == set() and 'id="view-select"' in html


def _form(web, url: str) -> str:
    response = web.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_b10_view_form_round_trip_create_select_edit_delete(web, tenant, admin, invoices):
    acme = invoices["acme"]
    form = _form(web, f"{LIST}views/new")
    assert f'<option value="{acme.id}">Acme</option>' in form  # a reference's value is chosen among records
    assert 'data-kind="reference" data-ops="eq ne in is empty not_empty"' in form  # the operators of a reference
    assert 'src="/assets/views.js"' in form and "<script>" not in form
    response = web.post(f"{LIST}views/new", data={
        "csrf_token": csrf_from(form), "name": "Invoices of Acme", "shared": "true",
        "filter_field": ["account_id", ""], "filter_op": ["is", "eq"], "filter_value": [str(acme.id), ""],
        "columns": ["total", "number"], "sort": "-total"})
    view = SavedView.scoped(tenant).get()
    assert response.status_code == 302 and response.headers["Location"] == f"{LIST}?view={view.id}"
    assert (view.name, view.shared, view.owner_id, view.columns, view.sort) == (
        "Invoices of Acme", True, admin.id, ["total", "number"], "-total")
    assert view.filters == [{"field": "account_id", "op": "is", "value": str(acme.id)}]

    page = web.get(f"{LIST}?view={view.id}").get_data(as_text=True)
    assert shown(page) == {invoices["a1"].id, invoices["a2"].id}
    assert headers(page) == ["Total", "Invoice #"]
    assert f'<option value="{view.id}" selected>Invoices of Acme · shared</option>' in page
    assert "Account is this record Acme" in page
    assert in_order(page) == [invoices["a2"].id, invoices["a1"].id]  # -total

    edit = _form(web, f"{LIST}views/{view.id}/edit")
    assert 'value="Invoices of Acme"' in edit and 'id="f-shared" name="shared" value="true" checked' in edit
    web.post(f"{LIST}views/{view.id}/edit", data={
        "csrf_token": csrf_from(edit), "name": "Big Acme invoices",
        "filter_field": ["account_id", "total"], "filter_op": ["is", "gt"], "filter_value": [str(acme.id), "150"],
        "columns": ["number", "status", "total"], "sort": ""})
    view = SavedView.get_by_id(view.id)
    assert (view.name, view.shared, view.columns, view.sort) == ("Big Acme invoices", False, ["number", "status", "total"], "")
    page = web.get(f"{LIST}?view={view.id}").get_data(as_text=True)
    assert shown(page) == {invoices["a2"].id} and headers(page) == ["Invoice #", "Status", "Total"]

    deleted = web.post(f"{LIST}views/{view.id}/delete", data={"csrf_token": csrf_from(page)})
    assert deleted.status_code == 302 and deleted.headers["Location"] == LIST
    assert SavedView.scoped(tenant).count() == 0
    assert web.get(f"{LIST}?view={view.id}").status_code == 404


def test_b10_view_form_errors_beside_the_fields_and_nothing_saved(web, tenant, invoices):
    form = _form(web, f"{LIST}views/new")
    response = web.post(f"{LIST}views/new", data={
        "csrf_token": csrf_from(form), "name": "",
        "filter_field": ["status", "total"], "filter_op": ["eq", "gt"], "filter_value": ["sent", "lots"],
        "columns": ["number"], "sort": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and SavedView.scoped(tenant).count() == 0
    assert '<p class="error" id="error-name">Enter a name.</p>' in html
    rows = html.split("<tbody data-filter-rows>")[1].split("</tbody>")[0].split("<tr data-filter-row>")[1:]
    assert "Enter a number." in rows[1] and "Enter a number." not in rows[0]  # beside the second row's value
    assert 'value="lots"' in rows[1] and len(rows) == 3  # what was typed is kept, and a blank row added
    no_token = web.post(f"{LIST}views/new", data={"name": "No token"})
    assert no_token.status_code == 400 and SavedView.scoped(tenant).count() == 0


def test_b10_web_private_and_shared_views_of_colleagues(client_for, web, tenant, make_user, invoices):
    colleague = client_for(make_user(tenant, profile="Standard"))
    form = _form(web, f"{LIST}views/new")
    for name, shared in (("Private one", ""), ("Shared one", "true")):
        web.post(f"{LIST}views/new", data={"csrf_token": csrf_from(form), "name": name, "shared": shared,
                                           "filter_field": "", "filter_op": "eq", "filter_value": ""})
    private, shared = (SavedView.scoped(tenant).where(SavedView.name == n).get() for n in ("Private one", "Shared one"))
    page = colleague.get(LIST).get_data(as_text=True)
    assert "Shared one" in page and "Private one" not in page
    assert colleague.get(f"{LIST}?view={private.id}").status_code == 404
    used = colleague.get(f"{LIST}?view={shared.id}").get_data(as_text=True)
    assert shown(used) == {invoices[k].id for k in ("a1", "a2", "g1")} and "Edit view" not in used
    assert colleague.get(f"{LIST}views/{shared.id}/edit").status_code == 403
    assert colleague.post(f"{LIST}views/{shared.id}/delete", data={"csrf_token": csrf_from(used)}).status_code == 403
    assert SavedView.get_by_id(shared.id).name == "Shared one"

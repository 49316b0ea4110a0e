"""C1, C2, P1 in the web UI: permissions answer 403 and hide tabs, other tenants' records are 404."""
from __future__ import annotations

import re

import pytest

from core.crm.models import Account, Contact
from core.models import Profile
from core.testing import csrf_from


def profile_with(tenant, name, grants, is_admin=False):
    profile = Profile(tenant=tenant, name=name, is_admin=is_admin)
    profile.grants = grants
    profile.save()
    return profile


def tabs_of(client) -> list[str]:
    return re.findall(r'data-tab="([^"]+)"', client.get("/").get_data(as_text=True))


def test_p1_books_tab_hidden_without_app_books(ctx, tenant, make_user, client_for, registry):
    everything_but_books = [k for k in Profile.get(Profile.tenant == tenant, Profile.name == "Standard").grants
                            if k != "app.books"]
    profile_with(tenant, "No books", everything_but_books)
    admin_tabs = tabs_of(client_for(make_user(tenant)))
    user_tabs = tabs_of(client_for(make_user(tenant, profile="No books")))
    assert "books" in admin_tabs and "setup" in admin_tabs
    assert "books" not in user_tabs and "setup" not in user_tabs
    assert user_tabs[:6] == ["home", "accounts", "contacts", "vendors", "deals", "products"]


def test_p1_app_tab_hidden_when_the_tenant_has_not_enabled_the_app(ctx, make_tenant, make_user, client_for):
    tenant = make_tenant(apps=("invoice",))
    tabs = tabs_of(client_for(make_user(tenant)))
    assert "invoice" in tabs and "books" not in tabs and "expense" not in tabs
    assert client_for(make_user(tenant)).get("/tab/books").status_code == 404


def test_c3_tab_page_lists_its_sub_modules(ctx, web):
    html = web.get("/tab/books").get_data(as_text=True)
    assert "<h1>Books</h1>" in html and ("not installed yet" in html or 'href="/m/books/' in html)


def test_c2_missing_module_permission_is_403_and_hides_the_tab(ctx, tenant, make_user, client_for):
    profile_with(tenant, "Contacts only", ["contacts.view"])
    client = client_for(make_user(tenant, profile="Contacts only"))
    acme = Account.create(tenant=tenant, name="Acme")
    ann = Contact.create(tenant=tenant, last_name="Lee", account=acme)
    assert client.get("/m/accounts/").status_code == 403
    assert client.get(f"/m/accounts/{acme.id}").status_code == 403
    assert client.get("/m/contacts/").status_code == 200
    assert "accounts" not in tabs_of(client) and "contacts" in tabs_of(client)
    detail = client.get(f"/m/contacts/{ann.id}").get_data(as_text=True)
    assert ">Edit<" not in detail and ">Delete<" not in detail
    assert f'href="/m/accounts/{acme.id}"' not in detail  # no link to a module the user may not view
    assert client.get("/m/contacts/new").status_code == 403
    assert client.get(f"/m/contacts/{ann.id}/edit").status_code == 403
    token = csrf_from(detail)
    assert client.post(f"/m/contacts/{ann.id}/delete", data={"csrf_token": token}).status_code == 403
    assert client.post("/m/contacts/new", data={"csrf_token": token, "last_name": "X"}).status_code == 403
    assert Contact.scoped(tenant).count() == 1


def test_c2_view_only_user_does_not_see_new_buttons(ctx, tenant, make_user, client_for):
    profile_with(tenant, "Viewer", ["accounts.view", "contacts.view"])
    acme = Account.create(tenant=tenant, name="Acme")
    client = client_for(make_user(tenant, profile="Viewer"))
    assert "New Account" not in client.get("/m/accounts/").get_data(as_text=True)
    detail = client.get(f"/m/accounts/{acme.id}").get_data(as_text=True)
    assert "/m/contacts/new" not in detail and 'id="related-contacts"' in detail


@pytest.mark.parametrize("method,suffix", [("get", ""), ("get", "/edit"), ("post", "/edit"), ("post", "/delete")])
def test_c1_another_tenants_record_is_404(ctx, web, make_tenant, method, suffix):
    theirs = Account.create(tenant=make_tenant(), name="Theirs")
    data = {"csrf_token": csrf_from(web.get("/").get_data(as_text=True)), "name": "Mine now"}
    response = getattr(web, method)(f"/m/accounts/{theirs.id}{suffix}", data=data if method == "post" else None)
    assert response.status_code == 404
    assert Account.get_by_id(theirs.id).name == "Theirs"


def test_c1_lists_and_dashboard_show_only_this_tenants_records(ctx, web, make_tenant):
    Account.create(tenant=make_tenant(), name="Someone Else Inc")
    assert "Someone Else Inc" not in web.get("/m/accounts/").get_data(as_text=True)
    assert "Someone Else Inc" not in web.get("/").get_data(as_text=True)
    assert "Someone Else Inc" not in web.get("/m/accounts/?q=Someone").get_data(as_text=True)

"""Issue 15, finding 2 (C2): ``next=`` sends a user only to a page of this site. Whatever a
browser would read as another host (a tab, CR/LF, a backslash, a scheme, ``//``) falls back
to the default page: after login, after saving a record, and on the form's Cancel link."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from core.crm.models import Account
from core.testing import PASSWORD, csrf_from

HOSTILE = {
    "tab": "/\t/evil.test",
    "cr_lf": "/\r\n/evil.test",
    "lf_header": "/x\r\nSet-Cookie: a=b",
    "backslash": "\\evil.test",
    "slash_backslash": "/\\evil.test",
    "scheme_no_slashes": "https:evil.test",
    "scheme": "https://evil.test/",
    "two_slashes": "//evil.test",
    "space": "/ /evil.test",
    "nul": "/\x00/evil.test",
    "javascript": "javascript:alert(1)",
}


def _query(target: str) -> str:
    return "next=" + quote(target, safe="")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_open_redirect_hostile_next_after_login_goes_home(app, admin, name):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post(f"/login?{_query(HOSTILE[name])}",
                           data={"email": admin.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_open_redirect_tab_in_next_is_refused_when_already_logged_in(web):
    response = web.get("/login?next=/%09/evil.test")
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_open_redirect_hostile_next_after_saving_a_record_goes_to_the_record(ctx, web, tenant, name):
    form = web.get("/m/accounts/new").get_data(as_text=True)
    response = web.post(f"/m/accounts/new?{_query(HOSTILE[name])}",
                        data={"csrf_token": csrf_from(form), "name": f"Acme {name}"})
    created = Account.select().where((Account.tenant == tenant) & (Account.name == f"Acme {name}"))
    assert created.count() == 1  # once: the redirect no longer fails after the save
    record_id = created.get().id
    assert response.status_code == 302 and response.headers["Location"] == f"/m/accounts/{record_id}"

    edit = web.get(f"/m/accounts/{record_id}/edit").get_data(as_text=True)
    response = web.post(f"/m/accounts/{record_id}/edit?{_query(HOSTILE[name])}",
                        data={"csrf_token": csrf_from(edit), "name": f"Acme {name} 2"})
    assert response.status_code == 302 and response.headers["Location"] == f"/m/accounts/{record_id}"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_open_redirect_hostile_next_is_not_the_cancel_link(web, name):
    html = web.get(f"/m/accounts/new?{_query(HOSTILE[name])}").get_data(as_text=True)
    cancel = re.search(r'<a class="btn btn-ghost" href="([^"]*)">Cancel</a>', html).group(1)
    assert cancel == "/m/accounts/"


def test_safe_next_keeps_a_path_of_this_site_with_its_query(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    html = web.get(f"/m/contacts/new?account_id={acme.id}&next=/m/accounts/{acme.id}%3Ftab%3Dx").get_data(as_text=True)
    assert f'href="/m/accounts/{acme.id}?tab=x">Cancel' in html

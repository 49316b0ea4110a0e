"""S1 and P1 in context: the "Subscriptions" related list on account and contact pages, where
subscriptions are viewed, added (New, the customer filled in) and edited (a row's Edit link),
each form coming back to the record's page; refreshable; shown only with Subscriptions access."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.crm.models import Account, Contact
from core.finance.local.models import Subscription as FinanceSubscription
from core.models import utcnow
from core.sync.worker import drain
from core.testing import csrf_from
from plugins.subscriptions.models import Subscription
from tests.books.context_helpers import Statements, panel, panel_keys, profile_without
from tests.subscriptions.helpers import PAST, TODAY, URL, create_sub, finance_id

MODULE = "subscriptions/subscriptions"
FIELD = {"accounts": "account_id", "contacts": "contact_id"}


def _parent(crm, module: str):
    return crm["account"] if module == "accounts" else crm["contact"]


def _href(body: str, text: str) -> str:
    """The href of the link whose text is ``text`` in ``body``."""
    before = body.split(f">{text}</a>", 1)[0]
    return before.rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


@pytest.mark.parametrize("module", ["accounts", "contacts"])
def test_s1_the_record_page_lists_its_subscriptions_with_an_edit_link_each(crm, subs_api, client_for, module):
    parent = _parent(crm, module)
    mine = create_sub(subs_api, **{FIELD[module]: parent.id}, plan_name="Mine")
    other = Account.create(tenant=crm["tenant"], name="Someone else")
    theirs = create_sub(subs_api, account_id=other.id, plan_name="Theirs")
    html = client_for(crm["admin"]).get(f"/m/{module}/{parent.id}").get_data(as_text=True)
    body = panel(html, "subscriptions")
    assert body is not None and "<h2>Subscriptions" in body
    assert f'href="/m/{MODULE}/{mine["id"]}"' in body and '<span class="count">1</span>' in body
    assert f'/m/{MODULE}/{theirs["id"]}"' not in html and "Theirs" not in body
    assert "Mine" in body and "Monthly" in body and "Live" in body
    edit = urlsplit(_href(body, "Edit"))
    assert edit.path == f"/m/{MODULE}/{mine['id']}/edit"
    assert parse_qs(edit.query) == {"next": [f"/m/{module}/{parent.id}"]}
    assert "data-related-refresh" in body  # the refresh icon


@pytest.mark.parametrize("module", ["accounts", "contacts"])
def test_s1_new_from_the_list_fills_the_customer_and_comes_back(crm, client_for, module):
    parent = _parent(crm, module)
    web = client_for(crm["admin"])
    body = panel(web.get(f"/m/{module}/{parent.id}").get_data(as_text=True), "subscriptions")
    href = body.split('class="btn btn-small" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    url = urlsplit(href)
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert url.path == f"/m/{MODULE}/new"
    assert params == {FIELD[module]: str(parent.id), "starts_at": TODAY.isoformat(), "next": f"/m/{module}/{parent.id}"}
    form = web.get(href).get_data(as_text=True)
    assert f'<option value="{parent.id}" selected>' in form
    data = {"csrf_token": csrf_from(form), FIELD[module]: str(parent.id), "plan_code": "TEAM", "plan_name": "Team",
            "quantity": "4", "price": "12.50", "interval": "1", "interval_unit": "years",
            "starts_at": TODAY.isoformat(), "ends_at": "", "trial_days": ""}
    response = web.post(href, data=data)
    assert response.status_code == 302 and response.headers["Location"] == f"/m/{module}/{parent.id}"
    made = Subscription.get((Subscription.tenant == crm["tenant"]) & (Subscription.plan_code == "TEAM"))
    assert (getattr(made, FIELD[module]), str(made.quantity), str(made.price)) == (parent.id, "4.000", "12.50")
    after = panel(web.get(f"/m/{module}/{parent.id}").get_data(as_text=True), "subscriptions")
    assert f'href="/m/{MODULE}/{made.id}"' in after and "Yearly" in after


def test_s1_edit_from_the_list_comes_back_and_errors_stay_beside_the_field(crm, subs_api, client_for, registry):
    sub = create_sub(subs_api, account_id=crm["account"].id)
    web = client_for(crm["admin"])
    page = f"/m/accounts/{crm['account'].id}"
    href = _href(panel(web.get(page).get_data(as_text=True), "subscriptions"), "Edit")
    form = web.get(href).get_data(as_text=True)
    assert 'value="PRO-M"' in form
    data = {"csrf_token": csrf_from(form), "account_id": str(crm["account"].id), "plan_code": "PRO-M",
            "plan_name": "Pro (monthly)", "quantity": "3", "price": "19.90", "interval": "1",
            "interval_unit": "months", "starts_at": PAST, "ends_at": "2020-01-01", "trial_days": ""}
    refused = web.post(href, data=data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "The end date cannot be before the start date." in html and 'value="2020-01-01"' in html
    data.update(ends_at="", quantity="8")
    response = web.post(href, data=data)
    assert response.status_code == 302 and response.headers["Location"] == page
    assert str(Subscription.get_by_id(sub["id"]).quantity) == "8.000"
    drain(registry)
    seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
    assert seen["sync_status"] == "synced" and seen["amount"] == "159.20"


def test_s1_refresh_brings_the_finance_side_status_into_the_list(crm, subs_api, client_for, registry):
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    web = client_for(crm["admin"])
    page = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    FinanceSubscription.update(status="expired", last_modified_time=utcnow()).where(
        FinanceSubscription.id == int(finance_id(crm["tenant"], MODULE, sub["id"]))).execute()
    response = web.post(f"/m/accounts/{crm['account'].id}/related/subscriptions/refresh",
                        data={"csrf_token": csrf_from(page)}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="panel related" id="related-subscriptions"')
    assert "Expired" in html and "related-error" not in html


def test_s1_the_related_list_in_the_api(crm, subs_api):
    sub = create_sub(subs_api, contact_id=crm["contact"].id)
    related = subs_api.get(f"/api/v1/contacts/{crm['contact'].id}/related").get_json()
    [listed] = [r for r in related if r["key"] == "subscriptions"]
    assert listed["module"] == MODULE and listed["can_create"] is True
    assert [r["id"] for r in listed["records"]] == [sub["id"]] and listed["total"] == 1


def test_p1_without_subscriptions_access_no_list_and_no_api(crm, subs_api, make_user, client_for, api_for):
    create_sub(subs_api, account_id=crm["account"].id)
    profile = profile_without(crm["tenant"], "No subscriptions", "app.subscriptions")
    user = make_user(crm["tenant"], profile=profile)
    web = client_for(user)
    for module, parent in (("accounts", crm["account"]), ("contacts", crm["contact"])):
        html = web.get(f"/m/{module}/{parent.id}").get_data(as_text=True)
        assert "subscriptions" not in panel_keys(html) and "related-books_invoices" in html
    api = api_for(user)
    assert api.get(URL).status_code == 403
    related = api.get(f"/api/v1/accounts/{crm['account'].id}/related").get_json()
    assert not any(r["module"].startswith("subscriptions/") for r in related)


def test_p1_view_only_sees_the_list_without_new_or_edit(crm, subs_api, make_user, client_for):
    create_sub(subs_api, account_id=crm["account"].id)
    profile = profile_without(crm["tenant"], "Look only", f"{MODULE}.create", f"{MODULE}.edit")
    html = client_for(make_user(crm["tenant"], profile=profile)).get(f"/m/accounts/{crm['account'].id}")
    body = panel(html.get_data(as_text=True), "subscriptions")
    assert body is not None and "btn btn-small" not in body and ">Edit</a>" not in body


def test_s1_statements_of_the_account_page_do_not_grow_with_its_subscriptions(crm, client_for):
    tenant = crm["tenant"]
    few, many = crm["account"], Account.create(tenant=tenant, name="Big customer")
    now = utcnow()
    rows = [{"tenant": tenant.id, "account_id": account.id, "plan_code": f"P{i}", "starts_at": TODAY,
             "quantity": 1, "price": 5, "created_at": now, "updated_at": now}
            for account, count in ((few, 1), (many, 70)) for i in range(count)]
    Subscription.insert_many(rows).execute()
    web = client_for(crm["admin"])
    counts = []
    for account in (few, many):
        web.get(f"/m/accounts/{account.id}")  # warm up
        with Statements() as statements:
            assert web.get(f"/m/accounts/{account.id}").status_code == 200
        counts.append(statements.count)
    assert counts[0] == counts[1], counts
    body = panel(web.get(f"/m/accounts/{many.id}").get_data(as_text=True), "subscriptions")
    assert '<span class="count">70</span>' in body and body.count(">Edit</a>") == 50


def test_s1_contact_page_lists_only_the_contacts_own(crm, subs_api, client_for):
    """A subscription of the account is not the contact's, and the other way round."""
    account_sub = create_sub(subs_api, account_id=crm["account"].id)
    other = Contact.create(tenant=crm["tenant"], first_name="Bea", last_name="Other", account=crm["account"])
    contact_sub = create_sub(subs_api, contact_id=other.id)
    web = client_for(crm["admin"])
    contact_page = panel(web.get(f"/m/contacts/{other.id}").get_data(as_text=True), "subscriptions")
    assert f'/m/{MODULE}/{contact_sub["id"]}"' in contact_page
    assert f'/m/{MODULE}/{account_sub["id"]}"' not in contact_page

"""C3 list pages: search, sort, filters, pagination; the top tabs and the Home dashboard."""
from __future__ import annotations

import re
from decimal import Decimal

from core.crm.models import Account, Contact, Deal


def names_in(html: str) -> list[str]:
    return re.findall(r'<td[^>]*><a href="/m/accounts/\d+">([^<]+)</a></td>', html)


def test_c3_list_shows_records_with_columns_and_count(ctx, web, tenant):
    Account.create(tenant=tenant, name="Acme Corp", city="Lyon", industry="Retail")
    html = web.get("/m/accounts/").get_data(as_text=True)
    assert "<title>Accounts" in html
    assert "Acme Corp" in html and "Lyon" in html and "Retail" in html
    assert "1–1 of 1" in html


def test_c3_list_search_finds_by_name_email_or_city(ctx, web, tenant):
    for name, city in (("Alpha", "Paris"), ("Beta", "Nantes"), ("Gamma", "Paris")):
        Account.create(tenant=tenant, name=name, city=city)
    assert names_in(web.get("/m/accounts/?q=Paris").get_data(as_text=True)) == ["Alpha", "Gamma"]
    html = web.get("/m/accounts/?q=zzz").get_data(as_text=True)
    assert names_in(html) == [] and "Nothing matches" in html


def test_c3_list_sorts_by_header_both_ways(ctx, web, tenant):
    for name in ("Beta", "Alpha", "Gamma"):
        Account.create(tenant=tenant, name=name)
    html = web.get("/m/accounts/").get_data(as_text=True)
    assert names_in(html) == ["Alpha", "Beta", "Gamma"]
    assert 'href="/m/accounts/?sort=-name"' in html  # the current sort column's header reverses it
    assert names_in(web.get("/m/accounts/?sort=-name").get_data(as_text=True)) == ["Gamma", "Beta", "Alpha"]


def test_c3_list_paginates_with_page_numbers_and_per_page(ctx, web, tenant):
    for i in range(60):
        Account.create(tenant=tenant, name=f"Account {i:02d}")
    first = web.get("/m/accounts/").get_data(as_text=True)
    assert "1–25 of 60" in first and len(names_in(first)) == 25
    assert 'rel="next" href="/m/accounts/?page=2"' in first
    last = web.get("/m/accounts/?page=3").get_data(as_text=True)
    assert "51–60 of 60" in last and names_in(last)[-1] == "Account 59"
    assert 'rel="prev"' in last
    small = web.get("/m/accounts/?per_page=10&page=2").get_data(as_text=True)
    assert "11–20 of 60" in small and names_in(small)[0] == "Account 10"


def test_c3_list_filters_by_filter_fields(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    other = Account.create(tenant=tenant, name="Other")
    Contact.create(tenant=tenant, first_name="Ann", last_name="Lee", account=acme)
    Contact.create(tenant=tenant, first_name="Bob", last_name="Ray", account=other)
    html = web.get(f"/m/contacts/?account_id={acme.id}").get_data(as_text=True)
    assert "Lee" in html and "Ray" not in html
    assert "Account: Acme" in html  # the active filter is shown as a chip
    Deal.create(tenant=tenant, name="Won deal", stage="Closed Won")
    Deal.create(tenant=tenant, name="New deal", stage="Qualification")
    html = web.get("/m/deals/?stage=Closed+Won").get_data(as_text=True)
    assert "Won deal" in html and "New deal" not in html


def test_c3_contacts_list_shows_the_account_as_a_link(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    Contact.create(tenant=tenant, first_name="Ann", last_name="Lee", account=acme)
    html = web.get("/m/contacts/").get_data(as_text=True)
    assert f'<a href="/m/accounts/{acme.id}">Acme</a>' in html


def test_c3_tabs_in_order_with_setup_for_admins(ctx, web):
    html = web.get("/").get_data(as_text=True)
    tabs = re.findall(r'data-tab="([^"]+)"', html)
    assert tabs[:6] == ["home", "accounts", "contacts", "vendors", "deals", "products"]
    assert tabs[-1] == "setup"
    assert 'href="/m/accounts/"' in html and 'name="csrf-token"' in html


def test_c3_home_dashboard_counts_and_open_deal_amount(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    Deal.create(tenant=tenant, name="Open one", account=acme, amount=Decimal("1200.50"))
    Deal.create(tenant=tenant, name="Open two", amount=Decimal("99.50"))
    Deal.create(tenant=tenant, name="Lost", amount=Decimal("5000"), stage="Closed Lost")
    html = web.get("/").get_data(as_text=True)
    assert "$1,300.00" in html  # open deals only, in the tenant's currency
    assert "Open one" in html and "Acme" in html


def test_c3_money_is_formatted_in_the_tenant_currency_and_locale(ctx, make_tenant, make_user, client_for):
    tenant = make_tenant(currency="EUR", locale="fr_FR")
    Deal.create(tenant=tenant, name="Contrat", amount=Decimal("1234.5"))
    html = client_for(make_user(tenant)).get("/m/deals/").get_data(as_text=True)
    assert "1\u202f234,50\xa0€" in html

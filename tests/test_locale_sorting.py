"""Issue 11, "Sorting of names follows the locale": names, titles and numbers as text sort as a
reader expects (case ignored, accents with their base letter, Ł with L, ø with o, æ as ae), in
the web lists, the API's lists, the related lists, the reference pickers and the reports, the
same on SQLite and PostgreSQL (ICU's root order, that of English and French); numbers and
dates sort as before."""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from decimal import Decimal

import pytest

from core import sorting
from core.crm.models import Account, Contact, Deal, Product
from core.db import db, is_postgres
from core.reports import Aggregate, Definition, Grouping, run_report

#: ICU's order (PostgreSQL's ``und-x-icu`` and ``fr-x-icu`` alike): Æ as "ae" (before "au"),
#: accents and case after the letters (emile < Émile), Ł with L, Ø with O, ß as "ss"
EXPECTED = ["Ærøskøbing", "Aubert", "Élodie", "emile", "Émile", "Łódź", "Lyon", "Oslo", "Øster", "Ostrava",
            "Strasbourg", "Straße", "zèbre", "Zoé"]
#: the order a byte-wise sort gave before (capitals, then small letters, then accented ones)
BYTEWISE = sorted(EXPECTED)


def _names(page: str) -> list[str]:
    return [html_lib.unescape(n) for n in re.findall(r'<td[^>]*><a href="/m/accounts/\d+">([^<]+)</a></td>', page)]


def _options(page: str, select_id: str) -> list[str]:
    block = re.search(rf'<select id="{re.escape(select_id)}"[^>]*>(.*?)</select>', page, re.S)
    assert block, f"no select {select_id}"
    return [html_lib.unescape(label) for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>',
                                                                     block.group(1))]


@pytest.fixture
def accounts(tenant):
    """The names, created in an order that is neither the expected one nor its reverse."""
    made = {}
    for name in [*EXPECTED[1::2], *reversed(EXPECTED[0::2])]:
        made[name] = Account.create(tenant=tenant, name=name, city="Paris")
    assert EXPECTED != BYTEWISE
    return made


def test_issue_11_the_accounts_list_sorts_names_as_a_reader_expects(ctx, web, accounts):
    """issue 11: the web list, by name (its default) both ways, and a search's matches."""
    assert _names(web.get("/m/accounts/?per_page=50").get_data(as_text=True)) == EXPECTED
    assert _names(web.get("/m/accounts/?per_page=50&sort=-name").get_data(as_text=True)) == EXPECTED[::-1]
    assert _names(web.get("/m/accounts/?per_page=50&q=paris").get_data(as_text=True)) == EXPECTED
    page_two = web.get("/m/accounts/?per_page=5&page=2").get_data(as_text=True)
    assert _names(page_two) == EXPECTED[5:10]


def test_issue_11_the_api_list_sorts_names_as_a_reader_expects(ctx, api, accounts):
    """issue 11: ``GET /api/v1/accounts?sort=name`` (and ``-name``, and with ``q``)."""
    def names(query: str) -> list[str]:
        answer = api.get(f"/api/v1/accounts?per_page=50&{query}")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return [r["name"] for r in answer.get_json()["data"]]
    assert names("sort=name") == EXPECTED
    assert names("sort=-name") == EXPECTED[::-1]
    assert names("sort=name&q=paris") == EXPECTED


def test_issue_11_a_french_reader_gets_the_same_order(ctx, make_tenant, make_user, client_for, api_for):
    """issue 11: French's order is CLDR's root one, as English's: the same list for a French
    organisation and for a user who reads French."""
    tenant = make_tenant(locale="fr_FR")
    for name in reversed(EXPECTED):
        Account.create(tenant=tenant, name=name)
    user = make_user(tenant)
    assert _names(client_for(user).get("/m/accounts/?per_page=50").get_data(as_text=True)) == EXPECTED
    user.language = "fr"
    user.save()
    assert [r["name"] for r in api_for(user).get("/api/v1/accounts?per_page=50").get_json()["data"]] == EXPECTED


def test_issue_11_the_account_picker_offers_names_in_order(ctx, web, accounts):
    """issue 11: a reference picker (a contact's account) lists the accounts in that order."""
    page = web.get("/m/contacts/new").get_data(as_text=True)
    assert _options(page, "f-account_id") == EXPECTED


def test_issue_11_the_product_picker_of_an_invoice_offers_names_in_order(ctx, web, tenant):
    """issue 11: the product select of a document's lines."""
    for name in reversed(EXPECTED):
        Product.create(tenant=tenant, name=name, unit_price=Decimal("1"))
    page = web.get("/m/books/invoices/new").get_data(as_text=True)
    select = re.search(r'<select id="(f-[^"]*product_id[^"]*)"', page)
    assert select, "no product select"
    assert _options(page, select.group(1)) == EXPECTED


def test_issue_11_related_contacts_and_the_contacts_list_sort_last_names_in_order(ctx, web, api, tenant):
    """issue 11: an account's related contacts (by last name), on its page and over the API, and
    the contacts list."""
    account = Account.create(tenant=tenant, name="Holding")
    for name in reversed(EXPECTED):
        Contact.create(tenant=tenant, first_name="", last_name=name, account=account)
    related = api.get(f"/api/v1/accounts/{account.id}/related").get_json()
    contacts = next(r for r in related if r["key"] == "contacts")
    assert [r["last_name"] for r in contacts["records"]] == EXPECTED
    page = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    section = re.search(r'id="related-contacts".*?</section>', page, re.S).group(0)
    assert [html_lib.unescape(n) for n in re.findall(r'<a href="/m/contacts/\d+">([^<]+)</a>', section)] == EXPECTED
    listed = api.get(f"/api/v1/contacts?per_page=50&account_id={account.id}&sort=last_name").get_json()["data"]
    assert [r["last_name"] for r in listed] == EXPECTED


def test_issue_11_reports_group_and_sort_text_in_order(ctx, registry, tenant, admin):
    """issue 11: a report grouped by a text field comes in that order, as does a list report
    sorted by name either way, and one grouped by a reference (by its title)."""
    holding = Account.create(tenant=tenant, name="Holding")
    for name in reversed(EXPECTED):
        Account.create(tenant=tenant, name=f"{name} SA", city=name)
        Contact.create(tenant=tenant, last_name="X", account=Account.get(Account.name == f"{name} SA",
                                                                         Account.tenant == tenant))
    Contact.create(tenant=tenant, last_name="Y", account=holding)
    by_city = run_report(registry, Definition("accounts", group_by=(Grouping("city"),),
                                              aggregates=(Aggregate("count"),)), tenant, admin)
    assert [row[0] for row in by_city.rows if row[0]] == EXPECTED
    in_order = [f"{n} SA" for n in EXPECTED[:5]] + ["Holding"] + [f"{n} SA" for n in EXPECTED[5:]]
    listed = run_report(registry, Definition("accounts", columns=("name",), sort=("name",)), tenant, admin)
    assert [row[0] for row in listed.rows] == in_order
    backwards = run_report(registry, Definition("accounts", columns=("city",), sort=("-city",)), tenant, admin)
    assert [row[0] for row in backwards.rows if row[0]] == EXPECTED[::-1]
    by_account = run_report(registry, Definition("contacts", group_by=(Grouping("account_id"),),
                                                 aggregates=(Aggregate("count"),), sort=("account_id",)), tenant, admin)
    assert [row[0]["title"] for row in by_account.rows] == in_order


def test_issue_11_numbers_and_dates_sort_as_before(ctx, web, api, tenant):
    """issue 11: a sort by an amount or a date is unchanged (9 < 10 < 100, by day)."""
    plan = [("Deal C", "100.00", dt.date(2026, 1, 5)), ("Deal A", "9.00", dt.date(2026, 3, 1)),
            ("Deal B", "10.00", dt.date(2025, 12, 31))]
    for name, amount, closing in plan:
        Deal.create(tenant=tenant, name=name, amount=Decimal(amount), closing_date=closing)
    def names(sort: str) -> list[str]:
        return [r["name"] for r in api.get(f"/api/v1/deals?sort={sort}").get_json()["data"]]
    assert names("amount") == ["Deal A", "Deal B", "Deal C"]
    assert names("-amount") == ["Deal C", "Deal B", "Deal A"]
    assert names("closing_date") == ["Deal B", "Deal C", "Deal A"]
    assert names("-closing_date") == ["Deal A", "Deal C", "Deal B"]
    page = web.get("/m/deals/?sort=amount").get_data(as_text=True)
    assert re.findall(r'<a href="/m/deals/\d+">(Deal [ABC])</a>', page) == ["Deal A", "Deal B", "Deal C"]


@pytest.mark.parametrize("locale, names, on_postgresql, on_sqlite", [
    ("fr_CA", ("côté", "cote", "coté", "côte"), ["cote", "côte", "coté", "côté"], ["cote", "coté", "côte", "côté"]),
    ("sv_SE", ("Åsa", "Zorn", "Öberg", "Anna", "Olle"), ["Anna", "Olle", "Zorn", "Åsa", "Öberg"],
     ["Anna", "Åsa", "Öberg", "Olle", "Zorn"]),
])
def test_issue_11_a_locale_with_its_own_order_gets_it_on_postgresql(ctx, make_tenant, make_user, api_for, locale, names,
                                                                    on_postgresql, on_sqlite):
    """issue 11: a locale whose order is its own sorts by it on PostgreSQL (ICU's ``fr-CA``:
    accents compared from the word's end; ``sv-SE``: å and ö after z); SQLite has one order
    for every locale, CLDR's root one (the documented limit, docs/sorting.md)."""
    tenant = make_tenant(locale=locale)
    for name in names:
        Account.create(tenant=tenant, name=name)
    listed = [r["name"] for r in api_for(make_user(tenant)).get("/api/v1/accounts").get_json()["data"]]
    assert listed == (on_postgresql if is_postgres() else on_sqlite)


def test_issue_11_the_sorted_name_lists_walk_an_index(ctx, tenant):
    """issue 11: the accounts list sorted by name (first and a deep page) reads an index in the
    collation it sorts by (docs/sorting.md), not every row then a sort."""
    for i in range(30):
        Account.create(tenant=tenant, name=f"Name {i}")
    order = sorting.ordering(Account.name, False, db, "en_US")
    query = Account.scoped(tenant).select(Account.id).order_by(order, Account.id).limit(25).offset(5)
    sql, params = query.sql()
    if is_postgres():  # (a table this small would rather be read whole and sorted)
        with db.atomic():
            db.execute_sql("SET LOCAL enable_seqscan = off")
            db.execute_sql("SET LOCAL enable_sort = off")
            plan = "\n".join(row[0] for row in db.execute_sql("EXPLAIN " + sql, params).fetchall())
        assert "Index Only Scan using sort_" in plan or "Index Scan using sort_" in plan, plan
        assert "Sort" not in plan.replace("Sort Key", ""), plan
    else:
        plan = " ".join(str(row[-1]) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "INDEX sort_" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("a, b", [("émile", "Émile"), ("Lodz", "Łódź"), ("Oslo", "Øster"), ("Ae", "Ærø"),
                                  ("strasse", "Straße"), ("zèbre", "Zoé"), ("10", "9"), ("INV-00009", "inv-00010")])
def test_issue_11_sqlite_compares_as_icu_does(a, b):
    """issue 11: SQLite's collation key puts these pairs in ICU's order."""
    assert sorting.compare(a, b) == -1 and sorting.compare(b, a) == 1 and sorting.compare(a, a) == 0


def test_issue_11_migrating_rebuilds_missing_or_stale_sort_indexes_only(ctx, registry):
    """issue 11: ``migrate`` keeps the collated indexes: one dropped is made again, one of
    another collation or version (left by an older release) is dropped, and otherwise nothing
    is done."""
    from core.migrations import migrate
    assert sorting.ensure(registry, db) == []
    database = db.obj
    twins = sorted(sorting.existing_twins(database, "crm_account"))
    assert len(twins) == 1
    database.execute_sql(f'DROP INDEX "{twins[0]}"')
    database.execute_sql('CREATE INDEX "sort_0000000000000000" ON "crm_account" ("tenant_id", "name")')
    migrate(registry)
    assert sorted(sorting.existing_twins(database, "crm_account")) == twins

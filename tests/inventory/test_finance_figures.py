"""V2 and V1 on the finance side: the embedded finance application reports a customer's quantities
on open sales orders (``open_salesorder_quantity``, touched when it changes so the pull sees it)
and each package's sales order number; an older finance database gets the new column."""
from __future__ import annotations

import datetime as dt
import itertools

from core.db import make_database
from core.finance.local.db import add_missing_columns, finance_db, utcnow
from core.finance.local.models import Contact
from core.finance.local.service import LocalFinance

_orgs = itertools.count(1)


def _org(ctx) -> LocalFinance:
    return LocalFinance(f"inventory-figures-{dt.datetime.now().timestamp()}-{next(_orgs)}")


def _order(fin, customer: str, *quantities: str) -> dict:
    return fin.create("salesorders", {"customer_id": customer, "crm_id": f"so:{next(_orgs)}", "line_items": [
        {"name": f"Line {i}", "quantity": q, "rate": "3.00"} for i, q in enumerate(quantities)]})


def _ordered(fin, customer: str) -> str:
    return fin.get("contacts", customer)["open_salesorder_quantity"]


def test_v2_quantities_on_open_sales_orders_follow_their_status(ctx):
    fin = _org(ctx)
    customer = fin.create("contacts", {"contact_name": "Acme", "contact_type": "customer", "crm_id": "a:1"})["id"]
    other = fin.create("contacts", {"contact_name": "Other", "contact_type": "customer", "crm_id": "a:2"})["id"]
    assert _ordered(fin, customer) == "0.000"
    first = _order(fin, customer, "2", "1.5")
    assert _ordered(fin, customer) == "0.000"  # a draft is not an order yet
    since = utcnow()
    fin.action("salesorders", first["id"], "convert_to_open")
    assert _ordered(fin, customer) == "3.500"
    assert [c["id"] for c in fin.list_changed("contacts", since)] == [customer]  # the pull sees it
    second = _order(fin, customer, "4")
    fin.action("salesorders", second["id"], "convert_to_open")
    _order(fin, other, "10")
    fin.action("salesorders", _order(fin, other, "7")["id"], "convert_to_open")
    assert (_ordered(fin, customer), _ordered(fin, other)) == ("7.500", "7.000")
    fin.update("salesorders", second["id"], {"line_items": [{"name": "More", "quantity": "6", "rate": "1"}]})
    assert _ordered(fin, customer) == "9.500"
    fin.create_package(first["id"])  # packing does not change what was ordered
    assert _ordered(fin, customer) == "9.500"
    fin.action("salesorders", first["id"], "mark_closed")
    fin.action("salesorders", second["id"], "mark_void")
    assert _ordered(fin, customer) == "0.000"
    fin.action("salesorders", second["id"], "reopen")
    assert fin.figures("contacts", customer)["open_salesorder_quantity"] == "6.000"


def test_v1_a_package_names_its_sales_order(ctx):
    fin = _org(ctx)
    customer = fin.create("contacts", {"contact_name": "Acme", "contact_type": "customer", "crm_id": "a:1"})["id"]
    order = fin.action("salesorders", _order(fin, customer, "2")["id"], "convert_to_open")
    package = fin.create_package(order["id"])
    assert (package["salesorder_id"], package["salesorder_number"]) == (order["id"], order["salesorder_number"])
    assert [p["salesorder_number"] for p in fin.list_changed("packages", None)] == [order["salesorder_number"]]


def test_v2_an_older_finance_database_gets_the_new_column(tmp_path):
    """A finance database made before ``open_salesorder_quantity``: the column is added, zero for
    the contacts it holds; adding it again changes nothing."""
    database = make_database("sqlite:///" + str(tmp_path / "old-finance.db"))
    database.execute_sql('CREATE TABLE "fin_contact" ("id" INTEGER PRIMARY KEY, "contact_name" TEXT)')
    database.execute_sql("INSERT INTO fin_contact (contact_name) VALUES ('Old customer')")
    add_missing_columns(database)
    add_missing_columns(database)
    assert "open_salesorder_quantity" in {c.name for c in database.get_columns("fin_contact")}
    assert database.execute_sql("SELECT open_salesorder_quantity FROM fin_contact").fetchall() == [(0,)]
    declared = [c for c in database.get_columns("fin_contact") if c.name == "open_salesorder_quantity"][0]
    assert (declared.data_type.upper(), declared.null) == ("INTEGER", False)  # thousandths, as the model


def test_v2_the_column_is_added_to_the_finance_database_in_use(ctx):
    """The same on the database the tests run on (SQLite, or PostgreSQL's schema ``finance``):
    dropped and added again inside a transaction that is then rolled back."""
    meta = Contact._meta
    table = ".".join(f'"{part}"' for part in (meta.schema, meta.table_name) if part)

    def columns() -> set[str]:
        return {c.name for c in finance_db.get_columns(meta.table_name, meta.schema)}

    with finance_db.connection_context(), finance_db.atomic() as transaction:
        finance_db.execute_sql(f'ALTER TABLE {table} DROP COLUMN "open_salesorder_quantity"')
        assert "open_salesorder_quantity" not in columns()
        add_missing_columns()
        added = "open_salesorder_quantity" in columns()
        transaction.rollback()
    assert added and "open_salesorder_quantity" in columns()

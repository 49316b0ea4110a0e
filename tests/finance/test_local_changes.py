"""Reading what changed (the pull's cursor), the finance database's location, and the demo."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.finance.local import db as fdb
from core.finance.local.demo import load_finance_demo
from core.finance.local.validate import parse_time

from .conftest import customer, document, item, vendor


def test_y2_list_changed_pages_through_everything_oldest_first(fin):
    made = [customer(fin, f"Customer {i}", crm_id=f"accounts:{i}")["id"] for i in range(450)]
    seen = [c["id"] for c in fin.list_changed("contacts", None)]
    assert seen == made  # all 450 (three pages of 200), in modification order, once each


def test_y2_list_changed_since_a_cursor_returns_only_what_changed(fin):
    first, second, third = (customer(fin, name) for name in ("A", "B", "C"))
    cursor = parse_time(third["last_modified_time"])
    assert [c["id"] for c in fin.list_changed("contacts", cursor)] == [third["id"]]  # ">= cursor"
    after = cursor + dt.timedelta(microseconds=1)
    assert list(fin.list_changed("contacts", after)) == []
    fin.update("contacts", first["id"], {"phone": "555"})
    assert [c["id"] for c in fin.list_changed("contacts", after)] == [first["id"]]
    assert [c["id"] for c in fin.list_changed("contacts", third["last_modified_time"])] == [third["id"], first["id"]]


def test_y2_a_payment_shows_the_invoice_and_the_contact_as_changed(fin):
    acme, other = customer(fin), customer(fin, "Other")
    invoice = document(fin, "invoices", acme, [{"name": "X", "quantity": "1", "rate": "10"}])
    fin.action("invoices", invoice["id"], "mark_sent")
    cursor = dt.datetime.now(dt.timezone.utc)
    fin.record_payment(invoice["id"], "10")
    assert [c["id"] for c in fin.list_changed("contacts", cursor)] == [acme["id"]]
    assert [i["status"] for i in fin.list_changed("invoices", cursor)] == ["paid"]
    assert other["id"] not in [c["id"] for c in fin.list_changed("contacts", cursor)]


def test_finance_database_url_defaults():
    assert fdb.finance_url({"DATABASE_URL": "sqlite:////srv/crm/finsuite.db"}) == "sqlite:////srv/crm/finance.db"
    pg = "postgresql://u@db:5432/crm"
    assert fdb.finance_url({"DATABASE_URL": pg}) == pg  # same database, schema "finance"
    assert fdb.finance_url({"DATABASE_URL": pg, "FINANCE_DATABASE_URL": "sqlite:////x/f.db"}) == "sqlite:////x/f.db"


def test_demo_gives_pushed_records_a_finance_life(fin):
    acme, parts = customer(fin), vendor(fin)
    widgets = [item(fin, f"Widget {i}") for i in range(3)]
    line = [{"item_id": widgets[0]["id"], "quantity": "2"}]
    for _ in range(6):
        document(fin, "invoices", acme, line)
    for _ in range(3):
        document(fin, "salesorders", acme, line)
        document(fin, "purchaseorders", parts, [{"item_id": widgets[1]["id"], "quantity": "4", "rate": "3"}])
    fin.create("subscriptions", {"customer_id": acme["id"], "plan_code": "PRO", "price": "9",
                                 "starts_at": "2024-01-01", "crm_id": "subscriptions:1"})
    done = load_finance_demo(fin.org, fin)
    assert done["stock"] == 3 and done["payments"] >= 2 and done["bills"] >= 1
    assert done["packages"] >= 1 and done["shipped"] >= 1 and done["delivered"] >= 1
    assert done["subscription_invoices"] == 1
    statuses = {i["status"] for i in fin.list_changed("invoices", None)}
    assert {"paid", "partially_paid"} <= statuses
    assert Decimal(fin.figures("contacts", acme["id"])["outstanding_receivable_amount"]) > 0
    assert Decimal(fin.figures("contacts", parts["id"])["outstanding_payable_amount"]) > 0
    assert {p["status"] for p in fin.list_changed("packages", None)} >= {"delivered"}
    assert load_finance_demo(fin.org, fin)["payments"] == 0  # only once


def test_setup_finance_binds_a_separate_file_beside_the_crm_database(tmp_path):
    from flask import Flask

    from core.finance.local import finance_db, setup_finance
    from core.finance.local.service import LocalFinance
    app = Flask("crm", instance_path=str(tmp_path))
    app.config["DATABASE_URL"] = "sqlite:///" + str(tmp_path / "crm" / "finsuite.db")
    url = setup_finance(app)
    assert url == "sqlite:///" + str(tmp_path / "crm" / "finance.db") == app.config["FINANCE_DATABASE_URL"]
    assert (tmp_path / "crm" / "finance.db").exists()
    assert customer(LocalFinance("elsewhere"))["id"] == "1"  # a fresh store of its own
    finance_db.close()


def test_finance_serve_command_is_registered():
    from click.testing import CliRunner

    from core.cli import cli
    result = CliRunner().invoke(cli, ["finance-serve", "--help"])
    assert result.exit_code == 0 and "--token-ttl" in result.output and "Zoho" in result.output

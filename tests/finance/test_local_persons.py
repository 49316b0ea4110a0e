"""Y7: the embedded application keeps a contact's persons (contacts.yml ``contact_persons``): the
contact's email and phone are its primary person's, whether a payload names persons or gives the
top-level ``email``/``phone`` ``LocalFinance`` keeps taking; an older finance database gets the
columns added since (persons, customer credits, a line's tax)."""
from __future__ import annotations

import pytest

from core.db import make_database
from core.finance.base import RejectedError
from core.finance.local.db import add_missing_columns


def _contact(fin, **extra) -> dict:
    return fin.create("contacts", {"contact_name": "Acme", "contact_type": "customer", "crm_id": "accounts:1",
                                   **extra})


def test_y7_top_level_email_and_phone_are_the_primary_persons(fin):
    made = _contact(fin, email="ap@acme.test", phone="1")
    [person] = made["contact_persons"]
    assert (person["email"], person["phone"], person["is_primary_contact"]) == ("ap@acme.test", "1", True)
    assert (made["email"], made["primary_contact_id"]) == ("ap@acme.test", person["contact_person_id"])
    for email in ("billing@acme.test", "finance@acme.test"):
        changed = fin.update("contacts", made["id"], {"email": email})
    assert [(p["contact_person_id"], p["email"]) for p in changed["contact_persons"]] == [
        (person["contact_person_id"], "finance@acme.test")]
    assert changed["email"] == "finance@acme.test" and changed["phone"] == "1"


def test_y7_persons_named_by_id_change_and_new_ones_are_added(fin):
    made = _contact(fin, contact_persons=[{"first_name": "Ada", "email": "ada@acme.test"}])
    ada = made["contact_persons"][0]["contact_person_id"]
    both = fin.update("contacts", made["id"], {"contact_persons": [
        {"first_name": "Bob", "email": "bob@acme.test", "is_primary_contact": True},
        {"contact_person_id": ada, "phone": "2"}]})
    assert [(p["first_name"], p["email"], p["phone"], p["is_primary_contact"]) for p in both["contact_persons"]] == [
        ("Ada", "ada@acme.test", "2", False), ("Bob", "bob@acme.test", "", True)]
    assert both["email"] == "bob@acme.test"  # the primary person's
    with pytest.raises(RejectedError, match="contact_person_id"):
        fin.update("contacts", made["id"], {"contact_persons": [{"contact_person_id": "0"}]})


def test_y7_a_contact_without_email_or_phone_has_no_person(fin):
    made = _contact(fin, email="", phone="")
    assert (made["contact_persons"], made["primary_contact_id"], made["email"]) == ([], "", "")


def test_y7_an_older_finance_database_gets_the_columns_added_since(tmp_path):
    database = make_database("sqlite:///" + str(tmp_path / "old-finance.db"))
    database.execute_sql('CREATE TABLE "fin_contact" ("id" INTEGER PRIMARY KEY, "contact_name" TEXT, '
                         '"open_salesorder_quantity" INTEGER NOT NULL DEFAULT 0)')
    database.execute_sql('CREATE TABLE "fin_line" ("id" INTEGER PRIMARY KEY, "name" TEXT)')
    database.execute_sql("INSERT INTO fin_contact (contact_name) VALUES ('Old customer')")
    database.execute_sql("INSERT INTO fin_line (name) VALUES ('Old line')")
    add_missing_columns(database)
    add_missing_columns(database)
    assert database.execute_sql("SELECT contact_persons, unused_credits_receivable_amount FROM fin_contact"
                                ).fetchall() == [("[]", 0)]
    assert database.execute_sql("SELECT tax_id FROM fin_line").fetchall() == [(0,)]

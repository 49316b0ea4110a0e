"""Y7, Y2: a contact's email and phone as Zoho documents them: on its primary contact person
(contacts.yml: ``contact_persons`` in the create and update request schemas; top-level ``email``
and ``phone`` are in neither, and Zoho drops them). An update names the person by the
``contact_person_id`` the previous answer gave, so updates never add a person."""
from __future__ import annotations

import pytest

from core.finance.base import RejectedError
from core.sync.engine import Target, push
from tests.books.context_helpers import crm  # noqa: F401
from tests.sync_helpers import through_finserve
from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org, served  # noqa: F401

ACME = {"contact_name": "Acme Corp", "contact_type": "customer", "email": "ap@acme.test", "phone": "555-0100",
        "crm_id": "accounts:1"}


def calls_of(finserve, block):
    log = finserve[0].extensions["finance_serve"].seen
    before = len(log)
    result = block()
    return result, list(log)[before:]


def persons(record: dict) -> list[tuple]:
    return [(p.get("email"), p.get("phone"), p.get("is_primary_contact")) for p in record["contact_persons"]]


def test_y7_finance_serve_keeps_contact_persons_and_drops_top_level_email_and_phone(connect):
    http = connect("books").http
    dropped = http.request("POST", "/contacts", json={"contact_name": "Plain", "contact_type": "customer",
                                                      "email": "x@plain.test", "phone": "1"})["contact"]
    assert dropped["contact_persons"] == [] and "email" not in dropped and "phone" not in dropped
    made = http.request("POST", "/contacts", json={"contact_name": "Acme", "contact_type": "customer", "contact_persons": [
        {"first_name": "Ada", "email": "ada@acme.test", "phone": "555-0100", "is_primary_contact": True}]})["contact"]
    [ada] = made["contact_persons"]
    assert (ada["first_name"], ada["email"], ada["is_primary_contact"]) == ("Ada", "ada@acme.test", True)
    assert made["primary_contact_id"] == ada["contact_person_id"]
    # a list entry shows the primary person's email and phone, as Zoho's list entries do
    listed = {c["contact_id"]: c for c in http.request("GET", "/contacts")["contacts"]}
    assert (listed[made["contact_id"]]["email"], listed[made["contact_id"]]["phone"]) == ("ada@acme.test", "555-0100")
    assert "contact_persons" not in listed[made["contact_id"]]
    path = f"/contacts/{made['contact_id']}"
    named = http.request("PUT", path, json={"contact_name": "Acme", "contact_persons": [
        {"contact_person_id": ada["contact_person_id"], "email": "billing@acme.test", "is_primary_contact": True}]})
    assert persons(named["contact"]) == [("billing@acme.test", "555-0100", True)]
    added = http.request("PUT", path, json={"contact_name": "Acme", "contact_persons": [{"email": "bob@acme.test"}]})
    assert persons(added["contact"]) == [("billing@acme.test", "555-0100", True), ("bob@acme.test", "", False)]
    with pytest.raises(RejectedError, match="contact_person_id"):
        http.request("PUT", path, json={"contact_name": "Acme", "contact_persons": [{"contact_person_id": "999"}]})


def test_y7_the_connector_sends_the_primary_person_and_names_it_on_update(connect, finserve):
    zoho = connect("books")
    made, calls = calls_of(finserve, lambda: zoho.create("contacts", ACME))
    sent = calls[0]["json"]
    assert "email" not in sent and "phone" not in sent
    assert sent["contact_persons"] == [{"email": "ap@acme.test", "phone": "555-0100", "is_primary_contact": True}]
    assert persons(made) == [("ap@acme.test", "555-0100", True)]
    person_id = made["contact_persons"][0]["contact_person_id"]
    previous = made
    for email in ("billing@acme.test", "accounts@acme.test", "accounts@acme.test"):
        previous, calls = calls_of(finserve, lambda: zoho.update(
            "contacts", made["id"], {**ACME, "email": email}, previous=previous))
        assert len(calls) == 1 and calls[0]["json"]["contact_persons"][0]["contact_person_id"] == person_id
    assert persons(zoho.get("contacts", made["id"])) == [("accounts@acme.test", "555-0100", True)]
    # what a list entry (a pull) or nothing tells has no person ids: the contact is read first
    [entry] = [r for r in zoho.list_changed("contacts", None) if r["id"] == made["id"]]
    for previous in (entry, None):
        answer, calls = calls_of(finserve, lambda: zoho.update("contacts", made["id"], {**ACME, "phone": "555-0199"},
                                                               previous=previous))
        assert [c["method"] for c in calls] == ["GET", "PUT"]
        assert persons(answer) == [("ap@acme.test", "555-0199", True)]


def test_y7_a_contact_without_email_or_phone_gets_no_person(connect, finserve):
    zoho = connect("books")
    made, calls = calls_of(finserve, lambda: zoho.create("contacts", {**ACME, "email": "", "phone": ""}))
    assert "contact_persons" not in calls[0]["json"] and made["contact_persons"] == []
    changed = zoho.update("contacts", made["id"], {**ACME, "phone": ""}, previous=made)
    assert persons(changed) == [("ap@acme.test", "", True)]


def test_y7_billing_customers_keep_their_email(connect):
    billing = connect("subscriptions")
    made = billing.create("contacts", ACME)
    assert made["email"] == "ap@acme.test"  # Billing v1: no published documents here, nothing moved


def test_y7_a_changed_email_reaches_zoho_without_adding_a_person(crm, registry):
    tenant, account = crm["tenant"], crm["account"]
    with through_finserve(tenant, "books") as (server, org):
        target = Target(registry, tenant, "books")
        first = push(target, account, "accounts")
        for email in ("ap@acme.example", "finance@acme.example"):
            account.email = email
            account.save()
            state = server.extensions["finance_serve"]
            before = state.calls
            push(Target(registry, tenant, "books"), account, "accounts")
            assert state.calls - before == 1  # the previous answer names the person: no read first
        copy = served(org).get("contacts", first.finance_id)
        assert [(p["email"], p["is_primary_contact"]) for p in copy["contact_persons"]] == [
            ("finance@acme.example", True)]

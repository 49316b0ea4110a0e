"""The status machine of each document type (docs/sync.md): every allowed move, every refused
one (a RejectedError naming the current status), and the statuses the finance side moves."""
from __future__ import annotations

import datetime as dt

import pytest

from core.finance.base import RejectedError
from core.finance.local.documents import ACTIONS

from .conftest import customer, document, vendor

LINE = [{"name": "Work", "quantity": "1", "rate": "100"}]
TODAY = dt.date.today()


def _make(fin, doc_type):
    if doc_type == "purchaseorders":
        return document(fin, doc_type, vendor(fin), LINE)
    if doc_type == "expense_reports":
        expense = fin.create("expenses", {"date": "2024-03-01", "account_name": "Travel", "amount": "40",
                                          "crm_id": f"expenses:{fin.org}"})
        return fin.create("expense_reports", {"report_name": "March", "expense_ids": [expense["id"]],
                                              "crm_id": f"expense_reports:{fin.org}"})
    if doc_type == "subscriptions":
        return fin.create("subscriptions", {"customer_id": customer(fin)["id"], "plan_code": "PRO",
                                            "price": "30", "crm_id": f"subscriptions:{fin.org}"})
    return document(fin, doc_type, customer(fin), LINE)


def _reach(fin, doc_type, record, status):
    """Walk a fresh record to ``status`` through the allowed actions (breadth first); billed,
    paid, partially paid and trial are reached the finance application's way."""
    if status in ("paid", "partially_paid"):
        record = _reach(fin, doc_type, record, "sent")
        fin.record_payment(record["id"], record["total"] if status == "paid" else "1.00")
        return fin.get(doc_type, record["id"])
    if status == "billed":
        record = _reach(fin, doc_type, record, "open")
        fin.bill_purchaseorder(record["id"])
        return fin.get(doc_type, record["id"])
    if status == "trial":
        return fin.create("subscriptions", {"customer_id": record["customer_id"], "plan_code": "PRO",
                                            "trial_days": 14, "crm_id": f"subscriptions:trial:{fin.org}"})
    paths, seen = [(record["status"], [])], {record["status"]}
    while paths:
        current, path = paths.pop(0)
        if current == status:
            for action in path:
                record = fin.action(doc_type, record["id"], action)
            return record
        for action, (sources, target) in ACTIONS[doc_type].items():
            if current in sources and target not in seen and action != "convert_to_invoice":
                seen.add(target)
                paths.append((target, path + [action]))
    raise AssertionError(f"{status} is not reachable by actions")


MOVES = [(doc_type, action, start)
         for doc_type, actions in ACTIONS.items() for action, (sources, _) in actions.items()
         for start in sorted(sources) if action != "convert_to_invoice" and start != "overdue"]


@pytest.mark.parametrize("doc_type, action, start", MOVES)
def test_every_allowed_move(make_fin, doc_type, action, start):
    fin = make_fin()
    record = _reach(fin, doc_type, _make(fin, doc_type), start)
    moved = fin.action(doc_type, record["id"], action)
    assert moved["status"] == ACTIONS[doc_type][action][1]
    assert moved["last_modified_time"] > record["last_modified_time"]


REFUSED = [(doc_type, action, status)
           for doc_type, actions in ACTIONS.items()
           for status in sorted({t for _, t in actions.values()} | {s for ss, _ in actions.values() for s in ss})
           for action, (sources, _) in actions.items()
           if status not in sources and action != "convert_to_invoice" and status not in ("overdue", "invoiced")]


@pytest.mark.parametrize("doc_type, action, status", REFUSED)
def test_every_refused_move_names_the_current_status(make_fin, doc_type, action, status):
    fin = make_fin()
    record = _reach(fin, doc_type, _make(fin, doc_type), status)
    with pytest.raises(RejectedError) as caught:
        fin.action(doc_type, record["id"], action)
    assert f"is {status}" in caught.value.message
    assert fin.get(doc_type, record["id"])["status"] == status


def test_unknown_action_is_rejected(fin):
    invoice = _make(fin, "invoices")
    with pytest.raises(RejectedError, match="Unknown action"):
        fin.action("invoices", invoice["id"], "mark_paid")


def test_an_invoice_past_its_due_date_is_overdue_when_read(fin):
    acme = customer(fin)
    past = (TODAY - dt.timedelta(days=3)).isoformat()
    invoice = document(fin, "invoices", acme, LINE, date=(TODAY - dt.timedelta(days=30)).isoformat(), due_date=past)
    assert fin.get("invoices", invoice["id"])["status"] == "draft"  # drafts are never overdue
    assert fin.action("invoices", invoice["id"], "mark_sent")["status"] == "overdue"
    figures = fin.figures("contacts", acme["id"])
    assert figures["overdue_receivable_amount"] == figures["outstanding_receivable_amount"] == "100.00"
    assert fin.action("invoices", invoice["id"], "mark_void")["status"] == "void"
    assert fin.figures("contacts", acme["id"])["outstanding_receivable_amount"] == "0.00"


def test_refresh_statuses_moves_invoices_and_estimates_by_date(fin):
    acme = customer(fin)
    invoice = document(fin, "invoices", acme, LINE, due_date=(TODAY + dt.timedelta(days=10)).isoformat())
    estimate = document(fin, "estimates", acme, LINE, expiry_date=(TODAY + dt.timedelta(days=5)).isoformat())
    fin.action("invoices", invoice["id"], "mark_sent")
    fin.action("estimates", estimate["id"], "mark_sent")
    assert fin.refresh_statuses(TODAY) == 0
    assert fin.refresh_statuses(TODAY + dt.timedelta(days=11)) == 2
    assert fin.get("invoices", invoice["id"])["status"] == "overdue"
    assert fin.get("estimates", estimate["id"])["status"] == "expired"


def test_converting_an_estimate_invoices_it(fin):
    estimate = _make(fin, "estimates")
    fin.action("estimates", estimate["id"], "mark_accepted")
    invoice = fin.convert_estimate(estimate["id"])
    assert (invoice["status"], invoice["total"], invoice["estimate_id"]) == ("draft", "100.00", estimate["id"])
    assert fin.get("estimates", estimate["id"])["status"] == "invoiced"
    with pytest.raises(RejectedError, match="is invoiced"):
        fin.convert_estimate(estimate["id"])


def test_a_paid_invoice_can_no_longer_be_changed(fin):
    invoice = _make(fin, "invoices")
    fin.action("invoices", invoice["id"], "mark_sent")
    fin.record_payment(invoice["id"], "100")
    with pytest.raises(RejectedError, match="is paid"):
        fin.update("invoices", invoice["id"], {"notes": "late edit"})


@pytest.mark.parametrize("paid", ["40", "100"])
def test_y7_voiding_a_paid_invoice_leaves_its_payments_as_customer_credits(fin, paid):
    """invoices.yml: "Upon voiding, the payments and credits associated with the invoices will be
    unassociated and will be under customer credits"."""
    invoice = _make(fin, "invoices")
    customer = invoice["customer_id"]
    fin.action("invoices", invoice["id"], "mark_sent")
    payment = fin.record_payment(invoice["id"], paid)
    voided = fin.action("invoices", invoice["id"], "mark_void")
    assert (voided["status"], voided["balance"]) == ("void", voided["total"])
    [moved] = [p for p in fin.list_changed("payments", None) if p["id"] == payment["id"]]
    assert (moved["invoice_id"], moved["amount"]) == (None, payment["amount"])
    figures = fin.get("contacts", customer)
    assert (figures["outstanding_receivable_amount"], figures["unused_credits_receivable_amount"]) == (
        "0.00", payment["amount"])
    with pytest.raises(RejectedError, match="is void"):
        fin.action("invoices", invoice["id"], "mark_void")
    fin.delete("invoices", invoice["id"])  # no payment holds it any more

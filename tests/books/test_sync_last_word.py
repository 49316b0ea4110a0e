"""Y7: one record's changes reach the finance application in the order they were made, an
answer never overwrites what a user changed since, and both sides end equal (issue 14, items
1, 3, 10, 11), with Books' documents on the embedded finance application."""
from __future__ import annotations

import threading

import pytest

from core.declarations import ConnectorSpec
from core.finance.base import TransientError
from core.finance.local.service import LocalFinance
from core.sync.jobs import pull
from core.sync.models import SyncOutbox
from core.sync.runner import start_thread
from core.sync.worker import claim, drain, pending_count, process_batch
from tests.books.context_helpers import finance, finance_id
from tests.browser.helpers import wait_for
from tests.sync_helpers import hold_retries, make_due


@pytest.fixture(autouse=True)
def quiet_outbox(ctx):
    """Claims are global: rows other tests left waiting would be taken first."""
    SyncOutbox.delete().execute()


def rows(tenant, record_id):
    return list(SyncOutbox.select().where((SyncOutbox.tenant == tenant) & (SyncOutbox.record_id == record_id))
                .order_by(SyncOutbox.id))


def act(api, kind, doc_id, action):
    return api.post(f"/api/v1/books/{kind}/{doc_id}/actions/{action}")


class Faulty:
    """The embedded finance application behind a network that fails as told: ``fail`` lists
    ``(method, when)`` for the next calls of ``method``: ``"before"`` (the call never arrives)
    or ``"after"`` (it arrives and is done there, its answer is lost)."""

    def __init__(self, service, faults: list):
        self.service, self.faults = service, faults

    def __getattr__(self, name):
        value = getattr(self.service, name)
        if not callable(value) or name.startswith("_"):
            return value

        def call(*args, **kwargs):
            fault = next((f for f in self.faults if f[0] == name), None)
            if fault is None:
                return value(*args, **kwargs)
            self.faults.remove(fault)
            if fault[1] == "after":
                value(*args, **kwargs)
            raise TransientError(f"injected: {name} {fault[1]}")
        return call


@pytest.fixture
def faulty(registry, crm):
    """The Books connection of ``crm``'s tenant through :class:`Faulty`; returns its list of
    faults to fill."""
    from core.sync.connections import configure, get_connection
    faults: list = []
    org = get_connection(crm["tenant"], "books").organization_id
    registry.connectors["faulty"] = ConnectorSpec("faulty", "Faulty", lambda s: Faulty(
        LocalFinance(s["organization_id"], s.get("app")), faults), cursor_overlap_seconds=0)
    configure(crm["tenant"], "books", "faulty", org)
    yield faults
    configure(crm["tenant"], "books", "local", org)
    del registry.connectors["faulty"]


def test_y7_a_late_answer_never_overwrites_a_status_the_user_set_since(make_doc, books_api, crm, registry):
    """Item 1: the answer to the create (``draft``) arrives after the user opened the order."""
    doc = make_doc("salesorders")
    taken = claim(10)  # the worker has the create on its way
    assert [r.record_id for r in taken] == [doc["id"]]
    assert act(books_api, "salesorders", doc["id"], "convert_to_open").status_code == 200
    process_batch(registry, taken)  # its answer arrives now: the order is draft there
    assert books_api.get(f"/api/v1/books/salesorders/{doc['id']}").get_json()["status"] == "open"
    drain(registry)
    seen = books_api.get(f"/api/v1/books/salesorders/{doc['id']}").get_json()
    assert (seen["status"], seen["sync_status"]) == ("open", "synced")
    assert finance(crm["tenant"]).get("salesorders", seen["finance_id"])["status"] == "open"


def test_y7_a_records_later_rows_wait_while_an_earlier_one_is_on_its_way(make_doc, books_api, crm):
    """Item 10: the create and the action of one record never run in two workers at once;
    another record's rows are not held back."""
    doc, other = make_doc("invoices"), make_doc("invoices")
    first = claim(1, who="worker-a")
    assert [r.record_id for r in first] == [doc["id"]]
    act(books_api, "invoices", doc["id"], "mark_sent")
    second = claim(10, who="worker-b")
    assert [(r.record_id, r.operation) for r in second] == [(other["id"], "push")]
    assert claim(10, who="worker-b") == []  # mark_sent waits for the create


def test_y7_a_row_waiting_for_a_retry_holds_back_its_records_later_rows(make_doc, books_api, crm, registry,
                                                                        faulty):
    """Item 3: ``mark_sent`` fails once (the call never arrived), the user then voids the
    invoice: ``mark_sent`` is retried first, then ``mark_void``; nothing is refused."""
    doc = make_doc("invoices")
    drain(registry)
    faulty.append(("action", "before"))
    act(books_api, "invoices", doc["id"], "mark_sent")
    assert drain(registry, limit=1) == 1  # it fails once; its back-off may be milliseconds:
    hold_retries(crm["tenant"])            # it waits (instead of a sleep through a longer one)
    act(books_api, "invoices", doc["id"], "mark_void")
    assert drain(registry) == 0  # mark_void waits behind the mark_sent waiting for its retry
    make_due(crm["tenant"])
    drain(registry)
    assert [(r.operation, r.state) for r in rows(crm["tenant"], doc["id"])] == [
        ("push", "done"), ("action:mark_sent", "done"), ("action:mark_void", "done")]
    seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert (seen["status"], seen["sync_status"]) == ("void", "synced")
    assert finance(crm["tenant"]).get("invoices", seen["finance_id"])["status"] == "void"


def test_y7_a_retried_action_whose_effect_is_already_there_is_done(make_doc, books_api, crm, registry, faulty):
    """Item 11: ``mark_sent`` reached the finance application, its answer was lost; the
    retry is refused there ("Invoice is sent") but the invoice is sent: done, not failed."""
    doc = make_doc("invoices")
    drain(registry)
    faulty.append(("action", "after"))
    act(books_api, "invoices", doc["id"], "mark_sent")
    drain(registry)
    make_due(crm["tenant"])
    drain(registry)
    assert [(r.operation, r.state) for r in rows(crm["tenant"], doc["id"])][-1] == ("action:mark_sent", "done")
    seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert (seen["status"], seen["sync_status"], seen["sync_error"]) == ("sent", "synced", None)


def test_y7_a_refused_action_is_shown_on_the_record_which_shows_the_finance_status_again(
        make_doc, books_api, crm, registry):
    """The finance side voided the order meanwhile: opening it is refused there. The row
    fails with the finance application's message, the record says so and shows ``void``:
    never a silent revert, never a status the finance application does not hold."""
    doc = make_doc("salesorders")
    drain(registry)
    finance(crm["tenant"]).action("salesorders", finance_id(crm["tenant"], "books/salesorders", doc["id"]),
                                  "mark_void")
    act(books_api, "salesorders", doc["id"], "convert_to_open")
    drain(registry)
    seen = books_api.get(f"/api/v1/books/salesorders/{doc['id']}").get_json()
    assert seen["status"] == "void" and seen["sync_status"] == "failed"
    assert seen["sync_error"].startswith("Books refused: ") and "void" in seen["sync_error"]
    assert rows(crm["tenant"], doc["id"])[-1].state == "failed"


def test_y7_a_pull_leaves_alone_a_record_with_rows_still_waiting(make_doc, books_api, crm, registry):
    doc = make_doc("salesorders")
    drain(registry)
    act(books_api, "salesorders", doc["id"], "convert_to_open")  # not yet sent
    pull(registry, crm["tenant"])  # the finance application still says draft
    assert books_api.get(f"/api/v1/books/salesorders/{doc['id']}").get_json()["status"] == "open"
    drain(registry)
    assert finance(crm["tenant"]).get("salesorders", finance_id(crm["tenant"], "books/salesorders",
                                                                doc["id"]))["status"] == "open"


def test_y7_pending_pushes_merge_but_actions_keep_their_place(make_doc, books_api, crm):
    doc = make_doc("salesorders")
    url = f"/api/v1/books/salesorders/{doc['id']}"
    books_api.patch(url, json={"notes": "one"})
    books_api.patch(url, json={"notes": "two"})
    act(books_api, "salesorders", doc["id"], "convert_to_open")
    act(books_api, "salesorders", doc["id"], "mark_closed")
    assert [r.operation for r in rows(crm["tenant"], doc["id"])] == [
        "push", "action:convert_to_open", "action:mark_closed"]


LAST_WORDS = {"salesorders": ("convert_to_open", "mark_closed", "reopen", "mark_void", "void"),
              "purchaseorders": ("convert_to_open", "mark_closed", "reopen", "mark_cancelled", "cancelled")}


def test_y7_rapid_status_actions_while_the_worker_syncs_end_in_the_users_last_status(
        make_doc, books_api, crm, app):
    """Item 1 as reported: 15 sales orders and 15 purchase orders, four actions each in a
    row over the API while the in-process worker syncs: all 30 end in the user's last status
    on both sides, and the next action is accepted."""
    thread, stop = start_thread(app, poll=0.01)
    try:
        docs = [(kind, make_doc(kind)["id"]) for kind in LAST_WORDS for _ in range(15)]
        for kind, doc_id in docs:
            for action in LAST_WORDS[kind][:4]:
                response = act(books_api, kind, doc_id, action)
                assert response.status_code == 200, (kind, action, response.get_json())
        assert wait_for(lambda: pending_count(crm["tenant"]) == 0, 60)
    finally:
        stop.set()
        thread.join(10)
    books = finance(crm["tenant"])
    for kind, doc_id in docs:
        seen = books_api.get(f"/api/v1/books/{kind}/{doc_id}").get_json()
        assert (seen["status"], seen["sync_status"]) == (LAST_WORDS[kind][4], "synced"), (kind, seen)
        assert books.get(kind, seen["finance_id"])["status"] == LAST_WORDS[kind][4]
        assert act(books_api, kind, doc_id, "reopen").status_code == 200


def test_y7_two_workers_on_one_records_rows_deliver_them_in_order(make_doc, books_api, crm, registry, app):
    """Two threads draining at once: a record's create, sent and void arrive in that order."""
    from core.db import db
    docs = [make_doc("invoices")["id"] for _ in range(10)]
    for doc_id in docs:
        act(books_api, "invoices", doc_id, "mark_sent")
        act(books_api, "invoices", doc_id, "mark_void")
    errors = []

    def work(name):
        with app.app_context(), db.connection_context():
            try:
                while drain(registry, who=name, batch=1, limit=5):
                    pass
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    for doc_id in docs:
        assert [r.state for r in rows(crm["tenant"], doc_id)] == ["done"] * 3
        assert books_api.get(f"/api/v1/books/invoices/{doc_id}").get_json()["status"] == "void"


def test_y7_an_action_refused_by_the_connector_never_reaches_the_outbox(make_doc, books_api, crm, registry,
                                                                        client_for):
    """An action the finance service can never carry out (no endpoint) is refused before it
    is queued, with the service's reason."""
    from core.sync.connections import configure, get_connection
    org = get_connection(crm["tenant"], "books").organization_id
    registry.connectors["strict"] = ConnectorSpec(
        "strict", "Strict", lambda s: LocalFinance(s["organization_id"], s.get("app")),
        action_refusal=lambda doc_type, action, status: (
            "Strict cannot reopen a void sales order" if (action, status) == ("reopen", "void") else None))
    configure(crm["tenant"], "books", "strict", org)
    try:
        doc = make_doc("salesorders")
        act(books_api, "salesorders", doc["id"], "mark_void")
        actions = {a["key"] for a in books_api.get(f"/api/v1/books/salesorders/{doc['id']}/actions").get_json()}
        assert "reopen" not in actions
        refused = act(books_api, "salesorders", doc["id"], "reopen")
        assert refused.status_code == 409
        assert "Strict cannot reopen a void sales order" in refused.get_json()["error"]
        assert [r.operation for r in rows(crm["tenant"], doc["id"])] == ["push", "action:mark_void"]
        page = client_for(crm["admin"]).get(f"/m/books/salesorders/{doc['id']}").get_data(as_text=True)
        assert 'data-action="reopen"' not in page  # shown disabled, with the reason
        assert 'disabled title="Strict cannot reopen a void sales order" data-refused="reopen"' in page
    finally:
        configure(crm["tenant"], "books", "local", org)
        del registry.connectors["strict"]


@pytest.fixture
def total_check(registry):
    """Books' invoices compared on their total with what the finance application holds."""
    import dataclasses
    from decimal import Decimal
    key = "books:books/invoices"
    original = registry.sync_types[key]

    def differences(record, remote):
        theirs = Decimal(str(remote.get("total", "0")))
        return [] if theirs == record.total else [f"Books computed a total of {theirs}, the CRM {record.total}"]
    registry.sync_types[key] = dataclasses.replace(original, differences=differences)
    yield
    registry.sync_types[key] = original


def test_y7_a_difference_is_a_sync_failure_shown_on_the_record_never_a_log_line(
        make_doc, books_api, crm, registry, total_check):
    from core.finance.local.models import Document
    from core.models import utcnow
    doc = make_doc("invoices")
    seen = (drain(registry), books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json())[1]
    assert (seen["sync_status"], seen["sync_error"]) == ("synced", None)
    Document.update(total="99.99", last_modified_time=utcnow()).where(
        Document.id == int(seen["finance_id"])).execute()
    pull(registry, crm["tenant"])
    pull(registry, crm["tenant"])  # shown once, not once per pull
    seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert seen["sync_status"] == "failed"
    assert seen["sync_error"] == "Books computed a total of 99.99, the CRM 100.00"
    assert [r.state for r in rows(crm["tenant"], doc["id"])] == ["done", "failed"]


def test_y7_a_difference_in_the_answer_to_a_push_fails_the_sync_on_the_record(
        make_doc, books_api, crm, registry, total_check):
    """The finance application computes the total otherwise (here: the answer says so)."""
    from core.sync.connections import configure, get_connection

    class Otherwise:
        def __init__(self, service):
            self.service = service

        def __getattr__(self, name):
            return getattr(self.service, name)

        def create(self, doc_type, payload):
            return {**self.service.create(doc_type, payload), "total": "100.01"}

    org = get_connection(crm["tenant"], "books").organization_id
    registry.connectors["otherwise"] = ConnectorSpec("otherwise", "Otherwise", lambda s: Otherwise(
        LocalFinance(s["organization_id"], s.get("app"))))
    configure(crm["tenant"], "books", "otherwise", org)
    try:
        doc = make_doc("invoices")
        drain(registry)
        seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    finally:
        configure(crm["tenant"], "books", "local", org)
        del registry.connectors["otherwise"]
    assert seen["sync_status"] == "failed" and seen["finance_id"]  # mapped: a Retry updates it
    assert seen["sync_error"] == "Books computed a total of 100.01, the CRM 100.00"

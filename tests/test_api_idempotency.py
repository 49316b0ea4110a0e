"""Issue 15, finding 11: a retried POST with the same ``Idempotency-Key`` makes no second record
(as Stripe's API): the first answer again with ``Idempotent-Replayed: true``; another body with
the key is a 422 naming the header; the key of a request still running is a 409."""
from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
import requests

from core.crm.models import Account
from core.models import ApiToken, AuditLog, EmailLog, IdempotencyKey, utcnow
from tests.books.context_helpers import create_doc, crm  # noqa: F401  (fixture)
from tests.books.printing_helpers import smtp_server
from tests.live_server import serve


def test_idempotency_retried_create_answers_the_first_result_and_writes_nothing(api, tenant):
    first = api.post("/api/v1/accounts", json={"name": "Once Ltd"}, headers={"Idempotency-Key": "create-1"})
    retry = api.post("/api/v1/accounts", json={"name": "Once Ltd"}, headers={"Idempotency-Key": "create-1"})
    assert first.status_code == retry.status_code == 201
    assert retry.get_json() == first.get_json()
    assert retry.headers["Location"] == first.headers["Location"] and retry.headers["ETag"] == first.headers["ETag"]
    assert retry.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert Account.scoped(tenant).where(Account.name == "Once Ltd").count() == 1


def test_idempotency_same_key_with_another_body_is_422_naming_the_header(api, tenant):
    assert api.post("/api/v1/accounts", json={"name": "A"}, headers={"Idempotency-Key": "k"}).status_code == 201
    other = api.post("/api/v1/accounts", json={"name": "B"}, headers={"Idempotency-Key": "k"})
    assert other.status_code == 422 and list(other.get_json()["errors"]) == ["Idempotency-Key"]
    elsewhere = api.post("/api/v1/contacts", json={"name": "A"}, headers={"Idempotency-Key": "k"})
    assert elsewhere.status_code == 422
    assert Account.scoped(tenant).count() == 1


def test_idempotency_keys_belong_to_one_user_and_expire_after_24_hours(api, api_for, make_user, tenant):
    headers = {"Idempotency-Key": "shared"}
    assert api.post("/api/v1/accounts", json={"name": "Mine"}, headers=headers).status_code == 201
    other = api_for(make_user(tenant)).post("/api/v1/accounts", json={"name": "Mine"}, headers=headers)
    assert other.status_code == 201 and "Idempotent-Replayed" not in other.headers
    IdempotencyKey.update(created_at=utcnow() - dt.timedelta(hours=25)).where(  # a day and an hour later
        IdempotencyKey.tenant == tenant).execute()
    later = api.post("/api/v1/accounts", json={"name": "Another"}, headers=headers)
    assert later.status_code == 201 and "Idempotent-Replayed" not in later.headers
    assert Account.scoped(tenant).count() == 3
    assert IdempotencyKey.select().where(IdempotencyKey.tenant == tenant).count() == 1  # the expired ones went


def test_idempotency_retried_action_runs_once(crm, api_for):
    api = api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    url = f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent"
    first = api.post(url, headers={"Idempotency-Key": "send-1"})
    retry = api.post(url, headers={"Idempotency-Key": "send-1"})
    assert first.status_code == retry.status_code == 200 and retry.get_json() == first.get_json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert AuditLog.select().where((AuditLog.record_id == doc["id"]) & (AuditLog.module == "books/invoices")
                                   & (AuditLog.action == "action:mark_sent")).count() == 1
    assert api.post(url).status_code == 409  # without the key: run again, refused from "sent"


class SlowSmtp:
    """An aiosmtpd handler that holds each message until released."""

    def __init__(self):
        self.entered, self.release, self.messages = threading.Event(), threading.Event(), []

    async def handle_DATA(self, server, session, envelope):
        self.entered.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 20)
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def slow_smtp(app):
    handler = SlowSmtp()
    with smtp_server(app, handler):
        try:
            yield handler
        finally:
            handler.release.set()  # before the server stops: it waits for the message held


def test_idempotency_key_still_in_flight_is_409_against_a_live_server(app, crm, api_for, slow_smtp):
    doc = create_doc(api_for(crm["admin"]), "invoices", account_id=crm["account"].id)
    token = ApiToken.issue(crm["admin"], "live")
    body = {"to": ["ada@acme.example"], "subject": "Your invoice", "body": "Hello"}
    results = []
    with serve(app) as base:
        url = f"{base}/api/v1/books/invoices/{doc['id']}/email"
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "mail-1"}
        first = threading.Thread(target=lambda: results.append(requests.post(url, json=body, headers=headers,
                                                                              timeout=30)))
        first.start()
        assert slow_smtp.entered.wait(20)
        running = requests.post(url, json=body, headers=headers, timeout=30)
        assert running.status_code == 409 and "in progress" in running.json()["error"]
        slow_smtp.release.set()
        first.join(30)
        replayed = requests.post(url, json=body, headers=headers, timeout=30)
    [done] = results
    assert done.status_code == replayed.status_code == 201
    assert replayed.json() == done.json() and replayed.headers["Idempotent-Replayed"] == "true"
    assert len(slow_smtp.messages) == 1
    assert EmailLog.select().where((EmailLog.record_id == doc["id"]) & (EmailLog.module == "books/invoices")).count() == 1


def test_idempotency_concurrent_retries_against_a_live_server_make_one_record(app, tenant, admin):
    tokens = [ApiToken.issue(admin, f"t{i}") for i in range(4)]
    start, results = threading.Barrier(len(tokens)), []
    with serve(app) as base:
        def create(token):
            start.wait()
            results.append(requests.post(f"{base}/api/v1/accounts", json={"name": "Race Ltd"}, timeout=30,
                                         headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "race"}))
        threads = [threading.Thread(target=create, args=(t,)) for t in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert Account.scoped(tenant).where(Account.name == "Race Ltd").count() == 1
    fresh = [r for r in results if r.status_code == 201 and "Idempotent-Replayed" not in r.headers]
    assert len(fresh) == 1
    assert all(r.status_code == 409 or (r.status_code == 201 and r.json() == fresh[0].json()) for r in results)

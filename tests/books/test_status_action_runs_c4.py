"""C4: a plugin's status action says where it runs: kept in the CRM (nothing queued, so Books'
invoice sync never meets an action it does not know), sent as the finance application's call of
another name, or sent as an update of the record. Only an action that moves the status marks
the record as set by hand."""
from __future__ import annotations

import pytest

from core import StatusAction, create_app
from core.db import db
from core.migrations import migrate
from core.models import ApiToken, AuditLog
from core.sync.models import SyncOutbox
from core.tenancy import enable_apps
from core.sync.worker import drain
from tests.books.context_helpers import create_doc, finance, finance_id
from core.testing import ApiClient


@pytest.fixture(scope="module")
def kinds_app(database_url, app):
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                         "PLUGINS": ["tests.fake_plugins.action_kinds"]})
    with second.app_context(), db.connection_context():
        migrate(second.extensions["finsuite"])
    return second


@pytest.fixture
def shop(kinds_app, crm):
    with kinds_app.test_request_context():
        db.connect(reuse_if_open=True)
        enable_apps(kinds_app.extensions["finsuite"], crm["tenant"], ["actionkinds"])
        api = ApiClient(kinds_app.test_client(), ApiToken.issue(crm["admin"], "test"))
        invoice = create_doc(api, "invoices", account_id=crm["account"].id)
        drain(kinds_app.extensions["finsuite"])
        yield {**crm, "api": api, "invoice": invoice, "registry": kinds_app.extensions["finsuite"]}


def _act(shop, key: str) -> dict:
    response = shop["api"].post(f"/api/v1/books/invoices/{shop['invoice']['id']}/actions/{key}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _queued(shop) -> list[str]:
    return [row.operation for row in SyncOutbox.select().where(
        (SyncOutbox.tenant == shop["tenant"]) & (SyncOutbox.record_id == shop["invoice"]["id"])
        & (SyncOutbox.state == "pending"))]


def _in_finance(shop) -> dict:
    return finance(shop["tenant"]).get("invoices", finance_id(shop["tenant"], "books/invoices", shop["invoice"]["id"]))


def test_c4_an_action_kept_in_the_crm_queues_nothing_and_leaves_the_status_to_automations(shop):
    body = _act(shop, "flag_for_review")
    assert _queued(shop) == []
    assert body["status"] == "draft" and body["sync_status"] == "synced"
    record = shop["registry"].modules["books/invoices"].model.get_by_id(shop["invoice"]["id"])
    assert record.status_set_by_user is False  # the deal automations may still move it
    assert AuditLog.select().where((AuditLog.record_id == record.id) & (AuditLog.module == "books/invoices")
                                   & (AuditLog.action == "action:flag_for_review")).exists()
    drain(shop["registry"])
    assert _in_finance(shop)["status"] == "draft"


def test_c4_an_action_sent_as_the_finance_applications_call_of_another_name(shop):
    body = _act(shop, "sent_by_phone")
    assert _queued(shop) == ["action:mark_sent"]
    assert body["status"] == "sent"
    drain(shop["registry"])
    assert _in_finance(shop)["status"] == "sent"
    assert shop["api"].get(f"/api/v1/books/invoices/{shop['invoice']['id']}").get_json()["sync_status"] == "synced"
    record = shop["registry"].modules["books/invoices"].model.get_by_id(shop["invoice"]["id"])
    assert record.status_set_by_user is True


def test_c4_an_action_sent_as_an_update_of_the_record(shop):
    _act(shop, "phoned")
    assert _queued(shop) == ["push"]
    drain(shop["registry"])
    assert _in_finance(shop)["reference_number"] == "Confirmed by phone"


@pytest.mark.parametrize("fields, error", [
    ({"runs": "books"}, "runs='books', not one of finance, push, crm"),
    ({"runs": "crm", "finance_call": "mark_sent"}, "finance_call is for runs='finance'"),
])
def test_c4_a_mistaken_declaration_is_refused_with_the_reason(fields, error):
    with pytest.raises(ValueError, match=error.replace("(", r"\(")):
        StatusAction(key="x", label="X", run=lambda r, u: None, **fields)

"""S1 status actions: cancel now, cancel at the end of the term, reactivate; each only from the
states where it applies (409 with the current status otherwise), synced to the finance
application, audited; the finance side's own moves (billing, expiry) come back with the pull."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from core.finance.local.models import Subscription as FinanceSubscription
from core.models import AuditLog, utcnow
from core.sync.jobs import pull
from core.sync.worker import drain
from core.testing import csrf_from
from tests.subscriptions.helpers import TODAY, URL, bill, create_sub, finance, finance_id

MODULE = "subscriptions/subscriptions"
#: docs/sync.md "Statuses and actions", written out here so the plugin cannot grade itself
STATUSES = {"live", "trial", "non_renewing", "cancelled", "expired"}
ACTIONS = {"cancel": ({"live", "trial", "non_renewing"}, "cancelled"),
           "cancel_at_end": ({"live", "trial"}, "non_renewing"),
           "reactivate": ({"cancelled", "non_renewing"}, "live")}


def _expire(tenant, sub_id):
    """The finance side ends the subscription (its term is over)."""
    FinanceSubscription.update(status="expired", last_modified_time=utcnow()).where(
        FinanceSubscription.id == int(finance_id(tenant, MODULE, sub_id))).execute()


#: how a subscription reaches each status: trial days, our actions, the finance side's moves
ROUTES = {"live": [], "trial": [], "non_renewing": ["cancel_at_end"], "cancelled": ["cancel"],
          "expired": [_expire]}
CASES = [(status, action) for status in sorted(STATUSES) for action in sorted(ACTIONS)]


def _audit(tenant, record_id: int) -> list:
    return list(AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == MODULE)
                                        & (AuditLog.record_id == record_id)).order_by(AuditLog.id))


def _reach(api, registry, tenant, sub_id: int, status: str) -> None:
    for step in ROUTES[status]:
        if isinstance(step, str):
            assert api.post(f"{URL}/{sub_id}/actions/{step}").status_code == 200, step
            drain(registry)
        else:
            step(tenant, sub_id)
            pull(registry, tenant)
    assert api.get(f"{URL}/{sub_id}").get_json()["status"] == status


def test_s1_routes_cover_every_status():
    assert set(ROUTES) == STATUSES


@pytest.mark.parametrize("status, action", CASES)
def test_s1_every_allowed_and_every_refused_action(status, action, crm, subs_api, registry):
    tenant = crm["tenant"]
    sub = create_sub(subs_api, account_id=crm["account"].id, **({"trial_days": 30} if status == "trial" else {}))
    drain(registry)
    _reach(subs_api, registry, tenant, sub["id"], status)
    offered = {a["key"] for a in subs_api.get(f"{URL}/{sub['id']}/actions").get_json()}
    assert offered == {a for a, (sources, _) in ACTIONS.items() if status in sources}
    logged = len(_audit(tenant, sub["id"]))
    response = subs_api.post(f"{URL}/{sub['id']}/actions/{action}")
    sources, target = ACTIONS[action]
    if status in sources:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == target
        entry = _audit(tenant, sub["id"])[-1]
        assert (entry.action, json.loads(entry.changes)) == (f"action:{action}", {"status": [status, target]})
        drain(registry)
        seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
        assert (seen["status"], seen["sync_status"]) == (target, "synced"), seen.get("sync_error")
        assert finance(tenant).get("subscriptions", seen["finance_id"])["status"] == target
    else:
        assert response.status_code == 409
        error = response.get_json()["error"]  # what happened: the action that led here and who, or the status
        assert response.get_json()["status"] == status
        assert status.replace("_", " ") in error.lower() or re.fullmatch(
            r"This subscription was already [a-z ]+ by \S+ at .+\.", error), error
        assert subs_api.get(f"{URL}/{sub['id']}").get_json()["status"] == status
        assert len(_audit(tenant, sub["id"])) == logged
        assert finance(tenant).get("subscriptions", finance_id(tenant, MODULE, sub["id"]))["status"] == status


def test_s1_cancelled_now_has_no_next_billing_date(crm, subs_api, registry):
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    assert subs_api.get(f"{URL}/{sub['id']}").get_json()["next_billing_at"] is not None
    assert subs_api.post(f"{URL}/{sub['id']}/actions/cancel").get_json()["next_billing_at"] is None
    drain(registry)
    seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
    assert (seen["status"], seen["next_billing_at"]) == ("cancelled", None)


def test_s1_action_buttons_on_the_subscription_page(crm, subs_api, client_for, registry):
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    web = client_for(crm["admin"])
    page = web.get(f"/m/{MODULE}/{sub['id']}").get_data(as_text=True)
    assert 'data-action="cancel_at_end"' in page and 'data-action="cancel"' in page
    assert 'data-action="reactivate"' not in page and "Cancel at end of term" in page
    web.post(f"/m/{MODULE}/{sub['id']}/actions/cancel_at_end", data={"csrf_token": csrf_from(page)})
    after = web.get(f"/m/{MODULE}/{sub['id']}").get_data(as_text=True)
    assert "Non-renewing" in after and 'data-action="reactivate"' in after
    assert 'data-action="cancel_at_end"' not in after


def test_s1_billing_in_the_finance_application_comes_back_with_the_pull(crm, subs_api, registry):
    """A trial whose trial days are over is billed: live, and billed again a month later."""
    tenant = crm["tenant"]
    start = TODAY - dt.timedelta(days=10)
    sub = create_sub(subs_api, account_id=crm["account"].id, starts_at=start.isoformat(), trial_days=1)
    drain(registry)
    trial = subs_api.get(f"{URL}/{sub['id']}").get_json()
    assert (trial["status"], trial["next_billing_at"]) == ("trial", (start + dt.timedelta(days=1)).isoformat())
    bill(tenant, sub["id"])
    pull(registry, tenant)
    seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
    remote = finance(tenant).get("subscriptions", seen["finance_id"])
    assert (seen["status"], seen["next_billing_at"]) == ("live", remote["next_billing_at"])
    assert seen["next_billing_at"] > TODAY.isoformat()
    assert [e.action for e in _audit(tenant, sub["id"])] == ["create"]  # news, not a user's change


def test_s1_a_synced_subscription_is_cancelled_not_deleted(crm, subs_api, client_for, registry):
    """Deleting a subscription the finance application knows would leave it billing there."""
    draft = create_sub(subs_api, account_id=crm["account"].id)
    assert subs_api.delete(f"{URL}/{draft['id']}").status_code == 204
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    assert subs_api.delete(f"{URL}/{sub['id']}").status_code == 403
    page = client_for(crm["admin"]).get(f"/m/{MODULE}/{sub['id']}").get_data(as_text=True)
    assert f"/m/{MODULE}/{sub['id']}/delete" not in page and f"/m/{MODULE}/{sub['id']}/edit" in page
    assert subs_api.get(f"{URL}/{sub['id']}").status_code == 200


def test_s1_a_subscription_whose_create_answer_was_lost_is_deleted_there_too(crm, subs_api, registry):
    """Not numbered here, so deletable; the copy the finance application made is found by our
    id and deleted (Y1 deletions)."""
    from core.sync.models import SyncMapping
    from plugins.subscriptions.models import Subscription
    tenant = crm["tenant"]
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    remote_id = finance_id(tenant, MODULE, sub["id"])
    Subscription.update(number="").where(Subscription.id == sub["id"]).execute()  # the answer never came
    SyncMapping.delete().where((SyncMapping.tenant == tenant) & (SyncMapping.finance_id == remote_id)
                               & (SyncMapping.module == MODULE)).execute()
    assert subs_api.delete(f"{URL}/{sub['id']}").status_code == 204
    drain(registry)
    assert finance(tenant).get("subscriptions", remote_id) is None

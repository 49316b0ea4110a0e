"""Y7, property-based: whatever the interleaving of a user's saves and status actions, the
worker's partial runs, answers lost after the finance side did the work (or calls that never
arrived) and pulls on one record, once the outbox is drained both sides hold the user's last
word: the last status an action led to and the last text saved, here and in the finance
application, with nothing failed."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sync.jobs import pull
from core.sync.models import SyncOutbox
from core.sync.worker import claim, drain, process_batch
from tests.books.context_helpers import finance
from tests.books.test_status_actions import BOOKS_ACTIONS
from tests.books.test_sync_last_word import faulty  # noqa: F401  (fixture)
from tests.sync_helpers import make_due

KINDS = ("salesorders", "purchaseorders", "invoices", "estimates")
STEPS = st.lists(st.one_of(
    st.tuples(st.just("save"), st.text(alphabet="abc", min_size=1, max_size=3)),
    st.tuples(st.just("act"), st.integers(0, 3)),
    st.tuples(st.just("work"), st.integers(1, 3)),
    st.tuples(st.just("lose"), st.sampled_from(["create", "update", "action", "get"]),
              st.sampled_from(["before", "after"])),
    st.tuples(st.just("pull")),
    st.tuples(st.just("due")),
), min_size=1, max_size=14)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(KINDS), steps=STEPS)
def test_y7_any_interleaving_ends_with_the_users_last_word_on_both_sides(
        kind, steps, crm, make_doc, books_api, registry, faulty):
    SyncOutbox.delete().execute()
    faulty.clear()
    tenant = crm["tenant"]
    doc = make_doc(kind)
    url = f"/api/v1/books/{kind}/{doc['id']}"
    status, notes = doc["status"], doc["notes"]
    for step in steps:
        if step[0] == "save" and status == "draft":
            response = books_api.patch(url, json={"notes": step[1]})
            assert response.status_code == 200, response.get_json()
            notes = step[1]
        elif step[0] == "act":
            offered = [a["key"] for a in books_api.get(f"{url}/actions").get_json()
                       if a["key"] in BOOKS_ACTIONS]  # Books' own (not another plugin's, as Record payment)
            if offered:
                response = books_api.post(f"{url}/actions/{offered[step[1] % len(offered)]}")
                assert response.status_code == 200, response.get_json()
                status = response.get_json()["status"]
        elif step[0] == "work":
            process_batch(registry, claim(step[1]))
        elif step[0] == "lose":
            faulty.append(step[1:])
        elif step[0] == "pull":
            pull(registry, tenant)
        elif step[0] == "due":
            make_due(tenant)
    faulty.clear()
    for _ in range(10):
        make_due(tenant)
        if not drain(registry):
            break
    pull(registry, tenant)
    rows = list(SyncOutbox.select().where(SyncOutbox.tenant == tenant))
    assert [(r.operation, r.last_error) for r in rows if r.state != "done"] == []
    seen = books_api.get(url).get_json()
    assert (seen["status"], seen["notes"], seen["sync_status"]) == (status, notes, "synced")
    remote = finance(tenant).get(kind, seen["finance_id"])
    assert (remote["status"], remote["notes"], remote["total"]) == (status, notes, seen["total"])

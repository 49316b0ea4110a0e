"""C8 (issue 15, finding 10): no lost update between users over the API. One record's GET, POST
and PATCH answer a strong ETag; PATCH, DELETE and actions honour If-Match (412 when stale, with
who changed what); two saves of one version at once against a live server: exactly one wins."""
from __future__ import annotations

import threading

import requests

from core.models import ApiToken
from core.sync.worker import drain
from tests.books.context_helpers import create_doc, crm  # noqa: F401  (fixture)
from tests.live_server import serve


def _invoice(api, crm):
    return create_doc(api, "invoices", account_id=crm["account"].id, notes="first words")


def test_c8_one_record_answers_its_version_as_a_strong_etag(crm, api_for):
    api = api_for(crm["admin"])
    created = api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "date": "2026-11-20",
                                                       "line_items": [{"name": "A", "quantity": "1", "rate": "5"}]})
    assert created.status_code == 201 and created.headers["ETag"] == '"1"'
    url = f"/api/v1/books/invoices/{created.get_json()['id']}"
    assert api.get(url).headers["ETag"] == '"1"'
    patched = api.patch(url, json={"notes": "second"}, headers={"If-Match": '"1"'})
    assert patched.status_code == 200 and patched.headers["ETag"] == '"2"'
    assert api.get(url).headers["ETag"] == '"2"'


def test_c8_lost_update_stale_if_match_is_412_naming_who_changed_which_field(crm, api_for, make_user):
    alice, bob = crm["admin"], make_user(crm["tenant"])
    alice.name = "Alice Martin"
    alice.save()
    doc = _invoice(api_for(alice), crm)
    url = f"/api/v1/books/invoices/{doc['id']}"
    seen = api_for(bob).get(url).headers["ETag"]
    assert api_for(alice).patch(url, json={"notes": "Alice's terms"}, headers={"If-Match": seen}).status_code == 200

    stale = api_for(bob).patch(url, json={"notes": "Bob's terms"}, headers={"If-Match": seen})
    assert stale.status_code == 412
    assert stale.headers["ETag"] == '"2"' and stale.content_type == "application/json"
    body = stale.get_json()
    assert "If-Match" in body["error"]
    [change] = body["changes"]
    assert change["user"] == "Alice Martin" and change["fields"] == {"notes": "Alice's terms"}
    assert api_for(bob).get(url).get_json()["notes"] == "Alice's terms"  # nothing overwritten

    again = api_for(bob).patch(url, json={"notes": "Bob's terms"}, headers={"If-Match": '"2"'})
    assert again.status_code == 200 and again.get_json()["notes"] == "Bob's terms"


def test_c8_if_match_star_or_absent_writes_as_before_and_a_weak_tag_never_matches(crm, api_for):
    api = api_for(crm["admin"])
    url = f"/api/v1/books/invoices/{_invoice(api, crm)['id']}"
    assert api.patch(url, json={"notes": "any"}, headers={"If-Match": "*"}).status_code == 200
    assert api.patch(url, json={"notes": "none"}).status_code == 200
    assert api.patch(url, json={"notes": "weak"}, headers={"If-Match": 'W/"3"'}).status_code == 412
    assert api.patch(url, json={"notes": "list"}, headers={"If-Match": '"1", "3"'}).status_code == 200


def test_c8_stale_delete_and_stale_action_are_412_and_change_nothing(crm, api_for):
    api = api_for(crm["admin"])
    doc = _invoice(api, crm)
    url = f"/api/v1/books/invoices/{doc['id']}"
    assert api.patch(url, json={"notes": "moved on"}).status_code == 200
    assert api.delete(url, headers={"If-Match": '"1"'}).status_code == 412
    refused = api.post(f"{url}/actions/mark_sent", headers={"If-Match": '"1"'})
    assert refused.status_code == 412 and api.get(url).get_json()["status"] == "draft"
    sent = api.post(f"{url}/actions/mark_sent", headers={"If-Match": '"2"'})
    assert sent.status_code == 200 and sent.headers["ETag"] == '"3"'


def test_c8_finance_answer_of_number_and_status_is_not_blocked_and_keeps_a_client_current(crm, api_for, registry):
    """The sync writes its answer (number, status) whatever the versions; a save cannot
    overwrite those fields, so a client that read the record before the answer is not stale."""
    api = api_for(crm["admin"])
    doc = _invoice(api, crm)
    url = f"/api/v1/books/invoices/{doc['id']}"
    drain(registry)
    after = api.get(url)
    assert after.get_json()["number"] and after.get_json()["sync_status"] == "synced"
    assert api.patch(url, json={"notes": "after the answer"}, headers={"If-Match": '"1"'}).status_code == 200


def test_c8_two_concurrent_patches_against_a_live_server_exactly_one_wins(app, crm, api_for):
    api = api_for(crm["admin"])
    doc = _invoice(api, crm)
    tokens = [ApiToken.issue(crm["admin"], f"t{i}") for i in range(4)]
    results, start = [], threading.Barrier(len(tokens))
    with serve(app) as base:
        def save(token, i):
            start.wait()
            response = requests.patch(f"{base}/api/v1/books/invoices/{doc['id']}", json={"notes": f"writer {i}"},
                                      headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'}, timeout=30)
            results.append((response.status_code, i))
        threads = [threading.Thread(target=save, args=(token, i)) for i, token in enumerate(tokens)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    codes = sorted(code for code, _ in results)
    assert codes == [200, 412, 412, 412]
    [winner] = [i for code, i in results if code == 200]
    current = api.get(f"/api/v1/books/invoices/{doc['id']}")
    assert current.get_json()["notes"] == f"writer {winner}" and current.headers["ETag"] == '"2"'


def test_c8_openapi_documents_etag_if_match_412_and_idempotency_key(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    item, collection = document["paths"]["/api/v1/books/invoices/{id}"], document["paths"]["/api/v1/books/invoices"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    assert "ETag" in collection["post"]["responses"]["201"]["headers"]
    for operation in (item["patch"], item["delete"],
                      document["paths"]["/api/v1/books/invoices/{id}/actions/{action}"]["post"]):
        assert "If-Match" in [p["name"] for p in operation["parameters"] if p["in"] == "header"]
        assert operation["responses"]["412"]["$ref"] == "#/components/responses/PreconditionFailed"
    for path, operations in document["paths"].items():
        if "post" in operations:
            assert "Idempotency-Key" in [p["name"] for p in operations["post"]["parameters"]], path

"""C6: the served OpenAPI document and the API's behaviour agree (schemathesis, every operation).

A real Bearer token of a tenant with every app enabled and some records; schemathesis generates
requests from ``/api/v1/openapi.json`` and checks each answer's status code, content type, headers
and body against the document, that no answer is a server error, that what the document forbids
is refused (out-of-range ``page``, a missing required field, no token) and that a method the
document does not list is a 405 whose ``Allow`` says what is. Any failure fails the test, with
the failures printed (and a curl command to reproduce each).
"""
from __future__ import annotations

import os

import schemathesis
from schemathesis.engine import events

from core.models import ApiToken
from tests.live_server import serve

#: small enough that the whole run stays well under three minutes on 2 cores
MAX_EXAMPLES = int(os.environ.get("FINSUITE_CONTRACT_EXAMPLES", "5"))
#: the checks of one request's answer. Not ``positive_data_acceptance``: a reference (``account_id``)
#: must name a record of the tenant, which no schema can say; nor the stateful checks (no links)
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "response_headers_conformance", "negative_data_rejection",
          "missing_required_header", "ignored_auth", "unsupported_method", "allow_header_conformance")


def _records(api) -> None:
    """A few records in each app, so that lists and related lists answer real rows."""
    def post(url: str, body: dict) -> dict:
        response = api.post(f"/api/v1/{url}", json=body)
        assert response.status_code == 201, (url, response.get_json())
        return response.get_json()

    account = post("accounts", {"name": "Acme", "city": "Paris"})
    contact = post("contacts", {"last_name": "Doe", "account_id": account["id"]})
    post("vendors", {"name": "Supplies Inc"})
    post("deals", {"name": "Big deal", "amount": "59.97", "account_id": account["id"]})
    product = post("products", {"name": "Widget", "unit_price": "10.00"})
    lines = [{"product_id": product["id"], "quantity": "3"}]
    for kind in ("books/invoices", "books/estimates", "books/salesorders", "invoice/invoices"):
        post(kind, {"account_id": account["id"], "contact_id": contact["id"], "line_items": lines})
    expense = post("expense/expenses", {"date": "2026-05-04", "category": "Meals", "amount": "40.00",
                                        "merchant": "Bistro"})
    post("expense/reports", {"title": "Trip", "start_date": "2026-05-01", "end_date": "2026-05-07",
                             "expense_ids": [expense["id"]]})
    post("subscriptions/subscriptions", {
        "account_id": account["id"], "plan_code": "PRO-M", "plan_name": "Pro", "quantity": "3", "price": "19.90",
        "interval": 1, "interval_unit": "months", "starts_at": "2026-01-01"})


def test_c6_openapi_document_and_api_agree(app, api, admin):
    _records(api)
    token = ApiToken.issue(admin, "contract")
    config = schemathesis.Config.from_dict({
        "seed": 15, "headers": {"Authorization": f"Bearer {token}"},
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "phases": {"stateful": {"enabled": False}},
    })
    with serve(app) as base_url:  # real HTTP: what a client sees, redirects and all
        failures = _run(schemathesis.openapi.from_url(f"{base_url}/api/v1/openapi.json", config=config))
    assert not failures, f"{len(failures)} contract failures:\n\n" + "\n\n".join(failures)


def _run(schema) -> list[str]:
    """Every distinct failed check (with a curl command to reproduce it) and every error."""
    found: dict[tuple, str] = {}
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
            for checks in event.recorder.checks.values():
                for check in checks:
                    info = check.failure_info
                    if info is not None:
                        failure = info.failure
                        key = (failure.operation, failure.title, failure.message)
                        found.setdefault(key, f"{failure.operation}: {failure.title}\n{failure.message}\n"
                                              f"{info.code_sample}")
        elif isinstance(event, events.NonFatalError):
            found.setdefault(("error", event.label, str(event.value)), f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:
                found.setdefault((failure.operation, failure.title, failure.message), str(failure))
    return list(found.values())

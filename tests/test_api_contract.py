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
import subprocess
import sys

from core.db import is_postgres
from core.models import ApiToken
from tests.books.printing_helpers import smtp  # noqa: F401  (fixture: the e-mail endpoints send for real)
from tests.live_server import serve

#: small enough that the whole run stays under three minutes on 2 cores
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


#: every phase but the stateful one (no links). The coverage phase (every boundary the document
#: defines, three quarters of the time) checks what does not depend on the database; on
#: PostgreSQL the fuzzing phase looks for what only that database refuses (a NUL in a search)
PHASES, PHASES_POSTGRESQL = "examples,coverage,fuzzing", "examples,fuzzing"
#: the operations, in two halves run side by side (two processes: the machine's two cores); the
#: server answers from this process
HALVES = (r"^/api/v1/(books|invoice)/", r"^/api/v1/(?!books/|invoice/)")


def test_c6_openapi_document_and_api_agree(app, api, admin, smtp, tmp_path):
    _records(api)
    token = ApiToken.issue(admin, "contract")
    with serve(app) as base_url:  # real HTTP: what a client sees, redirects and all
        runs = [subprocess.Popen(_command(base_url, token, half), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"}) for half in HALVES]
        outputs = [run.communicate(timeout=600)[0] for run in runs]
    failed = [output for run, output in zip(runs, outputs) if run.returncode != 0]
    assert not failed, "contract failures (each with a curl command to reproduce it):\n\n" + "\n\n".join(failed)
    print("\n\n".join(outputs))


def _command(base_url: str, token: str, paths: str) -> list[str]:
    """``schemathesis run`` of the operations whose path matches ``paths``: the :data:`PHASES`,
    the :data:`CHECKS`, a fixed seed (the same cases every run)."""
    return [sys.executable, "-m", "schemathesis.cli", "run", f"{base_url}/api/v1/openapi.json",
            "--header", f"Authorization: Bearer {token}", "--checks", ",".join(CHECKS),
            "--phases", PHASES_POSTGRESQL if is_postgres() else PHASES, "--max-examples", str(MAX_EXAMPLES), "--seed", "15",
            "--generation-database", "none", "--include-path-regex", paths, "--no-color", "--wait-for-schema", "10"]

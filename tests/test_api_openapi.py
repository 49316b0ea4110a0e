"""C6: the application serves an OpenAPI 3 document generated from the modules' schemas."""
from __future__ import annotations

import re

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def _document(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_c6_openapi_document_is_structurally_valid(app):
    doc = _document(app)
    assert re.fullmatch(r"3\.0\.\d+", doc["openapi"])
    assert doc["info"]["title"] and doc["info"]["version"]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert doc["security"] == [{"bearerAuth": []}]
    assert doc["paths"]["/api/v1/openapi.json"]["get"]["security"] == []
    operation_ids = []
    for path, item in doc["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in item.items():
            assert method in HTTP_METHODS, (path, method)
            assert operation["responses"], (path, method)
            operation_ids.append(operation["operationId"])
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), (path, method)
    assert len(operation_ids) == len(set(operation_ids)), "operationIds are unique"
    # every $ref points at something the document defines
    for ref in set(_refs(doc)):
        _, section, kind, name = ref.split("/")
        assert name in doc[section][kind], ref


def test_c6_every_module_has_its_paths_and_schema(app, registry):
    doc = _document(app)
    schemas = doc["components"]["schemas"]
    for module in registry.modules.values():
        base = f"/api/v1/{module.name}"
        assert {"get", "post"} <= set(doc["paths"][base]) or module.read_only, module.name
        assert {"get", "patch", "delete"} <= set(doc["paths"][f"{base}/{{id}}"]) or module.read_only
        for suffix in ("related", "strips", "actions"):
            assert "get" in doc["paths"][f"{base}/{{id}}/{suffix}"], (module.name, suffix)
        assert "post" in doc["paths"][f"{base}/{{id}}/actions/{{action}}"]
        ref = doc["paths"][f"{base}/{{id}}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        schema = schemas[ref.rsplit("/", 1)[1]]
        assert set(module.schema().fields) <= set(schema["properties"]), module.name


def test_c6_openapi_crm_schemas_have_their_fields(app):
    schemas = _document(app)["components"]["schemas"]
    assert schemas["Account"]["required"] == ["name"]
    assert schemas["Contact"]["properties"]["account_id"]["type"] == "integer"
    amount = schemas["Deal"]["properties"]["amount"]
    assert (amount["type"], amount["format"]) == ("string", "decimal"), "amounts are decimal strings"
    assert "Closed Won" in schemas["Deal"]["properties"]["stage"]["enum"]
    assert schemas["Product"]["properties"]["unit_price"]["type"] == "string"
    assert schemas["Account"]["properties"]["id"]["readOnly"] is True
    errors = schemas["ValidationErrors"]["properties"]["errors"]
    assert errors["additionalProperties"] == {"type": "array", "items": {"type": "string"}}
    deals = _document(app)["paths"]["/api/v1/deals"]
    assert "422" in deals["post"]["responses"] and "401" in deals["get"]["responses"]
    assert {p["name"] for p in deals["get"]["parameters"]} >= {"page", "per_page", "q", "sort", "account_id", "stage"}


def test_c6_openapi_is_built_once_per_application(app, registry):
    from core.api.openapi import openapi_document
    assert openapi_document(registry) is openapi_document(registry)
    assert _document(app) == _document(app)


def test_b7_b8_openapi_documents_pdf_and_email_of_books_documents(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    assert "application/pdf" in paths["/api/v1/books/invoices/{id}/pdf"]["get"]["responses"]["200"]["content"]
    email = paths["/api/v1/books/invoices/{id}/email"]["post"]
    assert {"to", "subject"} <= set(email["requestBody"]["content"]["application/json"]["schema"]["required"])
    assert "/api/v1/accounts/{id}/pdf" not in paths  # only modules that print


def test_e1_openapi_documents_the_receipt_upload(app):
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    receipt = paths["/api/v1/expense/expenses/{id}/files/receipt"]
    assert "multipart/form-data" in receipt["put"]["requestBody"]["content"] and "get" in receipt


def test_c6_moments_are_rfc3339_with_a_utc_offset(api):
    """``format: date-time`` means RFC 3339: a timestamp without an offset is not one."""
    account = api.post("/api/v1/accounts", json={"name": "When"}).get_json()
    listed = api.get("/api/v1/accounts").get_json()["data"][0]
    for moment in (account["created_at"], account["updated_at"], listed["created_at"]):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", moment), moment


def test_c6_fields_that_answer_null_are_declared_nullable(api, app):
    """A read-only field whose column may be empty (an expense outside any report) says so."""
    expense = api.post("/api/v1/expense/expenses", json={
        "date": "2026-05-04", "category": "Meals", "amount": "40.00", "merchant": "Bistro"}).get_json()
    assert expense["report_id"] is None
    schemas = _document(app)["components"]["schemas"]
    assert schemas["ExpenseExpense"]["properties"]["report_id"]["nullable"] is True
    assert schemas["SubscriptionsSubscription"]["properties"]["next_billing_at"]["nullable"] is True
    assert "nullable" not in schemas["Account"]["properties"]["name"]

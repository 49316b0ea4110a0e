"""finance-serve's translation between Zoho's documented shapes and the embedded store: what a
request may carry (Books v3's published request schemas; what Zoho ignores is ignored, what it
requires is required), our id kept in the custom field ``cf_finsuite_crm_id`` (the store's
``crm_id``), and records in Zoho's shape (``custom_fields``, no ``crm_id``). docs/finance-serve.md
"What Zoho documents"."""
from __future__ import annotations

from .local import validate as v

#: the stand-in organisation's custom field with unique values, on every module
CRM_FIELD = "cf_finsuite_crm_id"
CRM_FIELD_LABEL = "Finsuite CRM id"
_MODULES = ("contacts", "items", "invoices", "estimates", "salesorders", "purchaseorders", "payments",
            "bills", "expenses", "expense_reports", "packages", "subscriptions")
#: its ``customfield_id`` on each module (Zoho gives every module's field its own id)
CRM_FIELD_IDS = {doc_type: str(460000000090001 + i) for i, doc_type in enumerate(_MODULES)}

#: APIs whose requests follow Books v3's published documents (Invoice v3 and Inventory v1 serve
#: the same resources; assumed alike). Expense v1 and Billing v1: no published documents here,
#: every field the store reads is taken (our id only through the custom field).
BOOKS_APIS = ("books", "invoice", "inventory")

_DOCUMENT = {"date", "reference_number", "notes", "line_items", "custom_fields", "discount",
             "is_discount_before_tax"}
#: resource -> the documented request fields the store reads (anything else is ignored)
DOCUMENTED = {
    "contacts": {"contact_name", "company_name", "contact_type", "website", "billing_address", "contact_persons",
                 "custom_fields"},
    "items": {"name", "rate", "description", "sku", "tax_percentage", "custom_fields"},
    "invoices": _DOCUMENT | {"customer_id", "due_date", "discount_type", "invoiced_estimate_id"},
    "estimates": _DOCUMENT | {"customer_id", "expiry_date", "discount_type"},
    "salesorders": _DOCUMENT | {"customer_id", "shipment_date", "discount_type"},
    "purchaseorders": _DOCUMENT | {"vendor_id", "delivery_date"},  # no discount_type documented
    "customerpayments": {"customer_id", "payment_mode", "amount", "date", "reference_number", "description",
                         "invoices", "invoice_id", "amount_applied", "custom_fields", "bank_charges", "exchange_rate",
                         "account_id"},
}
_LINE = {"item_id", "name", "description", "quantity", "rate", "tax_id"}
#: resource -> the documented fields of a line: invoice and estimate lines take ``tax_id`` and
#: ``tax_percentage``, order lines ``tax_id`` only (their ``tax_percentage`` is ignored, as Zoho
#: ignores it); purchase orders' lines have no discount
LINE_FIELDS = {"invoices": _LINE | {"discount", "tax_percentage"}, "estimates": _LINE | {"discount", "tax_percentage"},
               "salesorders": _LINE | {"discount"}, "purchaseorders": set(_LINE)}
#: a contact person's documented fields the store keeps (``contact_person_id`` on update only)
PERSON_FIELDS = {"contact_person_id", "first_name", "last_name", "email", "phone", "mobile", "is_primary_contact"}
#: resource -> fields required on create and on update (the request schemas' ``required``)
REQUIRED = {"contacts": ("contact_name",), "items": ("name", "rate"), "invoices": ("customer_id", "line_items"),
            "estimates": ("customer_id", "line_items"), "salesorders": ("customer_id",),
            "purchaseorders": ("vendor_id", "line_items"), "customerpayments": ("customer_id", "amount", "invoices")}
#: resource -> the documented list filters served (besides page and per_page); unknown filters
#: are ignored
_CUSTOM = ("custom_field", "custom_field_startswith", "custom_field_contains")
LIST_FILTERS = {
    "contacts": ("contact_type", "zcrm_contact_id", "zcrm_account_id", "zcrm_vendor_id"),
    "invoices": ("status", "customer_id") + _CUSTOM, "estimates": ("status", "customer_id") + _CUSTOM,
    "salesorders": ("status", "customer_id"), "purchaseorders": ("status", "vendor_id") + _CUSTOM,
    "customerpayments": ("customer_id",), "packages": ("salesorder_id",),
}
#: lists with the documented ``last_modified_time`` filter ("Search invoices modified after a
#: specific time"), and those that sort by ``sort_column=last_modified_time`` (contacts.yml,
#: sales-order.yml). ``sort_order`` is no documented request parameter: every list comes newest
#: first (page_context ``sort_order: D``, as the documents' examples)
MODIFIED_FILTER = ("invoices", "salesorders", "purchaseorders")
SORT_BY_MODIFIED = ("contacts", "salesorders")
#: lists whose documented entries carry no custom fields
NO_CUSTOM_FIELDS_IN_LIST = ("contacts", "estimates")
#: what the embedded application answers that no Zoho document has: left out of Zoho's shape
NOT_ZOHO = ("open_salesorder_quantity",)
#: the APIs whose list entries follow LIST_FIELDS (Books' documents; Invoice and Inventory take
#: the same shapes); Billing's and Expense's lists answer the whole record
LISTS_OF = ("books", "invoice", "inventory")
#: what a list entry carries, as the list responses of Zoho Books' documents show it (contacts.yml,
#: items.yml, invoices.yml, estimates.yml, sales-order.yml, purchase-order.yml): a list is no
#: shortcut to what only a record's own answer gives (an item's stock, a contact's payables, a
#: document's lines). Lists of other resources answer the whole record (not documented here).
LIST_FIELDS = {
    "contacts": ("contact_id", "contact_name", "company_name", "contact_type", "status", "email", "phone",
                 "mobile", "first_name", "last_name", "outstanding_receivable_amount",
                 "unused_credits_receivable_amount", "payment_terms", "currency_code", "created_time",
                 "last_modified_time"),
    "items": ("item_id", "name", "sku", "rate", "description", "status", "tax_id", "tax_name", "tax_percentage",
              "product_type", "unit", "custom_fields"),
    "invoices": ("invoice_id", "invoice_number", "status", "customer_id", "customer_name", "date", "due_date",
                 "reference_number", "total", "balance", "custom_fields", "created_time", "last_modified_time"),
    "estimates": ("estimate_id", "estimate_number", "status", "customer_id", "customer_name", "date", "expiry_date",
                  "reference_number", "total", "created_time", "last_modified_time"),
    "salesorders": ("salesorder_id", "salesorder_number", "status", "customer_id", "customer_name", "date",
                    "shipment_date", "reference_number", "sub_total", "total", "custom_fields", "created_time",
                    "last_modified_time"),
    "purchaseorders": ("purchaseorder_id", "purchaseorder_number", "status", "vendor_id", "vendor_name", "date",
                       "delivery_date", "reference_number", "total", "custom_fields", "created_time",
                       "last_modified_time"),
}
#: filters of the lists of Expense v1 and Billing v1 (assumed)
OTHER_FILTERS = ("status", "customer_id")


def custom_fields(doc_type: str, value) -> list[dict]:
    """A record's ``custom_fields`` as Zoho answers them (``customfield_id``, ``index``, ``label``,
    ``api_name``, ``value``)."""
    if not value:
        return []
    return [{"customfield_id": CRM_FIELD_IDS.get(doc_type, CRM_FIELD_IDS["contacts"]), "index": 1,
             "label": CRM_FIELD_LABEL, "api_name": CRM_FIELD, "data_type": "string", "value": value}]


def crm_value(doc_type: str, entries) -> str | None:
    """Our id in a request's ``custom_fields``: the entry naming the field by ``api_name``, by
    ``customfield_id`` or by ``index`` (contacts and estimates are documented with an index)."""
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        if (entry.get("api_name") == CRM_FIELD or str(entry.get("customfield_id")) == CRM_FIELD_IDS.get(doc_type)
                or entry.get("index") == 1 or entry.get("label") == CRM_FIELD_LABEL):
            value = entry.get("value")
            return str(value).strip() if value not in (None, "") else None
    return None


def incoming(api: str, resource, body: dict) -> dict:
    """The request body as the store reads it: undocumented fields dropped (a top-level
    ``crm_id`` among them), our id from the custom field, required fields checked."""
    key = resource.plural if api in BOOKS_APIS else None
    allowed = DOCUMENTED.get(key)
    out = {name: value for name, value in body.items()
           if name not in ("crm_id", "custom_fields") and (allowed is None or name in allowed)}
    lines = out.get("line_items")
    if key in LINE_FIELDS and isinstance(lines, list):
        keep = LINE_FIELDS[key]
        out["line_items"] = [{k: x for k, x in line.items() if k in keep} if isinstance(line, dict) else line
                             for line in lines]
    people = out.get("contact_persons")
    if key == "contacts" and isinstance(people, list):
        out["contact_persons"] = [{k: x for k, x in p.items() if k in PERSON_FIELDS} if isinstance(p, dict) else p
                                  for p in people]
    if key == "customerpayments":
        out = _applied(out)
    if "invoiced_estimate_id" in out:  # the store's name of the estimate an invoice is made from
        out["estimate_id"] = out.pop("invoiced_estimate_id")
    value = crm_value(resource.doc_type, body.get("custom_fields"))
    if value is not None:
        out["crm_id"] = value
    for name in REQUIRED.get(key, ()):
        if out.get(name) in (None, "", []):
            raise v.reject(f"{name} is required")
    return out


def _applied(body: dict) -> dict:
    """A payment's ``invoices``; the documented top-level ``invoice_id`` and ``amount_applied``
    name one invoice."""
    body = dict(body)
    invoice_id, amount = body.pop("invoice_id", None), body.pop("amount_applied", None)
    if not body.get("invoices") and invoice_id:
        body["invoices"] = [{"invoice_id": invoice_id, "amount_applied": amount or body.get("amount")}]
    if isinstance(body.get("invoices"), list):
        body["invoices"] = [{k: x for k, x in entry.items() if k in ("invoice_id", "amount_applied")}
                            if isinstance(entry, dict) else entry for entry in body["invoices"]]
    return body


def shape(resource, record: dict, listing: bool = False, api: str = "") -> dict:
    """A store record in Zoho's shape: its ``<thing>_id``, ``custom_fields`` (not on the
    documented list entries of contacts and estimates), no ``crm_id``."""
    out = {k: x for k, x in record.items() if k not in ("crm_id", *NOT_ZOHO)}
    out[resource.id_field] = record["id"]
    if resource.plural == "customers":
        out["display_name"] = record.get("contact_name")
    if resource.plural == "contacts":  # a record shows its persons, a list entry its primary's
        main = next((p for p in record.get("contact_persons") or () if p.get("is_primary_contact")), {})
        drop = ("contact_persons", "primary_contact_id") if listing else ("email", "phone")
        out = {k: x for k, x in out.items() if k not in drop}
        if listing:
            out.update(first_name=main.get("first_name", ""), last_name=main.get("last_name", ""))
    if not (listing and resource.plural in NO_CUSTOM_FIELDS_IN_LIST):
        out["custom_fields"] = custom_fields(resource.doc_type, record.get("crm_id"))
    if listing and resource.plural in LIST_FIELDS and api in LISTS_OF:
        out = {k: x for k, x in out.items() if k in LIST_FIELDS[resource.plural]}
    return out


def list_filters(api: str, resource, args) -> tuple[dict, bool]:
    """The store's filters for a list request, and whether it can match nothing at all (a
    ``zcrm_*`` filter: nothing here is linked to Zoho's CRM)."""
    names = LIST_FILTERS.get(resource.plural, ()) if api in BOOKS_APIS else OTHER_FILTERS
    given = {name: args.get(name) for name in names if args.get(name) not in (None, "")}
    if any(name.startswith("zcrm_") for name in given):
        return {}, True
    filters = {name: given[name] for name in ("status", "customer_id", "vendor_id", "contact_type",
                                               "salesorder_id") if name in given}
    for name, store in zip(_CUSTOM, ("crm_id", "crm_id_startswith", "crm_id_contains")):
        if name in given:
            filters[store] = given[name]
    if resource.plural == "customers":
        filters["contact_type"] = "customer"
    return filters, False


def list_order(api: str, resource, args) -> tuple[str | None, bool]:
    """What of a list request's ``last_modified_time`` and ``sort_column`` Zoho documents for
    the list: ``(modified after, by last_modified_time)``; the rest is ignored. Expense v1 and
    Billing v1: no published documents here, nothing assumed."""
    if api not in BOOKS_APIS:
        return None, False
    after = args.get("last_modified_time") or None if resource.plural in MODIFIED_FILTER else None
    by_modified = resource.plural in SORT_BY_MODIFIED and args.get("sort_column") == "last_modified_time"
    return after, by_modified


def new_persons(payload: dict) -> dict:
    """A create's payload: its contact persons are new ones (the create request schema has no
    ``contact_person_id``: one given is ignored)."""
    people = payload.get("contact_persons")
    if not isinstance(people, list):
        return payload
    return {**payload, "contact_persons": [{k: x for k, x in p.items() if k != "contact_person_id"}
                                           if isinstance(p, dict) else p for p in people]}

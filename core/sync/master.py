"""Accounts, contacts, vendors and products as the finance applications know them
(``contacts`` and ``items`` of docs/sync.md). Apps declare the ones they use with
:func:`master_sync_types`."""
from __future__ import annotations

from ..declarations import SyncType


def crm_id(module: str, record_id: int) -> str:
    return f"{module}:{record_id}"


def _address(record) -> dict:
    return {"address": record.street, "city": record.city, "zip": record.postal_code, "country": record.country}


def account_payload(record, refs) -> dict:
    return {"contact_name": record.name, "company_name": record.name, "contact_type": "customer",
            "email": record.email, "phone": record.phone, "website": record.website,
            "billing_address": _address(record), "crm_id": crm_id("accounts", record.id)}


def contact_payload(record, refs) -> dict:
    company = record.account.name if record.account_id else ""
    return {"contact_name": record.full_name, "company_name": company, "contact_type": "customer",
            "email": record.email, "phone": record.phone, "website": "",
            "billing_address": {}, "crm_id": crm_id("contacts", record.id)}


def vendor_payload(record, refs) -> dict:
    return {"contact_name": record.name, "company_name": record.name, "contact_type": "vendor",
            "email": record.email, "phone": record.phone, "website": record.website,
            "billing_address": _address(record), "crm_id": crm_id("vendors", record.id)}


def product_payload(record, refs) -> dict:
    return {"name": record.name, "sku": record.code, "rate": str(record.unit_price),
            "tax_percentage": str(record.tax_rate.normalize() if record.tax_rate else 0),
            "description": record.description, "crm_id": crm_id("products", record.id)}


MASTER = {
    "accounts": ("contacts", account_payload, "contacts", "contacts"),
    "contacts": ("contacts", contact_payload, "contacts", "contacts"),
    "vendors": ("contacts", vendor_payload, "contacts", "vendors"),
    "products": ("items", product_payload, "products", "products"),
}


def master_sync_types(app: str, modules=("accounts", "contacts", "vendors", "products")) -> list[SyncType]:
    """The sync types of the CRM's master data for ``app``: pushed every 2 hours (or on save
    with the tenant's instant switch) and pulled back for balances and stock."""
    types = []
    for module in modules:
        doc_type, payload, switch, job = MASTER[module]
        types.append(SyncType(module=module, app=app, doc_type=doc_type, to_payload=payload,
                              instant=False, instant_switch=switch, job=job, pull=True))
    return types

"""What the ``zoho`` connector sends: a record's payload (docs/sync.md shapes) as the request body
Zoho documents for it (Books v3's published request schemas):

- our id in ``custom_fields`` (``cf_finsuite_crm_id``), never a top-level ``crm_id``;
- Billing's customers take ``display_name``;
- a purchase order's lines carry no discount (a discounted line is refused before it is sent)
  and the order no ``discount_type``;
- sales-order and purchase-order lines name their tax by ``tax_id`` (``zoho_taxes.py``);
- a contact's ``email`` and ``phone`` go on its primary contact person (``contact_persons``),
  named by its ``contact_person_id`` once Zoho gave one (:func:`contact_persons`);
- an invoice names the estimate it was made from as ``invoiced_estimate_id``; invoices.yml has no
  field naming a sales order (only a line's ``salesorder_item_id``): its ``salesorder_id`` is not
  sent (:func:`invoice`).
"""
from __future__ import annotations

from decimal import Decimal

from .base import RejectedError
from .zoho_taxes import TAX_ID_LINES, with_tax_ids

#: what a contact's payload holds that Zoho keeps on its primary contact person
PERSON_FIELDS = ("email", "phone")
#: apps whose contacts follow contacts.yml (Billing's customers: no published documents here)
PERSON_APPS = ("books", "invoice", "inventory")


def _discounted(line: dict) -> bool:
    text = str(line.get("discount") or "0").strip().rstrip("%").strip() or "0"
    try:
        return Decimal(text) != 0
    except ArithmeticError:
        return True


def purchase_order(body: dict) -> dict:
    """Zoho documents no discount on a purchase order's lines (only one on the whole order): a
    discounted line is refused here rather than sent and ignored."""
    lines = body.get("line_items") or []
    for index, line in enumerate(lines):
        if isinstance(line, dict) and _discounted(line):
            raise RejectedError(f"Zoho takes no discount on a purchase order's lines: line {index + 1} has "
                                f"{line.get('discount')} off; give its rate after the discount instead",
                                "unsupported")
    body = {k: v for k, v in body.items() if k != "discount_type"}
    if lines:
        body["line_items"] = [{k: v for k, v in line.items() if k != "discount"} if isinstance(line, dict)
                              else line for line in lines]
    return body


def invoice(body: dict) -> dict:
    """An invoice made from an estimate names it as invoices.yml documents it
    (``invoiced_estimate_id``); a sales order it was made from is not named (no such field)."""
    estimate = body.get("estimate_id")
    body = {k: v for k, v in body.items() if k not in ("estimate_id", "salesorder_id")}
    if estimate:
        body["invoiced_estimate_id"] = estimate
    return body


def primary_person_id(record: dict | None) -> str | None:
    """The ``contact_person_id`` of a Zoho contact's primary person (its ``is_primary_contact``
    one, else ``primary_contact_id``), or ``None``."""
    people = [p for p in (record or {}).get("contact_persons") or () if isinstance(p, dict)]
    main = next((p for p in people if p.get("is_primary_contact")), None)
    if main is None and (record or {}).get("primary_contact_id"):
        main = next((p for p in people if str(p.get("contact_person_id")) == str(record["primary_contact_id"])), None)
    main = main or (people[0] if people else None)
    return str(main["contact_person_id"]) if main and main.get("contact_person_id") else None


def knows_persons(record: dict | None) -> bool:
    """Whether a record Zoho answered tells its persons (a full record does; a list entry, or
    nothing, does not)."""
    return isinstance(record, dict) and isinstance(record.get("contact_persons"), list)


def contact_persons(body: dict, previous: dict | None) -> dict:
    """A contact's body with ``email``/``phone`` moved onto its primary contact person: named by
    the ``contact_person_id`` ``previous`` (what Zoho last answered, a full record) gives, else a
    new one; none at all when there is neither a person nor a value."""
    values = {name: body.pop(name) for name in PERSON_FIELDS if name in body}
    if not values:
        return body
    person_id = primary_person_id(previous)
    if person_id is None and not any(values.values()):
        return body
    person = {name: values.get(name) or "" for name in PERSON_FIELDS if name in values}
    person["is_primary_contact"] = True
    if person_id is not None:
        person = {"contact_person_id": person_id, **person}
    return {**body, "contact_persons": [person]}


def outgoing(http, app: str, path: str, crm_field: str, doc_type: str, payload: dict,
             previous: dict | None = None) -> dict:
    """The request body of ``payload`` (module doc). ``previous``: what Zoho last answered of the
    record (a contact's persons)."""
    body = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in payload.items()}
    if path == "/customers" and body.get("contact_name"):
        body.setdefault("display_name", body["contact_name"])
    if path == "/contacts" and app in PERSON_APPS:
        body = contact_persons(body, previous)
    if doc_type == "purchaseorders":
        body = purchase_order(body)
    if doc_type == "invoices":
        body = invoice(body)
    if doc_type in TAX_ID_LINES:
        body = with_tax_ids(http, body)
    crm_id = body.pop("crm_id", None)
    if crm_id:
        fields = [f for f in body.get("custom_fields") or [] if f.get("api_name") != crm_field]
        body["custom_fields"] = fields + [{"api_name": crm_field, "value": crm_id}]
    return body

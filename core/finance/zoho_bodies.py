"""What the ``zoho`` connector sends: a record's payload (docs/sync.md shapes) as the request body
Zoho documents for it (Books v3's published request schemas):

- our id in ``custom_fields`` (``cf_finsuite_crm_id``), never a top-level ``crm_id``;
- Billing's customers take ``display_name``;
- a purchase order's lines carry no discount (a discounted line is refused before it is sent)
  and the order no ``discount_type``;
- sales-order and purchase-order lines name their tax by ``tax_id`` (``zoho_taxes.py``).
"""
from __future__ import annotations

from decimal import Decimal

from .base import RejectedError
from .zoho_taxes import TAX_ID_LINES, with_tax_ids


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


def outgoing(http, app: str, path: str, crm_field: str, doc_type: str, payload: dict) -> dict:
    """The request body of ``payload`` (module doc)."""
    body = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in payload.items()}
    if path == "/customers" and body.get("contact_name"):
        body.setdefault("display_name", body["contact_name"])
    if doc_type == "purchaseorders":
        body = purchase_order(body)
    if doc_type in TAX_ID_LINES:
        body = with_tax_ids(http, body)
    crm_id = body.pop("crm_id", None)
    if crm_id:
        fields = [f for f in body.get("custom_fields") or [] if f.get("api_name") != crm_field]
        body["custom_fields"] = fields + [{"api_name": crm_field, "value": crm_id}]
    return body

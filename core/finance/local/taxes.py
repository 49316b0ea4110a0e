"""The organisation's taxes (Zoho's ``/settings/taxes``, taxes.yml): what a document line names
with ``tax_id``; the line takes the tax's percentage."""
from __future__ import annotations

from . import validate as v
from .models import Tax

TAX_TYPES = ("tax", "compound_tax")


def tax_dict(tax: Tax) -> dict:
    return {"tax_id": str(tax.id), "tax_name": tax.tax_name, "tax_percentage": tax.tax_percentage,
            "tax_type": tax.tax_type, "is_default_tax": False, "is_editable": True,
            "created_time": v.iso_time(tax.created_time), "last_modified_time": v.iso_time(tax.last_modified_time)}


def list_taxes(organization_id: str, page: int, per_page: int) -> tuple[list[dict], bool]:
    """A page of the organisation's taxes, newest first, and whether another page follows."""
    rows = list(Tax.select().where(Tax.organization_id == organization_id).order_by(Tax.id.desc())
                .offset((max(page, 1) - 1) * per_page).limit(per_page + 1))
    return [tax_dict(row) for row in rows[:per_page]], len(rows) > per_page


def create_tax(organization_id: str, payload: dict) -> dict:
    """A new tax: ``tax_name`` and ``tax_percentage`` required, ``tax_type`` ``tax`` (default) or
    ``compound_tax``."""
    if not isinstance(payload, dict):
        raise v.reject("the tax must be an object")
    name = v.text(payload, "tax_name", required=True, max_length=100)
    if not name:
        raise v.reject("tax_name is required")
    percentage = v.percent(payload, "tax_percentage")
    if percentage is None:
        raise v.reject("tax_percentage is required")
    kind = v.text(payload, "tax_type") or "tax"
    if kind not in TAX_TYPES:
        raise v.reject(f"Invalid value passed for tax_type: {kind!r} (tax or compound_tax)")
    return tax_dict(Tax.create(organization_id=organization_id, tax_name=name, tax_percentage=percentage,
                               tax_type=kind))


def get_tax(organization_id: str, tax_id) -> Tax | None:
    try:
        number = int(str(tax_id))
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**63:
        return None
    return Tax.get_or_none((Tax.id == number) & (Tax.organization_id == organization_id))


def line_tax(organization_id: str, entry: dict, where: str) -> Tax | None:
    """The tax a line names with ``tax_id`` (``None`` when it names none); an unknown one is
    refused."""
    if entry.get("tax_id") in (None, ""):
        return None
    tax = get_tax(organization_id, entry["tax_id"])
    if tax is None:
        raise v.reject(f"Invalid value passed for {where}.tax_id: tax {entry['tax_id']} does not exist")
    return tax

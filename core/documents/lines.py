"""Writing and reading line items: the one place a document's lines and totals are computed."""
from __future__ import annotations

from decimal import Decimal

from ..db import insert_rows
from ..i18n import _, translate_declared
from ..records import Invalid
from .totals import currency_places, document_totals, line_amounts


def _products(registry, module, tenant, lines: list[dict]) -> dict:
    spec = module.line_items
    wanted = {line["product_id"] for line in lines if line.get("product_id")}
    target = registry.modules.get(spec.products)
    if not wanted or target is None:
        return {}
    model = target.model
    found = {p.id: p for p in model.scoped(tenant).where(model.id.in_(list(wanted)))}
    missing = sorted(wanted - set(found))
    if missing:
        index = next(i for i, line in enumerate(lines) if line.get("product_id") == missing[0])
        thing = translate_declared(target.singular).lower()
        raise Invalid({f"{spec.field}.{index}.product_id": [_("No %(thing)s %(id)s in this organisation.", thing=thing,
                                                               id=missing[0])]})
    return found


def _from_product(product, name: str, default=None):
    """A product's value for a line field (``name``, ``rate``, ``tax_percent``)."""
    if product is None:
        return default
    return {"name": getattr(product, "name", None), "rate": getattr(product, "unit_price", None),
            "tax_percent": getattr(product, "tax_rate", None)}.get(name, default)


def write_lines(registry, module, tenant, record, lines: list[dict]) -> None:
    """Replace ``record``'s lines with ``lines`` (loaded by :class:`LineItemSchema`), fill
    blanks from the products, and set the record's totals. Call inside the save's transaction."""
    spec = module.line_items
    model = spec.model
    products = _products(registry, module, tenant, lines)
    places = currency_places(getattr(tenant, "currency", "USD"))
    rows, amounts = [], []
    for position, line in enumerate(lines):
        product = products.get(line.get("product_id"))
        name = line.get("name") or _from_product(product, "name") or (line.get("description") or "").split("\n")[0]
        rate = line.get("rate")
        if rate is None:
            rate = _from_product(product, "rate", Decimal(0))
        tax = line.get("tax_percent")
        if tax is None:
            tax = _from_product(product, "tax_percent", Decimal(0)) or Decimal(0)
        figures = line_amounts(line["quantity"], rate, line.get("discount_percent") or 0, tax, places)
        amounts.append(figures)
        rows.append({"tenant": tenant.id, "document_module": module.name, "document_id": record.id,
                     "position": position, "product_id": line.get("product_id"), "name": name[:300],
                     "description": line.get("description") or "", "quantity": line["quantity"],
                     "rate": rate, "discount_percent": line.get("discount_percent") or Decimal(0),
                     "tax_percent": tax, "discount_amount": figures.discount, "amount": figures.amount,
                     "tax_amount": figures.tax})
    model.delete().where((model.tenant == tenant) & (model.document_module == module.name)
                         & (model.document_id == record.id)).execute()
    insert_rows(model, rows)
    totals = document_totals(amounts, places)
    for name in ("sub_total", "discount_total", "tax_total", "total"):
        setattr(record, name, getattr(totals, name))


def lines_for(module, tenant, ids) -> dict[int, list]:
    """The lines of the documents ``ids`` of ``module``, in order, in one query per 500."""
    model = module.line_items.model
    ids = list(ids)
    out: dict[int, list] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        query = model.scoped(tenant).where((model.document_module == module.name) & model.document_id.in_(chunk))
        for line in query.order_by(model.document_id, model.position):
            out[line.document_id].append(line)
    return out


def dump_lines(module, records, data, tenant) -> None:
    """The ``finsuite.dump`` extension: documents' ``line_items`` in API answers."""
    spec = module.line_items
    if spec is None or not records:
        return
    from .schemas import LineItemSchema
    found = lines_for(module, tenant, [r.id for r in records])
    schema = LineItemSchema(many=True)
    for record, out in zip(records, data):
        out[spec.field] = schema.dump(found[record.id])

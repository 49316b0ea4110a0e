"""The lines table of a document form (any module declaring ``line_items``): its columns, the
posted rows (``line_items-<n>-<field>``) as the schema's list, the rows and totals shown back.

A row counts as a line when it names a product, an item, a description or a rate; the other
rows are blank and ignored, so the form can offer empty rows to browsers without scripts.
"""
from __future__ import annotations

import re
from decimal import Decimal

from flask import current_app, g

from ..documents import currency_places, document_totals, line_amounts, lines_for
from ..documents.totals import document_totals_rows, presented_totals
from ..ids import parse_id
from ..inputs import NotPlainDecimal, plain_decimal
from ..records import title
from ..sorting import ascending
from .fields import FieldSpec, as_form_value, schema_specs, typed_number
from .numbers import as_typed, read_typed, shown, symbols

EMPTY_ROWS = 3  # blank rows after the lines, for browsers without scripts
PRODUCT_OPTIONS = 500
IDENTIFYING = ("product_id", "name", "description", "rate")
_KEY = re.compile(r"^(?P<field>[a-z_]+)-(?P<index>[0-9]{1,6})-(?P<name>[a-z_]+)$")


def line_specs(module) -> list[FieldSpec]:
    """The editable columns of ``module``'s lines, in the line schema's order."""
    spec = module.line_items
    nested = module.schema().fields[spec.field].inner.nested
    nested = nested if isinstance(nested, type) else type(nested)
    out = []
    for s in schema_specs(nested, {"product_id": spec.products}):
        if not s.load:
            continue
        if s.name == "description":
            s = FieldSpec(**{**s.__dict__, "widget": "textarea"})
        out.append(s)
    return out


def posted_rows(module, form) -> list[dict[str, str]]:
    """The rows of the posted lines table, in the order the form sent them."""
    field = module.line_items.field
    rows: dict[str, dict[str, str]] = {}
    for key in form.keys():
        match = _KEY.match(key)
        if match and match["field"] == field:
            rows.setdefault(match["index"], {})[match["name"]] = form.get(key, "")
    return list(rows.values())


def is_blank(row: dict[str, str]) -> bool:
    return not any((row.get(name) or "").strip() for name in IDENTIFYING)


def parse_lines(module, form, unreadable: dict | None = None) -> list[dict] | None:
    """The posted lines as schema input (blank rows left out), decimals read in the reader's locale
    (one that cannot be read is left out, its message in ``unreadable`` under
    ``<field>.<line>.<name>``); ``None`` when the form has no lines table (a header-only edit keeps
    the lines)."""
    unreadable = {} if unreadable is None else unreadable
    rows = posted_rows(module, form)
    if not rows:
        return None
    specs = line_specs(module)
    lines = []
    for row in rows:
        if is_blank(row):
            continue
        line = {}
        for s in specs:
            value = row.get(s.name, "")
            if s.widget in ("text", "textarea"):
                line[s.name] = value.strip()
            elif value.strip():
                value = typed_number(s, value.strip(), unreadable, f"{module.line_items.field}.{len(lines)}.{s.name}")
                if value is not None:
                    line[s.name] = value
        lines.append(line)
    return lines


def _plain(spec: FieldSpec, value) -> str:
    """A saved line's value as its input shows it: quantities and percentages without trailing
    zeros, decimals the reader's way (``2,5``)."""
    if spec.widget in ("number", "rate") and value is not None:
        return as_typed(value, trim=True)
    return as_form_value(spec, value)


def saved_rows(module, record) -> list[dict[str, str]]:
    """A document's lines as form rows."""
    specs = line_specs(module)
    return [{s.name: _plain(s, getattr(line, s.name, None)) for s in specs}
            for line in lines_for(module, g.tenant, [record.id])[record.id]]


def products(module, rows) -> tuple[list[tuple[str, str]] | None, dict[str, dict]]:
    """The product select's options and each product's line values (name, description, rate,
    tax), for the form's script; ``None`` options when the products module is not installed."""
    target = current_app.extensions["finsuite"].modules.get(module.line_items.products)
    if target is None:
        return None, {}
    model = target.model
    found = list(model.scoped(g.tenant).order_by(*ascending(getattr(model, "name", model.id), model.id))
                 .limit(PRODUCT_OPTIONS))
    wanted = {parse_id(r.get("product_id") or "") for r in rows} - {None}
    missing = wanted - {p.id for p in found}
    if missing:
        found += list(model.scoped(g.tenant).where(model.id.in_(list(missing))))
    data = {}
    for p in found:
        rate, tax = getattr(p, "unit_price", None), getattr(p, "tax_rate", None)
        data[str(p.id)] = {"name": getattr(p, "name", "") or "", "description": getattr(p, "description", "") or "",
                           "rate": "" if rate is None else as_typed(rate),
                           "tax_percent": "" if tax is None else as_typed(tax, trim=True)}
    return [(str(p.id), title(target, p, g.relay)) for p in found], data


def _number(text, places: int) -> Decimal | None:
    """Input typed in the reader's locale as the schema loads it, or ``None`` when it cannot be read
    or the schema refuses it (``1e309``, ``1.005``)."""
    plain = read_typed(text or "")
    try:
        return None if plain is None else plain_decimal(plain, places)
    except NotPlainDecimal:
        return None


def row_figures(rows, product_data: dict, places: int) -> tuple[list[str], dict[str, str]]:
    """Each row's amount and the totals as plain decimals, as the form's script computes them
    (blank rows and rows that do not compute have none); the server recomputes them on save."""
    amounts, figures = [], []
    for row in rows:
        product = product_data.get((row.get("product_id") or "").strip(), {})
        rate_text = row.get("rate", "").strip() or product.get("rate", "")
        tax_text = row.get("tax_percent", "").strip() or product.get("tax_percent", "") or "0"
        quantity = _number(row.get("quantity", "").strip() or "1", 3)  # "1", "0": the same in every locale
        rate = _number(rate_text, 2)
        discount = _number(row.get("discount_percent", "").strip() or "0", 3)
        tax = _number(tax_text, 3)
        if is_blank(row) or None in (quantity, rate, discount, tax) or quantity <= 0 or rate < 0 \
                or not (0 <= discount <= 100 and 0 <= tax <= 100):
            amounts.append("")
            continue
        line = line_amounts(quantity, rate, discount, tax, places)
        figures.append(line)
        amounts.append(str(line.amount))
    shown = presented_totals(document_totals(figures, places), every_row=True)  # as documents.js shows them
    return amounts, {row.key: str(row.amount) for row in shown}


def line_errors(module, errors: dict) -> tuple[list[str], dict[int, dict[str, list[str]]]]:
    """Errors of the whole list, and per line index the errors of its fields."""
    field = module.line_items.field
    whole, per_line = [], {}
    for key, messages in errors.items():
        if key == field or key == f"{field}._schema":
            whole.extend(messages)
        elif key.startswith(field + "."):
            parts = key.split(".")
            if len(parts) >= 2 and parts[1].isdigit():
                name = parts[2] if len(parts) > 2 else "_schema"
                per_line.setdefault(int(parts[1]), {}).setdefault(name, []).extend(messages)
            else:
                whole.extend(messages)
    return whole, per_line


def table(module, rows: list[dict[str, str]], errors: dict) -> dict:
    """Everything the lines table of the form needs: columns, rows (then blank rows), errors,
    product options and data, the currency's places, the figures as the reader reads them and the
    reader's number symbols (for the script, which reads and writes numbers the same way)."""
    rows = [r for r in rows if not is_blank(r)]
    specs = line_specs(module)
    options, product_data = products(module, rows)
    places = currency_places(getattr(g.tenant, "currency", "USD"))
    amounts, totals = row_figures(rows, product_data, places)
    whole, per_line = line_errors(module, errors)
    names = {s.name for s in specs}
    for index, messages in per_line.items():  # an error of a field not shown goes beside the first column
        stray = [m for name, ms in messages.items() if name not in names for m in ms]
        if stray:
            messages.setdefault(specs[0].name, []).extend(stray)
    blank = {s.name: "" for s in specs}
    return {"field": module.line_items.field, "specs": specs, "product_options": options,
            "products": product_data, "places": places, "currency": getattr(g.tenant, "currency", "USD"),
            "rows": [{"values": r, "errors": per_line.get(i, {}), "amount": shown(amounts[i])}
                     for i, r in enumerate(rows)]
            + [{"values": dict(blank), "errors": {}, "amount": ""} for _ in range(EMPTY_ROWS)],
            "errors": whole, "totals": {key: shown(value) for key, value in totals.items()}, "symbols": symbols()}


def detail(module, record) -> dict | None:
    """A document's lines and totals for its page (``None`` for a module without lines)."""
    if module.line_items is None:
        return None
    from flask_babel import format_decimal

    from ..i18n import format_money
    rows = []
    for line in lines_for(module, g.tenant, [record.id])[record.id]:
        rows.append({"name": line.name, "description": line.description if line.description != line.name else "",
                     "quantity": format_decimal(line.quantity), "rate": format_money(line.rate),
                     "discount": format_decimal(line.discount_percent) if line.discount_percent else "",
                     "tax": format_decimal(line.tax_percent) if line.tax_percent else "",
                     "amount": format_money(line.amount)})
    totals = [(row.label, format_money(row.amount), row.key) for row in document_totals_rows(module, record)]
    return {"rows": rows, "totals": totals}

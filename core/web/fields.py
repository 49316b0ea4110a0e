"""What the web UI needs to know about a module's fields, read from its marshmallow schema:
labels, widgets, choices, references; and turning form input into schema input."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field as dc_field
from decimal import Decimal

import peewee
from flask import g
from marshmallow import fields, missing, validate

from ..documents.totals import currency_places
from ..i18n import translate_declared as tr
from ..models import MoneyField
from ..schemas import Money, Rate
from .numbers import as_typed, read_typed, unreadable_message

HIDDEN = ("id", "created_at", "updated_at")


@dataclass
class FieldSpec:
    name: str
    attr: str
    label: str
    widget: str  # text textarea email money rate number date datetime checkbox select reference references file module
    required: bool = False
    load: bool = True
    allow_none: bool = False
    choices: list[tuple[str, str]] = dc_field(default_factory=list)
    reference: str | None = None
    help: str = ""
    #: for ``references``: ``offered(query, record)`` narrows the records offered (the expenses
    #: in no other report), ``record`` being the one edited or ``None`` (metadata ``offered``)
    offered: object = None
    #: shown on a record's page only when it holds a value (metadata ``when_set``: an invoice's estimate)
    when_set: bool = False
    #: a decimal typed in the reader's locale (:mod:`.numbers`): ``amount``, ``percentage`` or
    #: ``decimal``; ``""`` for any other field (a whole number, a choice of values, text)
    number: str = ""


def _choices(field) -> list[tuple[str, str]]:
    declared = field.metadata.get("choices")
    if declared:
        return [(str(c[0]), str(c[1])) if isinstance(c, (tuple, list)) else (str(c), str(c)) for c in declared]
    validators = field.validators if isinstance(field.validators, (list, tuple)) else [field.validators]
    for v in validators:
        if isinstance(v, validate.OneOf):
            labels = list(v.labels) if v.labels else [str(c) for c in v.choices]
            return [(str(c), str(lbl)) for c, lbl in zip(v.choices, labels)]
    return []


def _widget(name: str, field, references: dict) -> str:
    meta = field.metadata.get("widget")
    if meta in ("file", "references", "module"):  # an upload; ids of ``metadata["module"]``; a module's name
        return meta
    if name in references:
        return "reference"
    if meta == "textarea":
        return "textarea"
    if isinstance(field, Money) or meta == "money":
        return "money"
    if isinstance(field, Rate):
        return "rate"
    if isinstance(field, fields.Boolean):
        return "checkbox"
    if isinstance(field, fields.DateTime):
        return "datetime"
    if isinstance(field, fields.Date):
        return "date"
    if _choices(field):
        return "select"
    if isinstance(field, fields.Number):
        return "number"
    if meta == "email" or isinstance(field, fields.Email):
        return "email"
    return "text"


def _number(field, widget: str) -> str:
    """What kind of decimal a money, rate or number input takes (``""``: none, a whole number)."""
    if widget not in ("money", "rate", "number") or not isinstance(field, fields.Decimal):
        return ""
    return "amount" if widget == "money" else "percentage" if widget == "rate" else "decimal"


@functools.lru_cache(maxsize=None)
def _specs(schema_cls, references: tuple) -> tuple[FieldSpec, ...]:
    refs = dict(references)
    out = []
    schema_fields = schema_cls().fields
    names = list(schema_fields)
    if hasattr(schema_cls, "field_order"):  # e.g. a document's customer before its dates
        names = schema_cls.field_order(names)
    for name in names:
        f = schema_fields[name]
        if name in HIDDEN or (isinstance(f, (fields.Nested, fields.List, fields.Dict))
                              and f.metadata.get("widget") != "references"):
            continue
        out.append(FieldSpec(
            name=name, attr=f.attribute or name, label=str(f.metadata.get("label") or name.replace("_", " ").capitalize()),
            widget=_widget(name, f, refs), required=bool(f.required), load=not f.dump_only,
            allow_none=bool(f.allow_none), choices=_choices(f),
            reference=refs.get(name) or (f.metadata.get("module") if _widget(name, f, refs) == "references" else None),
            help=str(f.metadata.get("help", "")), offered=f.metadata.get("offered"),
            when_set=bool(f.metadata.get("when_set")), number=_number(f, _widget(name, f, refs))))
    return tuple(out)


def schema_specs(schema_cls, references: dict | None = None) -> tuple[FieldSpec, ...]:
    """The plain (not nested) fields of any schema, e.g. a document's line schema."""
    return _specs(schema_cls, tuple(sorted((references or {}).items())))


def field_specs(module) -> tuple[FieldSpec, ...]:
    """The fields a form and a detail page show, in schema order (or the schema's
    ``field_order(names)`` when it has one)."""
    return _specs(module.schema, tuple(sorted(module.references.items())))


def spec_for(module, name: str) -> FieldSpec | None:
    for spec in field_specs(module):
        if spec.name == name:
            return spec
    model_field = module.model._meta.fields.get(name[:-3] if name.endswith("_id") else name)
    if model_field is None:
        return None
    widget = ("money" if isinstance(model_field, MoneyField) else
              "date" if isinstance(model_field, peewee.DateField) else
              "datetime" if isinstance(model_field, peewee.DateTimeField) else
              "checkbox" if isinstance(model_field, peewee.BooleanField) else
              "number" if isinstance(model_field, (peewee.DecimalField, peewee.IntegerField)) else "text")
    return FieldSpec(name=name, attr=name, label=name, widget=widget, load=False)


def named_errors(module, errors: dict) -> list[str]:
    """Errors shown away from their field (a message at the top, a status action's refusal), each
    named by the field's label: ``"Expenses: Add at least one expense ..."``."""
    from flask_babel import gettext as _
    labels = {s.name: s.label for s in field_specs(module)}
    return [" ".join(map(str, messages)) if key == "_schema" else
            _("%(label)s: %(messages)s", label=tr(labels.get(key, key.replace("_", " ").capitalize())),
              messages=" ".join(map(str, messages)))
            for key, messages in errors.items()]


def defaults(module) -> dict[str, str]:
    """The schema's ``load_default`` values, as form strings."""
    out = {}
    schema_fields = module.schema().fields
    for spec in field_specs(module):
        default = schema_fields[spec.name].load_default
        default = default() if callable(default) else default  # e.g. a document's date: today
        if spec.load and default is not missing and default is not None:
            out[spec.name] = as_form_value(spec, default)
    return out


def as_form_value(spec: FieldSpec, value) -> str:
    """A Python value as the string an input shows (a decimal as the reader types it: ``1234,56``)."""
    if value is None:
        return ""
    if spec.number:  # a quantity or a percentage without trailing zeros, an amount with its cents
        return as_typed(value, trim=spec.number != "amount")
    if isinstance(value, (list, tuple)):  # a ``references`` field: the ids of the boxes ticked
        return [str(v) for v in value]
    if spec.widget == "checkbox":
        return "true" if value in (True, "true", "True", "1", "on", 1) else ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, (dt.date, Decimal)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    return str(value)


def record_values(module, record) -> dict[str, str]:
    return {s.name: as_form_value(s, getattr(record, s.attr, None)) for s in field_specs(module) if s.load}


def typed_number(spec: FieldSpec, value: str, unreadable: dict, key: str | None = None):
    """A decimal typed in the reader's locale as the schema's input; one it cannot read is noted in
    ``unreadable`` under ``key`` (the field's name) with what to type, and left out."""
    if not spec.number:
        return value
    plain = read_typed(value)
    if plain is None:
        places = currency_places(getattr(g.get("tenant"), "currency", "USD"))
        unreadable[key or spec.name] = [unreadable_message(spec.number, places)]
    return plain


def parse_form(module, form, unreadable: dict | None = None) -> dict:
    """Form input -> schema input: unchecked boxes are false, blank numbers/dates/refs are None,
    decimals read in the reader's locale (one that cannot be read is left out and its message put in
    ``unreadable``)."""
    unreadable = {} if unreadable is None else unreadable
    data = {}
    for spec in field_specs(module):
        if not spec.load:
            continue
        if spec.widget == "checkbox":
            data[spec.name] = spec.name in form
            continue
        if spec.widget == "references":  # a list of checkboxes: nothing chosen is an empty list
            data[spec.name] = [v.strip() for v in form.getlist(spec.name) if v.strip()]
            continue
        if spec.widget == "file":  # the upload itself comes in request.files (core.files)
            if form.get(spec.name + "-remove"):
                data[spec.name] = None
            continue
        if spec.name not in form:
            continue
        value = form.get(spec.name, "")
        if spec.widget not in ("text", "textarea", "email", "select") and value.strip() == "":
            if spec.allow_none:
                data[spec.name] = None
            elif spec.required:
                data[spec.name] = value
            continue
        if spec.number:
            value = typed_number(spec, value, unreadable)
            if value is not None:
                data[spec.name] = value
            continue
        data[spec.name] = value if spec.widget == "textarea" else value.strip()
    return data

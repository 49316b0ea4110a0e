"""What a report or a view may name on a module: its fields (with their kind and label) and its
relations. ``account.industry`` is a field of the record an invoice points at (to one);
``items.amount`` a field of the invoice's line items (to many, B9); ``expense/expenses.amount``
a field of the expenses that point at a deal (to many). Built from the module declarations, so a
third-party plugin's modules are reportable without a line of its own."""
from __future__ import annotations

from dataclasses import dataclass

import peewee
from flask_babel import gettext as _

from ..declarations import Module
from ..i18n import N_, translate_declared
from ..models import MoneyField, QuantityField, User
from ..records import Invalid

NUMERIC = ("number", "money", "quantity")
#: columns no report names: the tenant, and what only the sync uses
HIDDEN = {"tenant", "status_set_by_user"}
#: the labels of the core models' own fields no schema labels (timestamps, a line's position and discount)
BASE_LABELS = {"created_at": N_("Created at"), "updated_at": N_("Updated at"), "position": N_("Position"),
               "discount_amount": N_("Discount amount")}


@dataclass(frozen=True)
class Field:
    """A column of a module's table, as reports see it."""

    name: str            # the schema's name: ``account_id``, ``total``
    label: str
    kind: str            # text, number, money, quantity, date, datetime, boolean, reference, user
    column: object       # the peewee field
    target: str = ""     # a reference's module (``accounts``), ``users`` for an owner


@dataclass(frozen=True)
class Relation:
    """A module reachable from another: ``to_one`` by a reference of the record, or ``to_many``
    (its line items, or the records of a module that point at it by ``via``)."""

    name: str            # ``account``, ``items``, ``expense/expenses``
    module: Module
    to_many: bool
    via: str = ""        # the reference field: on the record (to one) or on the other (to many)
    lines: bool = False  # the line items of a document (``document_module`` / ``document_id``)


def _label(module: Module, name: str) -> str:
    for column in module.columns:
        if column.name == name:  # a str as declared (``"Invoice #"`` is translated as a whole)
            return column.label if isinstance(column.label, str) else str(column.label)
    field = module.schema._declared_fields.get(name)
    label = field.metadata.get("label") if field is not None else None
    return str(label or BASE_LABELS.get(name) or name.replace("_id", "").replace("_", " ").capitalize())


def _kind(column, name: str, module: Module) -> tuple[str, str]:
    if isinstance(column, peewee.ForeignKeyField) and column.rel_model is User:
        return "user", "users"
    if name in module.references:
        return "reference", module.references[name]
    if isinstance(column, MoneyField):
        return "money", ""
    if isinstance(column, QuantityField):
        return "quantity", ""
    if isinstance(column, peewee.BooleanField):
        return "boolean", ""
    if isinstance(column, peewee.DateTimeField):
        return "datetime", ""
    if isinstance(column, peewee.DateField):
        return "date", ""
    if isinstance(column, (peewee.IntegerField, peewee.FloatField, peewee.DecimalField)) and name != "id":
        return "number", ""
    return "text", ""


def fields_of(module: Module) -> dict[str, Field]:
    """The module's reportable fields by name (``account_id`` for a reference)."""
    found: dict[str, Field] = {}
    for attr, column in module.model._meta.fields.items():
        foreign = isinstance(column, peewee.ForeignKeyField)
        name = f"{attr}_id" if foreign else attr
        if attr in HIDDEN or (foreign and column.rel_model is not User and name not in module.references):
            continue  # the tenant, a stored file
        kind, target = ("reference", module.name) if name == "id" else _kind(column, name, module)
        label = str(module.singular) if name == "id" else _label(module, name)
        found[name] = Field(name, label, kind, column, target)
    return found


def relations_of(registry, module: Module) -> dict[str, Relation]:
    """The relations of ``module``: one per reference (``account_id`` -> ``account``), its line
    items (``items``), and one per module of the registry that refers to it."""
    found: dict[str, Relation] = {}
    for name, target in module.references.items():
        if target in registry.modules:
            found[name.removesuffix("_id")] = Relation(name.removesuffix("_id"), registry.modules[target], False, name)
    if module.line_items is not None:
        for other in registry.modules.values():
            if other.model is module.line_items.model and other.read_only:
                found["items"] = Relation("items", other, True, lines=True)
    for other in registry.modules.values():
        for name, target in other.references.items():
            if target == module.name and other is not module and other.name not in found:
                found[other.name] = Relation(other.name, other, True, name)
    return found


@dataclass(frozen=True)
class Path:
    """A field named by a definition: on the module itself (``relation`` None) or on a relation."""

    text: str
    field: Field
    relation: Relation | None = None


def resolve_path(registry, module: Module, text: str, key: str, related: str = "") -> Path:
    """``text`` (``total``, ``account.industry``, ``items.amount``) on ``module``; a to-many
    relation only if it is the definition's ``related``. :class:`Invalid` under ``key`` names
    what is unknown."""
    if not isinstance(text, str) or not text:
        raise Invalid({key: [_("Name a field.")]})
    head, _dot, tail = text.partition(".")
    if not tail:
        field = fields_of(module).get(head)
        if field is None:
            raise Invalid({key: [_("%(module)s have no field %(field)s.", module=translate_declared(module.label), field=text)]})
        return Path(text, field)
    relation = relations_of(registry, module).get(head)
    if relation is None:
        raise Invalid({key: [_("%(module)s have no related module %(name)s.", module=translate_declared(module.label), name=head)]})
    if relation.to_many and relation.name != related:
        raise Invalid({key: [_("%(name)s can be used once it is the report's related module.", name=head)]})
    field = fields_of(relation.module).get(tail)
    if field is None:
        raise Invalid({key: [_("%(module)s have no field %(field)s.", module=translate_declared(relation.module.label), field=tail)]})
    return Path(text, field, relation)

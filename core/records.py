"""Reading and writing any module's records: one path for the web UI, the API and sync.

Every read is scoped to the tenant; every write is validated by the module's marshmallow
schema, checks that referenced records belong to the tenant, and is audited.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import peewee
from flask_babel import gettext as _
from marshmallow import ValidationError

from .db import db
from .declarations import Module
from .i18n import translate_declared
from .changes import audit, finance_wrote, hold
from .references import release_references
from .signals import record_deleted, record_saved, record_written

log = logging.getLogger(__name__)


class NotFound(Exception):
    """No such record in this tenant (another tenant's id is not found either)."""


class Invalid(Exception):
    """Input that fails validation: ``errors`` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class Conflict(Exception):
    """A write the record's state or links forbid (HTTP 409)."""


def _thing(module: Module) -> str:
    """A module's singular inside a sentence, in the reader's language: ``"invoice"``."""
    return translate_declared(module.singular).lower()


def get_record(module: Module, tenant, record_id) -> Any:
    record = module.model.get_scoped(tenant, record_id)
    if record is None:
        raise NotFound(_("No %(thing)s %(id)s.", thing=_thing(module), id=record_id))
    return record


def dump(module: Module, record) -> dict:
    return dump_many(module, [record])[0]


def dump_many(module: Module, records) -> list[dict]:
    """Records as the API shows them: the schema's fields, plus what the app's dump
    extensions add (``current_app.extensions["finsuite.dump"]``: sync status ...)."""
    from flask import current_app, g
    records = list(records)
    data = module.schema(many=True).dump(records)
    tenant = g.get("tenant") or (records[0].tenant if records else None)
    for extend in current_app.extensions.get("finsuite.dump", ()):
        extend(module, records, data, tenant)
    return data


def load(module: Module, tenant, data: dict, partial: bool = False) -> dict:
    """Validate input for ``module``; raise :class:`Invalid` with messages per field."""
    schema = module.schema()
    try:
        # partial: a field left out stays as it is; a nested line sent is a whole line (defaults)
        values = schema.load(data or {}, partial=tuple(schema.fields) if partial else False)
    except ValidationError as err:
        raise Invalid(_as_lists(err.messages)) from None
    errors = _beyond_currency_places(schema, tenant, values)
    from flask import current_app  # the registry lives on the app
    registry = current_app.extensions["finsuite"]
    for name, target in module.references.items():
        value = values.get(name)
        if value is None:
            continue
        target_module = registry.modules[target]
        if target_module.model.get_scoped(tenant, value) is None:
            errors.setdefault(name, []).append(_("No %(thing)s %(id)s in this organisation.", thing=_thing(target_module),
                                                 id=value))
    if errors:
        raise Invalid(errors)
    return values


def _beyond_currency_places(schema, tenant, values: dict) -> dict[str, list[str]]:
    """An amount a user enters has at most the places of the organisation's currency (0 in JPY):
    ``100.50`` yen is refused, never rounded. A price per unit (a rate, a product's unit price:
    ``metadata["per_unit"]``) may hold cents: totals are rounded to the currency."""
    from .documents.totals import currency_places, unit
    from .schemas import Money
    places = currency_places(getattr(tenant, "currency", "USD"))
    errors: dict[str, list[str]] = {}
    for name, field in schema.fields.items():
        value = values.get(field.attribute or name)
        if (isinstance(field, Money) and not field.dump_only and not field.metadata.get("per_unit")
                and isinstance(value, Decimal) and value != value.quantize(unit(places))):
            errors[field.data_key or name] = [_("At most %(places)s decimal places in %(currency)s.",
                                                places=places, currency=tenant.currency)]
    return errors


def _as_lists(messages) -> dict[str, list[str]]:
    if isinstance(messages, list):
        return {"_schema": [str(m) for m in messages]}
    out: dict[str, list[str]] = {}
    for key, value in messages.items():
        if isinstance(value, dict):
            for sub, msgs in _as_lists(value).items():
                out[f"{key}.{sub}"] = msgs
        else:
            out[key] = [str(m) for m in (value if isinstance(value, list) else [value])]
    return out


def _registry():
    from flask import current_app
    return current_app.extensions["finsuite"]


def module_named(name: str) -> Module:
    """Another plugin's (or the CRM's) module by name, ``books/invoices``; ``LookupError`` when
    no loaded plugin declares it (name the plugin in your manifest's ``depends``)."""
    module = _registry().module(name)
    if module is None:
        raise LookupError(f"No module named {name!r}: is its plugin installed and loaded?")
    return module


def _validate(module: Module, tenant, values: dict, record, user) -> None:
    """The ``validate_record`` hooks' say on a save (in its transaction); :class:`Invalid` if any."""
    errors: dict[str, list[str]] = {}
    try:
        answers = relay_for(tenant).validate_record(module=module, tenant=tenant, values=values,
                                                    record=record, user=user)
    except Exception:  # a check that cannot run refuses the save, as a failing lock would
        log.exception("validate_record failed for %s", module.name)
        raise Invalid({"_schema": [_("A plugin could not check this record, so nothing was saved. "
                                     "Try again, or tell your administrator.")]}) from None
    for answer in answers:
        for name, messages in (answer or {}).items():
            errors.setdefault(name, []).extend(str(m) for m in messages)
    if errors:
        raise Invalid(errors)


def relay_for(tenant):
    """The hook relay of ``tenant``'s enabled apps: the request's, or built for jobs."""
    from flask import g
    from .tenancy import enabled_apps
    current = g.get("tenant")
    if current is not None and current.id == tenant.id and g.get("relay") is not None:
        return g.relay
    return _registry().relay(enabled_apps(tenant))


def _saved(module: Module, record, user, created: bool, changes: dict) -> None:
    """Tell the core's listeners (blinker) and the tenant's plugins (``record_saved``)."""
    record_saved.send(module, record=record, user=user, created=created)
    try:
        relay_for(record.tenant).record_saved(module=module, record=record, user=user,
                                             created=created, changes=changes)
    except Exception:  # a plugin's reaction never undoes the save
        log.exception("record_saved hook failed for %s %s", module.name, record.id)


def finance_changed(module_name: str, record, changes: dict) -> None:
    """Fields a finance application changed on ``record`` (already written by the sync, with
    no audit entry nor outbox row): the ``record_saved`` listeners hear it as a save by no
    user, so a plugin keeps what follows from it (a report's expenses) in one place."""
    if changes:
        module = _registry().modules[module_name]
        finance_wrote(module, record, changes)
        _saved(module, record, None, False, changes)


def check_unlocked(module: Module, record) -> None:
    """Raise :class:`Conflict` when the module says this record can no longer change."""
    reason = module.locked(record) if module.locked is not None else None
    if reason:
        raise Conflict(str(reason))


def _line_changes(module: Module, tenant, record, lines) -> list | None:
    if module.line_items is None or lines is None:
        return None
    from .documents import write_lines
    write_lines(_registry(), module, tenant, record, lines)
    return lines


def create_record(module: Module, tenant, user, data: dict, preset: dict | None = None) -> Any:
    """Validate ``data`` (a user's input) and save a new record of ``module``, audited and synced.
    ``preset``: read-only fields the calling code sets, written as given (a converted invoice's
    estimate): no user input can set them."""
    values = {**load(module, tenant, data), **(preset or {})}
    lines = values.pop(module.line_items.field, None) if module.line_items else None
    if "owner" in module.model._meta.fields and user is not None and "owner_id" not in values:
        values["owner_id"] = user.id  # the creator owns a new record, as in any CRM
    with db.atomic():
        _validate(module, tenant, values, None, user)
        record = module.model(tenant=tenant, **values)
        record.save(force_insert=True)
        if _line_changes(module, tenant, record, lines) is not None:
            values[module.line_items.field] = lines
            record.save()
        record.__dict__["_version"] = audit(tenant, user, module.name, record.id, "create",
                                            {k: [None, v] for k, v in values.items()})
        record_written.send(module, record=record, operation="push")
    _saved(module, record, user, True, {k: [None, v] for k, v in values.items()})
    return record


def update_record(module: Module, tenant, user, record, data: dict, version=None) -> Any:
    """Write ``data`` (a partial input) onto ``record``. ``version``: the versions the writer
    read the record at (a form's ``_version``, an ``If-Match``); another one is :class:`Stale`
    (``core.changes``), checked with the row locked. ``None``: no check, as an API call without
    ``If-Match``."""
    check_unlocked(module, record)
    values = load(module, tenant, data, partial=True)
    lines = values.pop(module.line_items.field, None) if module.line_items else None
    changes = {}
    with db.atomic():
        hold(module, tenant, record, version)  # and read it afresh: fields not sent are kept as written
        check_unlocked(module, record)
        _validate(module, tenant, values, record, user)
        for name, value in values.items():
            old = getattr(record, name)
            if old != value:
                changes[name] = [old, value]
                setattr(record, name, value)
        if changes or lines is not None:
            if _line_changes(module, tenant, record, lines) is not None:
                changes[module.line_items.field] = [None, lines]
            record.save()
            record.__dict__["_version"] = audit(tenant, user, module.name, record.id, "update", changes)
            record_written.send(module, record=record, operation="push")
    if changes or lines is not None:
        _saved(module, record, user, False, changes)
    return record


def delete_record(module: Module, tenant, user, record, version=None) -> None:
    """Delete the record, its line items and its finance links in one transaction; the
    finance applications that keep a copy are told in the same transaction (the outbox).
    ``version``: as for :func:`update_record`."""
    check_unlocked(module, record)
    record_id = record.id
    try:
        with db.atomic():
            hold(module, tenant, record, version)
            check_unlocked(module, record)
            if module.line_items is not None:
                lines = module.line_items.model
                lines.delete().where((lines.tenant == tenant) & (lines.document_module == module.name)
                                     & (lines.document_id == record_id)).execute()
            record_written.send(module, record=record, operation="delete")
            record.delete_instance()  # the model's own clean-up first (a report frees its expenses)
            release_references(_registry(), module, tenant, record_id)  # may refuse: all rolls back
            audit(tenant, user, module.name, record_id, "delete")
    except peewee.IntegrityError:
        raise Conflict(_("This %(thing)s has linked records; remove them first.", thing=_thing(module))) from None
    record_deleted.send(module, record_id=record_id, user=user)


def title(module: Module, record, relay=None) -> str:
    if relay is not None:
        answer = relay.record_title(module=module, record=record)
        if answer:
            return answer
    return str(getattr(record, module.title_field, "") or f"#{record.id}")

"""Writing the report library (B11, E3, I1): a user's custom reports (``custom.<id>``, private or
shared), the organisation's version of a default report (saved under the default's key, "Restore
default" deletes it), copies. Nothing is saved that cannot run (:func:`check_runnable`): an
:class:`Invalid` names the part at fault. Custom reports are changed by their owner or an
administrator; defaults by whoever holds :data:`MANAGE`."""
from __future__ import annotations

import uuid

from flask_babel import gettext as _

from ..db import db
from ..inputs import unstorable, unstorable_message
from ..models import SavedReport
from ..permissions import can
from ..records import Conflict, Invalid
from .definition import definition_from
from .library import CUSTOM_FOLDER, Entry, check_runnable, get_entry
from .running import plain_definition

#: the permission to edit and restore the organisation's default reports
MANAGE = "reports.manage"
FIELDS = ("label", "description", "folder", "shared", "definition")
MAX_LABEL, MAX_DESCRIPTION = 200, 2000


class Forbidden(Exception):
    """The user may open the report but not change it (HTTP 403)."""


def may_edit(user, entry: Entry) -> bool:
    """A default (or its edited version) with :data:`MANAGE`; a custom report by its owner or an
    administrator."""
    if user is None:
        return False
    if entry.kind in ("default", "edited"):
        return can(user, MANAGE)
    return bool(user.profile.is_admin or (entry.saved is not None and entry.saved.owner_id == user.id))


def folders_for(registry, apps) -> list[str]:
    """The folders a report may be saved in: the enabled apps' and the custom one."""
    return [key for key, folder in registry.report_folders.items()
            if folder.app is None or folder.app in apps] + [CUSTOM_FOLDER]


def _read(registry, tenant, user, apps, data, *, creating: bool, default: bool = False) -> dict:
    """The fields of ``data`` checked: a 422 naming each one at fault; the definition compiled."""
    if not isinstance(data, dict):
        raise Invalid({"_schema": [_("The body must be a JSON object.")]})
    errors: dict[str, list[str]] = {}
    allowed = ("label", "description", "definition") if default else FIELDS
    for name in sorted(set(data) - set(allowed)):
        errors[name] = [_("A default report keeps its folder and is shared with everyone.")
                        if name in FIELDS else _("Unknown field.")]
    out: dict = {}
    for name, high in (("label", MAX_LABEL), ("description", MAX_DESCRIPTION)):
        if name not in data or name not in allowed:
            continue
        value = data[name]
        if not isinstance(value, str) or (name == "label" and not value.strip()) or len(value) > high:
            errors[name] = [_("Enter a text of 1 to %(high)s characters.", high=high) if name == "label"
                            else _("Enter a text of at most %(high)s characters.", high=high)]
        elif unstorable(value, multiline=name == "description"):
            errors[name] = [unstorable_message()]
        else:
            out[name] = value.strip()
    if creating and "label" not in data:
        errors["label"] = [_("Missing data for required field.")]
    if "folder" in data and "folder" in allowed:
        if data["folder"] not in folders_for(registry, apps):
            errors["folder"] = [_("Must be one of: %(keys)s.", keys=", ".join(folders_for(registry, apps)))]
        else:
            out["folder"] = data["folder"]
    if "shared" in data and "shared" in allowed:
        if not isinstance(data["shared"], bool):
            errors["shared"] = [_("Not a valid boolean.")]
        else:
            out["shared"] = data["shared"]
    if creating and "definition" not in data:
        errors["definition"] = [_("Missing data for required field.")]
    if "definition" in data:
        try:
            definition = definition_from(data["definition"])
            check_runnable(registry, tenant, user, definition)
            out["definition"] = definition.to_dict()
        except Invalid as exc:
            errors.update({_prefixed(key): messages for key, messages in exc.errors.items()})
    if errors:
        raise Invalid(errors)
    return out


def _prefixed(key: str) -> str:
    return key if key.startswith("definition") else f"definition.{key}"


def create_report(registry, tenant, user, apps, data) -> Entry:
    """A new custom report of ``user`` (private unless ``shared``), under ``custom.<id>``."""
    values = _read(registry, tenant, user, apps, data, creating=True)
    with db.atomic():
        saved = SavedReport.create(tenant=tenant, key=f"new.{uuid.uuid4().hex}", owner=user,
                                   label=values["label"], description=values.get("description", ""),
                                   folder=values.get("folder", CUSTOM_FOLDER), shared=values.get("shared", False),
                                   definition=values["definition"])
        saved.key = f"custom.{saved.id}"
        saved.save()
    return get_entry(registry, tenant, user, apps, saved.key)


def update_report(registry, tenant, user, apps, key: str, data) -> Entry:
    """Change a custom report; for a default, save (or change) the organisation's version."""
    entry = get_entry(registry, tenant, user, apps, key)
    if not may_edit(user, entry):
        raise Forbidden(_("You may not change this report."))
    default = entry.kind in ("default", "edited")
    values = _read(registry, tenant, user, apps, data, creating=False, default=default)
    saved = entry.saved
    if saved is None:  # the first edit of a default
        report = registry.reports[key]
        saved = SavedReport(tenant=tenant, key=key, based_on=key, folder=report.folder, shared=True,
                            label=str(report.label), description=str(report.description),
                            definition=plain_definition(report.definition))
    for name, value in values.items():
        setattr(saved, name, value)
    if default:
        saved.owner = user  # who last edited the organisation's version
    saved.save()
    return get_entry(registry, tenant, user, apps, key)


def delete_report(registry, tenant, user, apps, key: str) -> str:
    """Delete a custom report, or restore a default (delete the organisation's version): what
    was done, ``deleted`` or ``restored``. A default never edited is a :class:`Conflict`."""
    entry = get_entry(registry, tenant, user, apps, key)
    if not may_edit(user, entry):
        raise Forbidden(_("You may not change this report."))
    if entry.kind == "default":
        raise Conflict(_("This is the default report as shipped: there is nothing to restore or delete."))
    SavedReport.delete().where(SavedReport.id == entry.saved.id).execute()
    return "restored" if entry.kind == "edited" else "deleted"


def copy_report(registry, tenant, user, apps, key: str, data=None) -> Entry:
    """A new custom report of ``user`` from any report they may open (label "Copy of ...",
    private, in the same folder unless ``data`` says otherwise)."""
    entry = get_entry(registry, tenant, user, apps, key)
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise Invalid({"_schema": [_("The body must be a JSON object.")]})
    if "definition" in data:
        raise Invalid({"definition": [_("A copy takes the definition of the report it copies.")]})
    folder = entry.folder if entry.folder in folders_for(registry, apps) else CUSTOM_FOLDER
    body = {"label": _("Copy of %(label)s", label=entry.label)[:MAX_LABEL], "description": entry.description,
            "folder": folder, "shared": False, **data, "definition": plain_definition(entry.definition)}
    return create_report(registry, tenant, user, apps, body)

"""Custom views of a module's list (B10): a name, the engine's filters on the module's own fields,
the columns shown and a sort; private to their owner or shared with the organisation. A user sees
their own views and the shared ones of their organisation; only the owner or an administrator
changes or deletes a view. The same for every module, the plugins' too: the web list page
(:mod:`core.web.view_views`) and the API (:mod:`core.api.views`) both go through here."""
from __future__ import annotations

from flask_babel import gettext as _

from ..i18n import translate_declared
from ..declarations import Module
from ..ids import parse_id
from ..inputs import unstorable, unstorable_message
from ..models import SavedView
from ..record_lists import filter_conditions, sort_keys
from ..records import Invalid, NotFound
from ..sorting import ascending
from .catalogue import fields_of
from .filters import NO_VALUE, Filter

MAX_NAME = 100
MAX_FILTERS = 20
MAX_COLUMNS = 30
FIELDS = ("name", "shared", "filters", "columns", "sort")
FILTER_KEYS = ("field", "op", "value")


def visible_views(module: Module, tenant, user) -> list[SavedView]:
    """The views of ``module`` that ``user`` may use: their own and the organisation's shared ones."""
    query = SavedView.scoped(tenant).where((SavedView.module == module.name)
                                           & ((SavedView.owner == user) | SavedView.shared))
    return list(query.order_by(*ascending(SavedView.name, SavedView.id)))


def get_view(module: Module, tenant, user, view_id) -> SavedView:
    """The view ``view_id`` of ``module`` if ``user`` may use it; else :class:`NotFound` (another
    tenant's view and another user's private one alike: nothing says it exists)."""
    found = parse_id(view_id)
    view = SavedView.get_scoped(tenant, found) if found is not None else None
    if view is None or view.module != module.name or not (view.shared or view.owner_id == user.id):
        raise NotFound(_("No view %(id)s of %(label)s.", id=view_id, label=translate_declared(module.label).lower()))
    return view


def may_change(view: SavedView, user) -> bool:
    """Its owner or an administrator may change or delete a view; others only use a shared one."""
    return view.owner_id == user.id or bool(user.profile.is_admin)


def view_filters(view: SavedView) -> list[tuple[str, Filter]]:
    """The view's filters for :func:`core.record_lists.list_records`, each named ``view.filters.<n>``."""
    return [(f"view.filters.{index}", Filter(item["field"], item.get("op", "eq"), item.get("value")))
            for index, item in enumerate(view.filters)]


def view_columns(module: Module, view: SavedView | None) -> list[str]:
    """The fields a list shows: the view's columns, else the module's."""
    return list(view.columns) if view is not None and view.columns else [c.name for c in module.columns]


def _name(value, errors: dict) -> str:
    if not isinstance(value, str) or not value.strip():
        errors["name"] = [_("Enter a name.") if value in (None, "") or isinstance(value, str) else _("Not a valid string.")]
        return ""
    if len(value) > MAX_NAME:  # as typed: the API's document says so of what is sent
        errors["name"] = [_("Longer than maximum length %(max)s.", max=MAX_NAME)]
    elif unstorable(value):
        errors["name"] = [unstorable_message()]
    return value.strip()


def _filters(module: Module, value, errors: dict) -> list[dict]:
    """The filters as stored (``{"field", "op", "value"}``), each checked by building its SQL condition."""
    if not isinstance(value, list) or len(value) > MAX_FILTERS:
        errors["filters"] = [_("Give a list of at most %(high)s.", high=MAX_FILTERS)]
        return []
    found, keyed = [], []
    for index, item in enumerate(value):
        key = f"filters.{index}"
        if not isinstance(item, dict):
            errors[key] = [_("Not a valid object.")]
            continue
        for name in sorted(set(item) - set(FILTER_KEYS)):
            errors[f"{key}.{name}"] = [_("Unknown field.")]
        field, op = item.get("field"), item.get("op", "eq")
        if not isinstance(field, str) or not field:
            errors[f"{key}.field"] = [_("Missing data for required field.")]
        if not isinstance(op, str):
            errors[f"{key}.op"] = [_("Not a valid string.")]
        if f"{key}.field" in errors or f"{key}.op" in errors:
            continue
        filt = Filter(field, op, None if op in NO_VALUE else item.get("value"))
        keyed.append((key, filt))
        found.append(filt.to_dict())
    try:
        filter_conditions(module, keyed, parts=True)
    except Invalid as exc:
        errors.update(exc.errors)
    return found


def _columns(module: Module, value, errors: dict) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_COLUMNS:
        errors["columns"] = [_("Give a list of at most %(high)s.", high=MAX_COLUMNS)]
        return []
    fields = fields_of(module)
    for index, name in enumerate(value):
        if not isinstance(name, str) or name not in fields:
            errors[f"columns.{index}"] = [_("%(module)s have no field %(field)s.", module=translate_declared(module.label), field=name)]
        elif name in value[:index]:
            errors[f"columns.{index}"] = [_("%(field)s is shown once.", field=translate_declared(fields[name].label))]
    return list(value)


def _sort(module: Module, value, errors: dict) -> str:
    if value == "":
        return ""
    if value not in sort_keys(module):
        errors["sort"] = [_("Must be one of: %(keys)s.", keys=", ".join(sort_keys(module)))]
    return value if isinstance(value, str) else ""


def clean(module: Module, data, partial: bool = False) -> dict:
    """What ``data`` (an API body, a posted form) says of a view, checked; :class:`Invalid` names
    each field at fault. ``partial``: only the fields given (a PATCH)."""
    if not isinstance(data, dict):
        raise Invalid({"_schema": [_("The body must be a JSON object.")]})
    errors: dict[str, list[str]] = {name: [_("Unknown field.")] for name in sorted(set(data) - set(FIELDS))}
    values: dict = {}
    if "name" in data or not partial:
        values["name"] = _name(data.get("name"), errors)
    if "shared" in data:
        if not isinstance(data["shared"], bool):
            errors["shared"] = [_("Not a valid boolean.")]
        values["shared"] = data["shared"] is True
    if "filters" in data:
        values["filters"] = _filters(module, data["filters"], errors)
    if "columns" in data:
        values["columns"] = _columns(module, data["columns"], errors)
    if "sort" in data:
        values["sort"] = _sort(module, data["sort"], errors)
    if errors:
        raise Invalid(errors)
    return values


def create_view(module: Module, tenant, user, data) -> SavedView:
    """A new view of ``module`` owned by ``user``; nothing is saved if ``data`` is invalid."""
    values = clean(module, data)
    return SavedView.create(tenant=tenant, module=module.name, owner=user, **values)


def update_view(module: Module, view: SavedView, data) -> SavedView:
    """``view`` with what ``data`` changes (the caller checked :func:`may_change`)."""
    values = clean(module, data, partial=True)
    for name, value in values.items():
        setattr(view, name, value)
    view.save()  # its updated_at too (TenantModel.save)
    return view


def delete_view(view: SavedView) -> None:
    view.delete_instance()


def dump_view(view: SavedView, user) -> dict:
    """A view as the API answers it."""
    return {"id": view.id, "module": view.module, "name": view.name, "shared": view.shared,
            "filters": view.filters, "columns": view.columns, "sort": view.sort, "owner_id": view.owner_id,
            "mine": view.owner_id == user.id, "can_change": may_change(view, user),
            "created_at": view.created_at, "updated_at": view.updated_at}

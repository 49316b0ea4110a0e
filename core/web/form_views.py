"""Create and edit forms generated from a module's marshmallow schema."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import sorting
from ..i18n import N_, phrase, translate_declared as tr
from ..auth import login_required
from ..changes import Stale, current_version
from ..files import file_fields, max_upload_bytes, too_large_file_message
from ..form_files import save_with_files
from ..records import Invalid, NotFound, create_record, load, title, update_record
from .auth_views import safe_next
from .conflicts import conflict_view, posted_version
from .fields import defaults, field_specs, named_errors, parse_form, record_values
from .line_items import parse_lines, posted_rows, saved_rows, table
from .module_views import bp, load_module, load_record

REFERENCE_OPTIONS = 500


def reference_options(target_name: str, current, offered=None, record=None) -> list[tuple[str, str]] | None:
    """The tenant's records of ``target_name`` for a <select> or a list of boxes (first 500 in
    list order, names as the reader sorts them (:mod:`core.sorting`), narrowed by the field's
    ``offered(query, record)``, plus the current ones);
    ``None`` when that module is not installed (the form then asks for an id)."""
    target = current_app.extensions["finsuite"].modules.get(target_name)
    if target is None:
        return None
    model = target.model
    sort = target.default_sort.lstrip("-")
    field = getattr(model, sort[:-3] if sort.endswith("_id") else sort, None) or model.id
    descending = target.default_sort.startswith("-")
    order = (sorting.ordering(field, descending, model._meta.database, text=sorting.sorts_as_text(target, sort, field)),
             model.id.desc() if descending else model.id)
    query = model.scoped(g.tenant)
    if offered is not None:
        query = offered(query, record)
    rows = list(query.order_by(*order).limit(REFERENCE_OPTIONS))
    options = [(str(r.id), title(target, r, g.relay)) for r in rows]
    for chosen in (current if isinstance(current, (list, tuple)) else [current]):  # a list: several chosen
        if chosen not in (None, "") and str(chosen) not in {value for value, _label in options}:
            row = model.get_scoped(g.tenant, chosen)
            if row is not None:
                options.append((str(row.id), title(target, row, g.relay)))
    return options


def _render(module, values, errors, record=None, status=200, rows=None, kept=None, version=None, conflict=None):
    specs = [s for s in field_specs(module) if s.load]
    if request.method == "POST":  # a list of boxes posts each value ticked
        values.update({s.name: request.form.getlist(s.name) for s in specs if s.widget == "references"})
    options = {s.name: reference_options(s.reference, values.get(s.name), s.offered, record)
               for s in specs if s.reference}
    names = {s.name for s in specs}
    lines = None
    if module.line_items is not None:
        lines = table(module, rows or [], errors)
        field = module.line_items.field
        names |= {k for k in errors if k == field or k.startswith(field + ".")}
    general = named_errors(module, {k: v for k, v in errors.items() if k not in names})
    cancel = safe_next(request.args.get("next")) or (
        url_for("modules.detail", module=module.name, record_id=record.id) if record is not None
        else url_for("modules.index", module=module.name))
    heading = (_("Edit %(singular)s: %(title)s", singular=tr(module.singular), title=title(module, record, g.relay))
               if record is not None else phrase(N_("New %(singular)s"), singular=module.singular))
    return render_template("module/form.html", module=module, specs=specs, values=values, errors=errors,
                           general_errors=general, options=options, record=record, heading=heading,
                           cancel_url=cancel, lines=lines, uploads=bool(file_fields(module)), kept=kept or {},
                           upload_limit=max_upload_bytes(), upload_too_large=too_large_file_message(),
                           version=version, conflict=conflict_view(module, conflict)), status


def _save(module, record=None, version=None):
    """Create or update from the posted form (with its uploads, for a module with file fields)."""
    unreadable: dict[str, list[str]] = {}
    data = form_input(module, request.form, unreadable)
    if file_fields(module):  # refused, the form keeps its uploads
        kept = {name: request.form.get(f"{name}-kept", "") for name in file_fields(module)}
        return save_with_files(module, g.tenant, g.user, data, request.files, record, kept, version, unreadable)
    if unreadable:
        refuse_unreadable(module, data, unreadable, partial=record is not None)
    if record is None:
        return create_record(module, g.tenant, g.user, data)
    return update_record(module, g.tenant, g.user, record, data, version)


def form_input(module, form, unreadable: dict | None = None) -> dict:
    """The posted form as schema input: header fields, and the lines when the module has them;
    a number the reader's locale cannot read is left out, its message in ``unreadable``."""
    data = parse_form(module, form, unreadable)
    if module.line_items is not None:
        lines = parse_lines(module, form, unreadable)
        if lines is not None:
            data[module.line_items.field] = lines
    return data


def refuse_unreadable(module, data: dict, unreadable: dict, partial: bool) -> None:
    """Numbers that cannot be read (``1.234,5.6``): nothing is saved; :class:`Invalid` with their
    messages beside them, and the other fields' own (the input checked without those numbers)."""
    errors = {}
    try:
        load(module, g.tenant, data, partial=partial)
    except Invalid as exc:
        errors = exc.errors
    raise Invalid({**errors, **unreadable})


def _locked(module, record):
    """A record the module no longer lets change: back to its page with the reason."""
    reason = module.locked(record) if module.locked is not None else None
    if not reason:
        return None
    flash(str(reason), "error")
    return redirect(url_for("modules.detail", module=module.name, record_id=record.id))


@bp.route("/m/<path:module>/new", methods=["GET", "POST"])
@login_required
def new(module):
    module = load_module(module, "create")
    if request.method == "POST":
        try:
            record = _save(module)
        except Invalid as exc:
            return _render(module, request.form.to_dict(), exc.errors, status=422,
                           rows=posted_rows(module, request.form) if module.line_items else None,
                           kept=getattr(exc, "kept_files", None))
        flash(_("%(singular)s created: %(title)s", singular=tr(module.singular),
                title=title(module, record, g.relay)), "success")
        return redirect(safe_next(request.args.get("next"))
                        or url_for("modules.detail", module=module.name, record_id=record.id))
    values = defaults(module)
    names = {s.name for s in field_specs(module) if s.load}
    values.update({k: v for k, v in request.args.items() if k in names})
    return _render(module, values, {})


@bp.route("/m/<path:module>/<id:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit(module, record_id):
    module = load_module(module)
    record = load_record(module, record_id)
    load_module(module.name, "edit", record)
    locked = _locked(module, record)
    if locked is not None:
        return locked
    if request.method == "POST":
        rows = posted_rows(module, request.form) if module.line_items else None
        try:
            _save(module, record, posted_version())
        except Invalid as exc:
            return _render(module, request.form.to_dict(), exc.errors, record=record, status=422, rows=rows,
                           kept=getattr(exc, "kept_files", None), version=request.form.get("_version"))
        except NotFound:  # deleted meanwhile
            abort(404)
        except Stale as exc:  # C8: the user's input kept, the other writes named; Save anyway sends exc.version
            return _render(module, request.form.to_dict(), {}, record=record, status=409, rows=rows,
                           kept=getattr(exc, "kept_files", None), version=exc.version, conflict=exc)
        flash(_("%(singular)s saved.", singular=tr(module.singular)), "success")
        return redirect(safe_next(request.args.get("next"))
                        or url_for("modules.detail", module=module.name, record_id=record.id))
    version = current_version(g.tenant, module.name, record.id)
    record = load_record(module, record_id)  # read after its version: a write between is then detected
    return _render(module, record_values(module, record), {}, record=record, version=version,
                   rows=saved_rows(module, record) if module.line_items else None)

"""A record's page: strips, fields, status actions, product sections, related lists."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, g, render_template, request, url_for
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..auth import login_required
from ..changes import version_of
from ..documents.totals import TOTAL_FIELDS
from ..pages import product_sections, related_lists, status_actions_and_refusals
from ..permissions import can_module
from ..records import title
from .display import References, cells, column_kind, column_specs, detail_fields, id_url, plain_cells
from .figure_views import strip_panels, strip_value
from .line_items import detail as document_lines
from .module_views import bp, load_module, load_record
from .nav import module_visible
from .sync_wait import sync_waiting


def _pdf_link(registry, target):
    """A "PDF" row link for a list of a printable module (B3), or ``None``."""
    spec = registry.pdf_templates.get(target.name) if target is not None else None
    if spec is None:
        return None
    if "modules.pdf" in current_app.view_functions:
        return spec.label, lambda r: id_url("modules.pdf", r.id, module=target.name)
    return spec.label, lambda r: f"/m/{target.name}/{r.id}/pdf"


def offered_related(module, record) -> list:
    """The related lists the tenant's relay offers this user on ``record``'s page (lists of a
    module the user may not view are left out)."""
    registry = current_app.extensions["finsuite"]
    out = []
    for rel in related_lists(g.relay, module, record, g.user):
        target = registry.modules.get(rel.module)
        if target is None or module_visible(target, g.user):
            out.append(rel)
    return out


def related_panel(module, record, rel, refs: References, error: str | None = None) -> dict:
    """One related list as ``module/_related.html`` shows it."""
    registry = current_app.extensions["finsuite"]
    here = url_for("modules.detail", module=module.name, record_id=record.id)
    target = registry.modules.get(rel.module)
    records = list(rel.records)
    links = list(rel.row_links)
    pdf = _pdf_link(registry, target)
    if pdf is not None and pdf[0] not in {label for label, _fn in links}:
        links.append(pdf)
    specs = column_specs(target, rel.columns) if target is not None else [None] * len(rel.columns)
    if target is not None:
        refs.prefetch(target, records, [c.name for c in rel.columns])
        rows = [{"cells": cells(target, r, rel.columns, refs, specs=specs),
                 "links": [(label, fn(r)) for label, fn in links]} for r in records]
    else:
        rows = [{"cells": plain_cells(r, rel.columns), "links": [(label, fn(r)) for label, fn in links]}
                for r in records]
    new_url = None
    if rel.can_create and target is not None and can_module(g.user, target, "create"):
        params = {k: v for k, v in rel.new_params.items() if v is not None}
        params["next"] = here
        new_url = url_for("modules.new", module=target.name) + "?" + urlencode(params)
    refresh_url = rel.refresh_url
    if refresh_url is None and rel.refreshable:
        refresh_url = url_for("modules.related_refresh", module=module.name, record_id=record.id, key=rel.key)
    return {"key": rel.key, "label": tr(rel.label), "rows": rows,
            "headers": [{"label": tr(c.label), "kind": column_kind(spec, c.name)} for c, spec in zip(rel.columns, specs)],
            "count": rel.total if rel.total is not None else len(records),
            "new_url": new_url, "refresh_url": refresh_url, "refreshable": rel.refreshable and not rel.refresh_url,
            "here": here, "error": error, "noun": tr(target.label if target is not None else rel.label),
            "list_url": (url_for("modules.index", module=target.name) if target is not None else None)}


def _related(module, record, refs: References) -> list[dict]:
    return [related_panel(module, record, rel, refs) for rel in offered_related(module, record)]


@bp.route("/m/<path:module>/<id:record_id>")
@login_required
def detail(module, record_id):
    module = load_module(module)
    waiting = sync_waiting(g.tenant, module.name, record_id)  # first: the record read next is as synced
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    refs = References()
    strips = strip_panels(module, record)
    sections = []
    if module.name == "products":
        sections = [{"label": tr(s.label), "entries": [{"label": tr(i.label), "value": strip_value(i.value),
                                                     "hint": i.hint} for i in s.items]}
                    for s in product_sections(g.relay, record, g.user)]
    locked = module.locked(record) if module.locked is not None else None  # a sent document: no Edit, no Delete
    actions, refused = status_actions_and_refusals(g.relay, module, record, g.user)
    document = document_lines(module, record)
    fields = [(spec, cell) for spec, cell in detail_fields(module, record, refs)
              if document is None or spec.name not in TOTAL_FIELDS]  # a document's totals: in its totals block
    return render_template(
        "module/detail.html", module=module, record=record, title=title(module, record, g.relay),
        strips=strips, sections=sections, fields=fields, document=document,
        actions=actions, refused=refused, related=_related(module, record, refs),
        version=version_of(module, record),  # C8: an action or Delete pressed on a stale page does nothing
        can_edit=not module.read_only and not locked and can_module(g.user, module, "edit", record),
        can_delete=not module.read_only and not locked and can_module(g.user, module, "delete", record),
        can_clone=module.line_items is not None and not module.read_only and can_module(g.user, module, "create"),
        back_url=url_for("modules.index", module=module.name),
        next_url=request.full_path.rstrip("?"),
        sync_wait_url=url_for("modules.sync_state", module=module.name, record_id=record.id) if waiting else None)

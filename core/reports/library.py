"""The reports a user may open, in their folders: the enabled apps' defaults (each replaced by
the organisation's edited version if there is one) and the reports users built, private to
their owner or shared. A report is visible only with the view permission on its module and on
its related module (P1), and only if its app is enabled."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..i18n import translate_declared
from ..models import SavedReport
from ..permissions import can_module
from ..records import NotFound
from ..sorting import sort_key
from .definition import Definition, definition_from

CUSTOM_FOLDER = "custom"


@dataclass
class Entry:
    """One report as the Reports tab and the API list it."""

    key: str
    label: str
    folder: str
    definition: Definition
    kind: str                 # default, edited (the organisation's version of a default), custom
    description: str = ""
    app: str | None = None
    saved: SavedReport | None = None

    @property
    def default_key(self) -> str:
        return self.key if self.kind in ("default", "edited") else ""


def folder_label(registry, key: str, apps) -> str:
    """A folder's label for a tenant with ``apps`` enabled ("Finance reports" with Inventory)."""
    if key == CUSTOM_FOLDER:
        return _("My reports")
    folder = registry.report_folders.get(key)
    if folder is None:
        return key
    for app, label in folder.renamed_with:
        if app in apps:
            return translate_declared(label)
    return translate_declared(folder.label)


def may_run(registry, user, definition: Definition) -> bool:
    module = registry.modules.get(definition.module)
    if module is None or (user is not None and not can_module(user, module, "view")):
        return False
    if definition.related:
        from .catalogue import relations_of
        relation = relations_of(registry, module).get(definition.related)
        if relation is None or (user is not None and not can_module(user, relation.module, "view")):
            return False
    return True


def _visible_saved(tenant, user):
    query = SavedReport.scoped(tenant)
    if user is not None:
        query = query.where(SavedReport.shared | (SavedReport.owner == user))
    return query


def reports_for(registry, tenant, user, apps) -> list[Entry]:
    """Every report ``user`` may open, defaults first in their folders' order, then custom ones."""
    apps = set(apps)
    saved = {s.key: s for s in _visible_saved(tenant, user)}
    entries: list[Entry] = []
    for report in registry.reports.values():
        if report.app is not None and report.app not in apps:
            continue
        edited = saved.pop(report.key, None)
        definition = report.definition
        if edited is not None:
            definition = definition_from(edited.definition)
        entry = Entry(report.key, str(edited.label) if edited else translate_declared(report.label), report.folder,
                      definition, "edited" if edited else "default",
                      str(edited.description) if edited else translate_declared(report.description),
                      report.app, edited)
        entries.append(entry)
    for item in saved.values():
        if item.based_on and item.based_on in registry.reports:
            continue  # the edited version of a default whose app is off
        entries.append(Entry(item.key, item.label, item.folder or CUSTOM_FOLDER, definition_from(item.definition),
                             "custom", item.description, None, item))
    visible = []
    for entry in entries:
        module = registry.modules.get(entry.definition.module)
        if module is None or (module.app is not None and module.app not in apps):
            continue
        if may_run(registry, user, entry.definition):
            visible.append(entry)
    order = {key: (f.order, key) for key, f in registry.report_folders.items()}
    visible.sort(key=lambda e: (order.get(e.folder, (1000, e.folder)), e.kind == "custom", sort_key(str(e.label))))
    return visible


def get_entry(registry, tenant, user, apps, key: str) -> Entry:
    """The report ``key`` if ``user`` may open it; else :class:`NotFound` (never a hint that
    another user's private report exists)."""
    for entry in reports_for(registry, tenant, user, apps):
        if entry.key == key:
            return entry
    raise NotFound(_("No report %(key)s.", key=key))


def check_runnable(registry, tenant, user, definition: Definition) -> None:
    """Compile ``definition`` for ``user`` (no rows read; the module and related module they
    may not view are refused there) so a report is never saved that cannot run."""
    from .compile import compile_report
    compile_report(registry, definition, tenant, user)

"""The contract check of a plugin (``finsuite check-plugin``; logged at start-up in debug; run
on every installed plugin by the suite): what would load without a word and fail later.

One :class:`Problem` per mistake, naming the plugin and the declaration: hooks no spec has
(``register_modles``), keys outside the plugin's namespace, apps, modules, folders, reports,
permissions and templates named but not there, modules without schema or table, migrations
out of order, and (``migrations=True``) migrations that fail when run twice."""
from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass

from . import hookspecs

#: the namespace each declaration's key must be in, for a plugin named ``p``
NAMESPACES = {
    "register_modules": ("name", lambda p: (f"{p}/",)),
    "register_permissions": ("key", lambda p: (f"app.{p}", f"{p}.", f"{p}/")),
    "register_sync_jobs": ("key", lambda p: (f"{p}.",)),
    "register_reports": ("key", lambda p: (f"{p}.",)),
    "register_report_folders": ("key", lambda p: (p,)),
    "register_dashboard_components": ("key", lambda p: (f"{p}.",)),
    "register_settings": ("key", lambda p: (f"{p}.",)),
    "register_tabs": ("key", lambda p: (p,)),
}


@dataclass(frozen=True)
class Problem:
    plugin: str
    declaration: str
    message: str

    def __str__(self) -> str:
        return f"{self.plugin}: {self.declaration}: {self.message}"


def hook_names() -> set[str]:
    return {name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "finsuite_spec")}


def check_plugin(registry, name: str, app=None) -> list[Problem]:
    """The problems of plugin ``name`` (loaded or failed); ``app`` also checks its templates."""
    failed = [f for f in registry.failures if f.name == name]
    if failed:
        return [Problem(name, f.source, f.error) for f in failed]
    if name not in registry.manifests:
        return [Problem(name, "plugin", "not installed (see `finsuite plugins`)")]
    problems: list[Problem] = []

    def problem(declaration: str, message: str) -> None:
        problems.append(Problem(name, declaration, message))

    _hooks(registry, name, problem)
    declared = registry.declared.get(name, {})
    if name not in registry.core_names:
        _namespaces(name, declared, problem)
        _sync_types(name, declared, problem)
    _names(registry, name, declared, problem)
    _migrations(name, declared.get("register_migrations", []), problem)
    if app is not None:
        _templates(declared, problem)
    return problems


def check_all(registry, app=None) -> list[Problem]:
    names = [*registry.manifests, *dict.fromkeys(f.name for f in registry.failures)]
    return [p for name in names for p in check_plugin(registry, name, app)]


def _hooks(registry, name: str, problem) -> None:
    plugin, known = registry.pm.get_plugin(name), hook_names()
    for attr in dir(plugin):
        if hasattr(getattr(plugin, attr, None), "finsuite_impl") and attr not in known:
            close = sorted(known, key=lambda k: _distance(k, attr))[0]
            problem(f"@hookimpl {attr}", f"no hook has this name (did you mean {close}?)")


def _distance(a: str, b: str) -> int:
    """Edit distance, for the closest hook name."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def _namespaces(name: str, declared: dict, problem) -> None:
    for hook, (attr, prefixes) in NAMESPACES.items():
        allowed = prefixes(name)
        for item in declared.get(hook, []):
            key = getattr(item, attr)
            if not key.startswith(allowed):
                problem(f"{hook} {key!r}", f"keys of plugin {name} start with {' or '.join(allowed)}")


def _sync_types(name: str, declared: dict, problem) -> None:
    """A plugin syncs its own modules (through any app's connection), or others' for its app."""
    for item in declared.get("register_sync_types", []):
        if item.app != name and not item.module.startswith(f"{name}/"):
            problem(f"register_sync_types {item.key!r}", f"a sync type of plugin {name} is for app {name} "
                                                         f"or a module {name}/...")


def _search_fields(module, where: str, problem) -> None:
    """Each of ``search_fields`` is a column of the module's model or one of its references (C10)."""
    from .search.columns import stored_field
    for field in module.search_fields:
        if field not in module.references and stored_field(module.model, field) is None:
            problem(where, f"search_fields names {field!r}, neither a field of its model nor a reference")


def _names(registry, name: str, declared: dict, problem) -> None:
    """Everything a declaration names exists."""
    from .permissions import all_permissions
    apps, modules = set(registry.manifests), registry.modules
    permissions = {p.key for p in all_permissions(registry)}
    for module in declared.get("register_modules", []):
        where = f"Module {module.name!r}"
        if module.app is not None and module.app not in apps:
            problem(where, f"app={module.app!r} is no loaded plugin")
        for field, target in module.references.items():
            if target not in modules:
                problem(where, f"references {field} -> {target!r}, which is no module")
        if module.schema is None or getattr(module.model, "_meta", None) is None:
            problem(where, "needs a model (a core.TenantModel) and a schema")
        else:
            _search_fields(module, where, problem)
    for tab in declared.get("register_tabs", []):
        for missing in [m for m in tab.modules if m not in modules]:
            problem(f"Tab {tab.key!r}", f"lists {missing!r}, which is no module")
        if tab.app is not None and tab.app not in apps:
            problem(f"Tab {tab.key!r}", f"app={tab.app!r} is no loaded plugin")
    for hook in ("register_reports", "register_report_folders", "register_dashboard_components",
                 "register_sync_jobs", "register_sync_types", "register_settings"):
        for item in declared.get(hook, []):
            if getattr(item, "app", None) is not None and item.app not in apps:
                problem(f"{type(item).__name__} {item.key!r}", f"app={item.app!r} is no loaded plugin")
    for report in declared.get("register_reports", []):
        if report.folder not in registry.report_folders:
            problem(f"Report {report.key!r}", f"folder={report.folder!r} is no report folder")
        if report.definition.module not in modules:
            problem(f"Report {report.key!r}", f"its definition's module {report.definition.module!r} is no module")
    for component in declared.get("register_dashboard_components", []):
        if component.report not in registry.reports:
            problem(f"DashboardComponent {component.key!r}", f"report={component.report!r} is no report")
    for sync_type in declared.get("register_sync_types", []):
        if sync_type.module not in modules:
            problem(f"SyncType {sync_type.key!r}", f"module={sync_type.module!r} is no module")
        if sync_type.doc_type not in registry.finance_doc_types:
            problem(f"SyncType {sync_type.key!r}", f"doc_type={sync_type.doc_type!r} is no kind of record of the "
                                                   "embedded finance application (register_finance_doc_types)")
    for hook in ("register_pdf_templates", "register_email_templates"):
        for item in declared.get(hook, []):
            if item.module not in modules:
                problem(f"{type(item).__name__} {item.module!r}", "is for no module")
            if getattr(item, "permission", None) and item.permission not in permissions:
                problem(f"{type(item).__name__} {item.module!r}", f"permission={item.permission!r} is no permission")


def _migrations(name: str, migrations: list, problem) -> None:
    names = [m.name for m in migrations]
    for migration in migrations:
        if migration.app != name:
            problem(f"Migration {migration.name!r}", f"app={migration.app!r}: a plugin's migrations are its own")
    if names != sorted(names) or len(set(names)) != len(names):
        problem("register_migrations", f"names must be unique and in the order they run: {', '.join(names)}")


def _templates(declared: dict, problem) -> None:
    """PDF templates are found where printing looks: the plugins' ``templates/`` and the core's."""
    from jinja2 import TemplateNotFound
    from .pdf import _environment
    for template in declared.get("register_pdf_templates", []):
        try:
            _environment().get_template(template.template)
        except TemplateNotFound:
            problem(f"PdfTemplate {template.module!r}", f"template {template.template!r} is not found")


def rerun_migrations(registry, name: str) -> list[Problem]:
    """The core's, the plugin's and its dependencies' migrations on a new temporary SQLite
    database, then the plugin's again: a step that fails either time is a problem (the safe
    pattern is idempotent, docs/plugins.md)."""
    from playhouse.migrate import SchemaMigrator
    from .db import db, make_database
    from .migrations import migrate
    problems = []
    with tempfile.TemporaryDirectory() as folder, _bound(db, make_database(
            "sqlite:///" + os.path.join(folder, "check.db"), keeps_versions=True)):
        try:
            migrate(registry, {*registry.dependency_order([name]), *registry.core_names})
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            return [Problem(name, "migrations", f"fail on a new database: {type(exc).__name__}: {exc}")]
        migrator = SchemaMigrator.from_database(db.obj)
        for step in registry.declared.get(name, {}).get("register_migrations", []):
            try:
                with db.atomic():
                    step.up(migrator, db.obj)
            except Exception as exc:  # noqa: BLE001
                problems.append(Problem(name, f"Migration {step.name!r}",
                                        f"fails when run again: {type(exc).__name__}: {exc}"))
    return problems


@contextlib.contextmanager
def _bound(proxy, database):
    """``proxy`` pointed at ``database`` for the block, then back."""
    before = proxy.obj
    proxy.initialize(database)
    try:
        with database.connection_context():
            yield
    finally:
        proxy.initialize(before)

"""Dashboards (B12): charts, numbers and tables in a grid, each a component drawn from a report
the user may open (:func:`core.reports.get_entry`), run by the one engine.

A user sees their own dashboards and the shared ones. The enabled apps' default dashboards
(the components plugins declare for each ``dashboard`` label, :func:`default_dashboards`) are
made for the tenant as shared :class:`Dashboard` rows the first time anyone lists dashboards:
a real row has an id like any other, the API and the pages edit it the same way, and an
admin's changes are the organisation's. Each one is made once (a ``dashboard:<key>`` marker
in ``tenant_setting``, whose unique key also settles two first requests at once), so a
default dashboard someone deleted stays deleted; ``based_on`` brings it back as a new one.

Only the owner or an admin changes a dashboard (a default one has no owner: admins only). A
component whose report the user may not open (permissions, its app disabled, a report
deleted) is left out of what they see; their changes keep it, after the ones they see."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import peewee
from flask_babel import LazyString, gettext as _
from werkzeug.exceptions import Forbidden

from ..db import db
from ..models import Dashboard, TenantSetting
from ..records import Invalid, NotFound
from ..sorting import sort_key
from .dashboard_input import KEY_LENGTH, NAME_LENGTH, WIDTHS, read_dashboard
from .definition import CHARTS
from .library import Entry, reports_for
from .output import result_json
from .run import run_report

MADE = "dashboard:"


@dataclass
class DefaultDashboard:
    """An app's default dashboard: ``key`` ``books.books_dashboard``, its declared components."""

    key: str
    label: object
    app: str | None
    components: list = field(default_factory=list)

    def rows(self) -> list[dict]:
        return [{"report": c.report, "label": str(c.label), "chart": c.chart if c.chart in CHARTS else "table",
                 "width": min(max(int(c.width), WIDTHS[0]), WIDTHS[-1])} for c in self.components]


def _msgid(label) -> str:
    """A label as declared (``lazy_gettext``'s English text), whatever the request's language."""
    return str(label._args[0]) if isinstance(label, LazyString) and label._args else str(label)


def default_dashboards(registry) -> list[DefaultDashboard]:
    """The plugins' components grouped by app and dashboard label (declaration order), the
    dashboards in their apps' report folder order (Books first)."""
    found: dict[str, DefaultDashboard] = {}
    for component in registry.dashboard_components.values():
        slug = re.sub(r"[^a-z0-9]+", "_", _msgid(component.dashboard).lower()).strip("_") or "dashboard"
        key = f"{component.app or 'core'}.{slug}"[:KEY_LENGTH]
        found.setdefault(key, DefaultDashboard(key, component.dashboard, component.app)).components.append(component)
    order: dict = {}
    for folder in sorted(registry.report_folders.values(), key=lambda f: f.order):
        order.setdefault(folder.app, folder.order)
    return sorted(found.values(), key=lambda d: order.get(d.app, 1000))


def _enabled(default: DefaultDashboard, apps) -> bool:
    return default.app is None or default.app in apps


def _make_defaults(registry, tenant, apps) -> None:
    """The enabled apps' default dashboards the tenant has never had, made now."""
    wanted = [d for d in default_dashboards(registry) if _enabled(d, apps)]
    if not wanted:
        return
    made = {key for (key,) in TenantSetting.select(TenantSetting.key).where(
        (TenantSetting.tenant == tenant) & TenantSetting.key.startswith(MADE)).tuples()}
    for default in wanted:
        mark = (MADE + default.key)[:100]
        if mark in made:
            continue
        try:
            with db.atomic():
                TenantSetting.create(tenant=tenant, key=mark, value="made")
                Dashboard.create(tenant=tenant, name=str(default.label)[:NAME_LENGTH], owner=None, shared=True,
                                 components=default.rows(), based_on=default.key)
        except peewee.IntegrityError:
            continue  # another request made it first


def dashboards_for(registry, tenant, user, apps) -> list[Dashboard]:
    """The dashboards ``user`` sees: the defaults first (Books first), then by name. One based
    on a default of an app the tenant turned off is left out."""
    _make_defaults(registry, tenant, apps)
    defaults = default_dashboards(registry)
    rank = {d.key: i for i, d in enumerate(defaults)}
    off = {d.key for d in defaults if not _enabled(d, apps)}
    rows = Dashboard.scoped(tenant).where(Dashboard.shared | (Dashboard.owner == user))
    rows = [d for d in rows if d.based_on not in off]
    return sorted(rows, key=lambda d: (rank.get(d.based_on, len(rank)) if d.owner_id is None else len(rank),
                                       sort_key(d.name), d.id))


def get_dashboard(registry, tenant, user, apps, dashboard_id) -> Dashboard:
    """The dashboard if ``user`` sees it, else :class:`NotFound` (another user's private one or
    another tenant's alike)."""
    for dashboard in dashboards_for(registry, tenant, user, apps):
        if dashboard.id == dashboard_id:
            return dashboard
    raise NotFound(_("No dashboard %(id)s.", id=dashboard_id))


def can_change(user, dashboard: Dashboard) -> bool:
    return bool(user.profile.is_admin or (dashboard.owner_id is not None and dashboard.owner_id == user.id))


def _require_change(user, dashboard: Dashboard) -> None:
    if not can_change(user, dashboard):
        raise Forbidden(_("Only its owner or an administrator may change this dashboard."))


@dataclass
class Shown:
    """A component the user may see: ``index`` is its place among all the dashboard's."""

    index: int
    report: str
    label: str          # as stored: empty for the report's own label
    chart: str
    width: int
    entry: Entry

    @property
    def title(self) -> str:
        return self.label or str(self.entry.label)

    def stored(self) -> dict:
        return {"report": self.report, "label": self.label, "chart": self.chart, "width": self.width}

    def as_json(self) -> dict:
        return {**self.stored(), "label": self.title}


def open_reports(registry, tenant, user, apps) -> dict[str, Entry]:
    """The reports ``user`` may open, by key."""
    return {entry.key: entry for entry in reports_for(registry, tenant, user, apps)}


def shown_components(dashboard: Dashboard, reports: dict[str, Entry]) -> list[Shown]:
    shown = []
    for index, item in enumerate(dashboard.components or []):
        entry = reports.get(item.get("report")) if isinstance(item, dict) else None
        if entry is None:
            continue
        chart = item.get("chart") if item.get("chart") in CHARTS else entry.definition.chart
        width = item.get("width") if item.get("width") in WIDTHS else 2
        shown.append(Shown(index, entry.key, item.get("label") or "", chart, width, entry))
    return shown


def component_data(registry, tenant, user, shown: Shown) -> dict:
    """A component with its report's result (``result_json``: amounts as decimal strings), or
    the error that stopped it (a saved report that no longer runs) and no result."""
    try:
        result, error = result_json(run_report(registry, shown.entry.definition, tenant, user)), None
    except Invalid as exc:
        error = "; ".join(f"{key}: {' '.join(map(str, messages))}" for key, messages in exc.errors.items())
        result = None
    return {**shown.as_json(), "result": result, "error": error}


def create_dashboard(registry, tenant, user, apps, data: dict) -> Dashboard:
    """A new dashboard owned by ``user``, private unless ``shared``; from ``based_on`` (a
    default dashboard's key) it starts with that one's components."""
    reports = open_reports(registry, tenant, user, apps)
    defaults = {d.key: d for d in default_dashboards(registry) if _enabled(d, apps)}
    changes = read_dashboard(data, reports, defaults, create=True)
    components = changes.get("components")
    if components is None and "based_on" in changes:
        components = [c for c in defaults[changes["based_on"]].rows() if c["report"] in reports]
    return Dashboard.create(tenant=tenant, owner=user, name=changes["name"], shared=changes.get("shared", False),
                            components=components or [], based_on=changes.get("based_on", ""))


def update_dashboard(registry, tenant, user, apps, dashboard: Dashboard, data: dict) -> Dashboard:
    """Rename, share, or set the components (in order) of ``dashboard``: those the user does
    not see are kept after them."""
    _require_change(user, dashboard)
    reports = open_reports(registry, tenant, user, apps)
    changes = read_dashboard(data, reports, {}, create=False)
    if changes.get("shared") is False and dashboard.owner_id is None:
        raise Invalid({"shared": [_("A default dashboard stays shared: it has no owner to keep it.")]})
    if "components" in changes:
        seen = {s.index for s in shown_components(dashboard, reports)}
        kept = [c for i, c in enumerate(dashboard.components or []) if i not in seen]
        dashboard.components = changes["components"] + kept
    for name in ("name", "shared"):
        if name in changes:
            setattr(dashboard, name, changes[name])
    dashboard.save()
    return dashboard


def delete_dashboard(user, dashboard: Dashboard) -> None:
    _require_change(user, dashboard)
    dashboard.delete_instance()


def dashboard_json(dashboard: Dashboard, shown: list[Shown], user) -> dict:
    owner = dashboard.owner if dashboard.owner_id is not None else None
    return {"id": dashboard.id, "name": dashboard.name, "shared": dashboard.shared,
            "based_on": dashboard.based_on or None, "editable": can_change(user, dashboard),
            "owner": None if owner is None else {"id": owner.id, "name": str(owner)},
            "components": [s.as_json() for s in shown]}

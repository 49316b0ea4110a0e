"""Setup > Finance Suite (A1, Y3, Y4, Y6), admins only: each app's connection to its finance
application, Sync now with a progress bar, the instant-sync switches, the sync history and the
failed records with Retry. Everything is read and written for ``g.tenant`` only."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import format_decimal, gettext as _

from ..i18n import format_moment, translate_declared as tr
from ..auth import admin_required
from ..ids import parse_id
from ..records import title
from ..sync import jobs
from ..sync.connections import configure, get_connection, sync_settings
from ..sync.models import SyncMapping, SyncOutbox, SyncRun
from ..sync.outbox import wake_up
from ..sync.reconcile import RECONCILE_JOB, reconcile
from ..sync.worker import pending_count, retry
from .finance_forms import SECRETS, ZOHO_FIELDS, field_labels, validate

bp = Blueprint("finance_setup", __name__, url_prefix="/setup/finance")

HISTORY = 50


def _registry():
    return current_app.extensions["finsuite"]


def job_labels() -> dict[str, str]:
    labels = {job: _(label) for job, label in jobs.PUSH_JOBS.items()}
    labels[jobs.PULL_JOB] = _("Pull from finance applications")
    labels[RECONCILE_JOB] = _("Find records deleted in finance applications")
    return labels


def run_json(run: SyncRun) -> dict:
    processed = run.done + run.failed
    if run.total:
        percent = min(100, round(100 * processed / run.total))
    else:
        percent = 0 if run.state == "running" else 100
    return {"id": run.id, "job": run.job, "state": run.state, "total": run.total, "done": run.done,
            "failed": run.failed, "processed": processed, "percent": percent,
            "finished": format_moment(run.finished_at) if run.finished_at else ""}


def tenant_run(run_id: int) -> SyncRun:
    run = SyncRun.get_or_none((SyncRun.id == run_id) & (SyncRun.tenant == g.tenant))
    if run is None:
        abort(404)
    return run


def connection_rows(errors_for: str | None = None, errors: dict | None = None, form=None) -> list[dict]:
    from .finance_connect import connect_row
    registry = _registry()
    rows = []
    for name in registry.app_names:
        connection = get_connection(g.tenant, name)
        settings = connection.stored_settings
        posted = form if name == errors_for else None
        values = {"connector": connection.connector, "organization_id": connection.organization_id,
                  **{k: settings.get(k, "") for k in ZOHO_FIELDS if k not in SECRETS}}
        if posted is not None:
            values.update({k: posted.get(k, "") for k in ("connector", "organization_id", *ZOHO_FIELDS)
                           if k not in SECRETS})
        rows.append({"name": name, "manifest": registry.manifests[name], "enabled": name in g.apps,
                     "connection": connection, "fields": values, "zoho": connect_row(connection, posted),
                     "secrets_set": {k: bool(settings.get(k)) for k in SECRETS},
                     "errors": (errors or {}) if name == errors_for else {}})
    return rows


def failed_rows() -> list[dict]:
    registry = _registry()
    rows = []
    query = (SyncOutbox.select().where((SyncOutbox.tenant == g.tenant) & (SyncOutbox.state == "failed"))
             .order_by(SyncOutbox.updated_at.desc()).limit(200))
    for row in query:
        module = registry.modules.get(row.module)
        record = (module.model.get_scoped(g.tenant, row.record_id)
                  if module and row.operation != "delete" else None)
        if record is not None:
            name = title(module, record, g.relay)
        elif row.operation == "delete":
            name = _("#%(id)s, deleted here: its copy could not be deleted", id=row.record_id)
        else:
            name = f"#{row.record_id}"
        # a reason the CRM wrote (a record deleted in the finance application) in the reader's language
        error = _(row.last_error) if row.last_error else ""
        rows.append({"row": row, "module": module, "title": name, "error": error,
                     "url": url_for("modules.detail", module=row.module, record_id=row.record_id)
                     if record is not None else None})
    return rows


def render_page(status: int = 200, errors_for: str | None = None, errors: dict | None = None, form=None):
    from .finance_connect import api_usage, connect_context
    registry = _registry()
    last = jobs.last_runs(g.tenant)
    labels = job_labels()
    sync_jobs = [{"job": job, "label": labels[job], "last": last.get(job)}
                 for job in (*jobs.PUSH_JOBS, jobs.PULL_JOB, RECONCILE_JOB)]
    current = None
    if request.args.get("run"):
        run_id = parse_id(request.args["run"])
        if run_id is None:  # "²" passes str.isdigit but is no id: no such run
            abort(404)
        run = SyncRun.get_or_none((SyncRun.id == run_id) & (SyncRun.tenant == g.tenant))
        current = run_json(run) if run is not None else None
    history = list(SyncRun.select().where(SyncRun.tenant == g.tenant)
                   .order_by(SyncRun.started_at.desc(), SyncRun.id.desc()).limit(HISTORY))
    return render_template(
        "setup/finance.html", apps=connection_rows(errors_for, errors, form),
        connectors=registry.connectors, labels=field_labels(), zoho_fields=ZOHO_FIELDS, secrets=SECRETS,
        sync_jobs=sync_jobs, current=current, job_labels=labels, switches=sync_settings(g.tenant),
        history=history, failed=failed_rows(), pending=pending_count(g.tenant),
        number=format_decimal, app_settings=_app_settings(), errors_for=errors_for, errors=errors,
        api_usage=api_usage(), **connect_context()), status


def _app_settings() -> list[dict]:
    from .app_settings_views import app_setting_rows
    return app_setting_rows()


@bp.route("/")
@admin_required
def index():
    return render_page()


@bp.route("/connections/<app_name>", methods=["POST"])
@admin_required
def save_connection(app_name):
    registry = _registry()
    if app_name not in registry.app_names:
        abort(404)
    from .finance_connect import with_data_centre
    connection = get_connection(g.tenant, app_name)
    form = with_data_centre(request.form)  # a data centre chosen fills the URLs
    connector = form.get("connector", "").strip()
    errors, settings = validate(connector, form, connection.stored_settings)
    if errors:
        return render_page(422, app_name, errors, form)
    old_org = connection.org_key
    organization_id = form.get("organization_id", "").strip() or None
    connection = configure(g.tenant, app_name, connector, organization_id, settings)
    label = tr(registry.manifests[app_name].label)
    flash(_("Connection of %(app)s saved.", app=label), "success")
    warn_if_moved(old_org, connection)
    return redirect(url_for("finance_setup.index") + "#apps")


def warn_if_moved(old_org: str, connection) -> None:
    """A connection now to another organisation: what was synced to the old one stays mapped."""
    mapped = SyncMapping.select().where((SyncMapping.tenant == g.tenant) & (SyncMapping.org_key == old_org)).count()
    if connection.org_key != old_org and mapped:
        flash(_("%(n)d records already synced stay mapped to the previous organisation; they will be "
                "sent again to the new one.", n=mapped), "warning")


@bp.route("/sync/<job>", methods=["POST"])
@admin_required
def sync_now(job):
    registry = _registry()
    if job == jobs.PULL_JOB:
        run = jobs.pull(registry, g.tenant)
    elif job == RECONCILE_JOB:
        run = reconcile(registry, g.tenant)
    elif job in jobs.PUSH_JOBS:
        run = jobs.start_push(registry, g.tenant, job)
        wake_up.set()  # the in-process worker starts at once
    else:
        abort(404)
    flash(_("%(job)s started.", job=job_labels()[job]), "success")
    return redirect(url_for("finance_setup.index", run=run.id) + "#sync")


@bp.route("/runs/<id:run_id>")
@admin_required
def run_status(run_id):
    return jsonify(run_json(tenant_run(run_id)))


@bp.route("/switches", methods=["POST"])
@admin_required
def save_switches():
    switches = sync_settings(g.tenant)
    switches.instant_contacts = request.form.get("instant_contacts") == "1"
    switches.instant_products = request.form.get("instant_products") == "1"
    switches.save()
    flash(_("Sync settings saved."), "success")
    return redirect(url_for("finance_setup.index") + "#switches")


@bp.route("/failed/<id:row_id>/retry", methods=["POST"])
@admin_required
def retry_row(row_id):
    if not retry(row_id, g.tenant):
        abort(404)
    wake_up.set()
    flash(_("The record will be sent again."), "success")
    return redirect(url_for("finance_setup.index") + "#failed")


@bp.route("/failed/retry-all", methods=["POST"])
@admin_required
def retry_all():
    ids = [r.id for r in SyncOutbox.select(SyncOutbox.id).where(
        (SyncOutbox.tenant == g.tenant) & (SyncOutbox.state == "failed"))]
    count = sum(1 for row_id in ids if retry(row_id, g.tenant))
    wake_up.set()
    flash(_("%(n)d records will be sent again.", n=count), "success")
    return redirect(url_for("finance_setup.index") + "#failed")

"""A third-party-style plugin implementing every hook, for the hook and registry tests."""
from __future__ import annotations

from flask import Blueprint

from core import (
    ConnectorSpec, DashboardComponent, DetailStrip, EmailOption, EmailTemplate, Manifest, Migration, PdfTemplate,
    Permission, ProductSection, RelatedList, Report, ReportDefinition, ReportFolder, Setting, StatusAction, StripItem,
    SyncJob, Tab, hookimpl,
)

manifest = Manifest(name="sample", label="Sample", version="1.2.3", description="Test plugin.")

blueprint = Blueprint("sample", __name__, url_prefix="/sample")
MIGRATED = []


@blueprint.route("/ping")
def ping():
    return "pong"


@hookimpl
def register_modules():
    return []


@hookimpl
def register_tabs():
    return [Tab(key="sample", label="Sample", modules=("accounts",), order=90, app="sample")]


@hookimpl
def register_permissions():
    return [Permission("app.sample", "Access Sample", "Apps"), Permission("sample.special", "Special")]


@hookimpl
def register_sync_jobs():
    return [SyncJob(key="sample.pull", label="Pull samples", run=lambda tenant: None, app="sample")]


@hookimpl
def register_reports():
    return [Report(key="sample.count", label="Count", folder="sample", definition=ReportDefinition("accounts"),
                   app="sample")]


@hookimpl
def register_report_folders():
    return [ReportFolder(key="sample", label="Sample reports", app="sample")]


@hookimpl
def register_dashboard_components():
    return [DashboardComponent(key="sample.chart", label="Chart", report="sample.count", app="sample")]


@hookimpl
def register_pdf_templates():
    return [PdfTemplate(module="accounts", template="sample/account.html")]


@hookimpl
def register_email_templates():
    return [EmailTemplate(module="accounts", subject="Hello {{ title }}", body="Dear {{ title }}",
                          recipients=lambda record: [record.email] if record.email else [])]


@hookimpl
def register_settings():
    return [Setting(key="sample.mode", label="Mode", app="sample", choices=[("off", "Off"), ("on", "On")],
                    default="off")]


SAVED: list = []
DEMO: list = []


@hookimpl
def demo_records(tenant, records, users):
    DEMO.append((tenant.slug, sorted(records), len(users)))


@hookimpl
def record_saved(module, record, created, changes):
    SAVED.append((module.name, record.id, created, sorted(changes)))


@hookimpl
def register_connectors():
    return [ConnectorSpec(name="sample-erp", label="Sample ERP", factory=lambda settings: object(), apps=("sample",))]


@hookimpl
def register_migrations():
    return [Migration("sample", "0001_initial", lambda migrator, database: MIGRATED.append(database))]


@hookimpl
def register_blueprints():
    return [blueprint]


@hookimpl
def related_lists(module, record):
    return [RelatedList(key="sample", label="Samples", module="accounts", records=[], order=5)]


@hookimpl
def detail_strips(module, record, user):
    return [DetailStrip(key="sample", label="Sample strip", items=[StripItem("Answer", 42)], order=1)]


@hookimpl
def product_sections(record):
    return [ProductSection(key="sample", label="Sample section", items=[StripItem("Stock", 7)])]


@hookimpl
def status_actions(module, record, user):
    def close(rec, usr):
        rec.closed_by = usr
    return [StatusAction(key="close", label="Close", run=close)]


@hookimpl
def email_options(module):
    return [EmailOption(key="attach_sample", label="Attach sample", default=True)]


@hookimpl
def permission_denied(user, permission, record):
    return permission == "sample.special" and getattr(record, "locked", False)


@hookimpl
def record_title(module, record):
    return f"Sample {record.id}" if getattr(record, "sampled", False) else None


@hookimpl
def validate_record(module, tenant, values, record, user):
    """A rule across records: an account may not take the name of another one of the tenant."""
    if module.name != "accounts" or "name" not in values:
        return None
    if values["name"] == "Crash":
        raise RuntimeError("the sample's check is broken")
    from core.crm.models import Account
    others = Account.scoped(tenant).where(Account.name == values["name"])
    if record is not None:
        others = others.where(Account.id != record.id)
    return {"name": [f"Another account is named {values['name']}."]} if others.exists() else None

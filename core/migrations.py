"""Schema migrations per app: each step runs once and is recorded, so upgrades keep data."""
from __future__ import annotations

import logging

from playhouse.migrate import SchemaMigrator

from . import data_versions, search, sorting
from .db import db
from .declarations import Migration
from .models import CORE_TABLES, SchemaMigration

log = logging.getLogger(__name__)


def _core_initial(migrator, database):
    database.create_tables(CORE_TABLES)


def _tenant_settings(migrator, database):
    from .models import TenantSetting
    database.create_tables([TenantSetting])


def _email_log(migrator, database):
    from .models import EmailLog
    database.create_tables([EmailLog])


def _stored_files(migrator, database):
    from .models.files import StoredFile
    database.create_tables([StoredFile])


def _login_attempts(migrator, database):
    from .models import LoginFailure
    database.create_tables([LoginFailure])


def _record_versions(migrator, database):
    """``audit_log.version``: each write's version of its record, unique per record (core.changes).
    A database made by 0001 since has them already."""
    from .models import AuditLog
    table = AuditLog._meta.table_name
    if "version" not in {c.name for c in database.get_columns(table)}:
        migrator.add_column(table, "version", AuditLog.version).run()
    if "audit_log_tenant_id_module_record_id_version" not in {i.name for i in database.get_indexes(table)}:
        migrator.add_index(table, ("tenant_id", "module", "record_id", "version"), unique=True).run()


def _idempotency_keys(migrator, database):
    from .models import IdempotencyKey
    database.create_tables([IdempotencyKey])


def _saved_reports(migrator, database):
    from .models import Dashboard, SavedReport, SavedView
    database.create_tables([SavedView, SavedReport, Dashboard])


def _data_versions(migrator, database):
    data_versions.create_table(database)


def _email_log_status(migrator, database):
    """The e-mail log (B15) keeps failed sends with their reason, the text and options to send
    again, the Message-ID, and the row a resend repeats; Setup lists it newest first."""
    from .models import EmailLog
    add_columns(EmailLog, "status", "error", "body", "options", "message_id", "resent_from")(migrator, database)
    ensure_index(database, EmailLog._meta.table_name, ("tenant_id", "sent_at"))


def _organisation_profile(migrator, database):
    """Setup > Organisation: the legal name, address, tax id, contact and logo heading documents."""
    from .models.organisation import OrganisationProfile
    database.create_tables([OrganisationProfile])


def _user_language(migrator, database) -> None:
    """Each user's language (French and locales): "" follows the organisation's."""
    from .models import User
    add_columns(User, "language")(migrator, database)


CORE_MIGRATIONS = [Migration("core", "0001_initial", _core_initial),
                   Migration("core", "0002_tenant_settings", _tenant_settings),
                   Migration("core", "0003_email_log", _email_log),
                   Migration("core", "0004_stored_files", _stored_files),
                   Migration("core", "0005_login_attempts", _login_attempts),
                   Migration("core", "0006_record_versions", _record_versions),
                   Migration("core", "0007_idempotency_keys", _idempotency_keys),
                   Migration("core", "0008_saved_reports", _saved_reports),
                   Migration("core", "0009_data_versions", _data_versions),
                   Migration("core", "0010_email_log_status", _email_log_status),
                   Migration("core", "0011_organisation_profile", _organisation_profile),
                   Migration("core", "0012_user_language", _user_language)]


def add_columns(model, *names: str):
    """A migration step (``up(migrator, database)``): ``model``'s table gains the columns of the
    fields ``names`` where it lacks them. A database made by an earlier step from the live
    model has them already, so the step is safe on new and old databases alike (docs/plugins.md)."""
    def up(migrator, database) -> None:
        table = model._meta.table_name
        present = {c.name for c in database.get_columns(table)}
        for name in names:
            field = model._meta.fields[name]
            if field.column_name not in present:
                migrator.add_column(table, field.column_name, field).run()
    return up


def ensure_index(database, table: str, columns: tuple[str, ...]) -> None:
    """Create the plain index ``<table>_<columns>`` unless it exists (SQLite and PostgreSQL alike)."""
    quoted = ", ".join('"' + column + '"' for column in columns)
    database.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{"_".join(columns)}" ON "{table}" ({quoted})')


def applied() -> set[tuple[str, str]]:
    if not db.table_exists(SchemaMigration._meta.table_name):
        return set()
    return {(m.app, m.name) for m in SchemaMigration.select(SchemaMigration.app, SchemaMigration.name)}


def migrate(registry, apps=None) -> list[str]:
    """Apply every migration not yet applied: the core's first, then each plugin's in
    declaration order (only ``apps``' when given); then the search text of every searched
    table (:func:`core.search.ensure`) and the indexes of the lists' text sorts
    (:func:`core.sorting.ensure`). Returns the names applied."""
    done = applied()
    migrator = SchemaMigrator.from_database(db.obj)
    ran = []
    with data_versions.paused(db):
        for step in [*CORE_MIGRATIONS, *(m for m in registry.migrations if apps is None or m.app in apps)]:
            if (step.app, step.name) in done:
                continue
            with db.atomic():
                step.up(migrator, db.obj)
                SchemaMigration.create(app=step.app, name=step.name)
            log.info("applied migration %s.%s", step.app, step.name)
            ran.append(f"{step.app}.{step.name}")
        with db.atomic():  # the searched tables' folded text, as the modules now declare it
            search.ensure(registry, db.obj)
            sorting.ensure(registry, db.obj)  # the sorted text columns' indexes in the lists' collation
    if ran:
        data_versions.written(db, data_versions.EVERY_TABLE)
    return ran

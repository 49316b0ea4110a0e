"""Sync's schema migrations bring a database made by an earlier version up to date, data kept."""
from __future__ import annotations

from playhouse.migrate import SchemaMigrator, migrate

from core.db import db
from core.migrations import migrate as apply_migrations
from core.models import SchemaMigration
from core.sync.models import SyncCursor


def test_y1_an_older_database_gains_the_outbox_column(registry):
    """The ``sync 0002`` migration adds ``sync_outbox.finance_id`` where 0001 made it without."""
    migrate(SchemaMigrator.from_database(db.obj).drop_column("sync_outbox", "finance_id"))
    SchemaMigration.delete().where((SchemaMigration.app == "sync")
                                   & (SchemaMigration.name == "0002_outbox_finance_id")).execute()
    assert "finance_id" not in {c.name for c in db.get_columns("sync_outbox")}
    assert "sync.0002_outbox_finance_id" in apply_migrations(registry)
    assert "finance_id" in {c.name for c in db.get_columns("sync_outbox")}


def test_y2_an_older_database_gains_per_app_pull_cursors(registry):
    """The ``sync 0003`` migration: ``sync_cursor.app`` and the unique index that includes it."""
    SyncCursor.delete().execute()  # the old unique index would refuse two apps' cursors
    migrator = SchemaMigrator.from_database(db.obj)
    new = [i.name for i in db.get_indexes("sync_cursor") if "app" in i.columns]
    migrate(*[migrator.drop_index("sync_cursor", name) for name in new],
            migrator.drop_column("sync_cursor", "app"),
            migrator.add_index("sync_cursor", ("tenant_id", "org_key", "doc_type"), True))
    SchemaMigration.delete().where((SchemaMigration.app == "sync")
                                   & (SchemaMigration.name == "0003_cursor_per_app")).execute()
    assert "sync.0003_cursor_per_app" in apply_migrations(registry)
    unique = [sorted(i.columns) for i in db.get_indexes("sync_cursor") if i.unique]
    assert sorted(["tenant_id", "org_key", "doc_type", "app"]) in unique
    assert sorted(["tenant_id", "org_key", "doc_type"]) not in unique

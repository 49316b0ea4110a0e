"""Y8: the tables every process shares the Zoho limits and tokens through (migration
``sync.0004``)."""
from __future__ import annotations

from core.db import db
from core.migrations import migrate as apply_migrations
from core.models import SchemaMigration

TABLES = ("sync_oauth_token", "sync_api_quota", "sync_api_call")


def test_y8_an_older_database_gains_the_shared_limit_and_token_tables(registry, ctx):
    for table in ("sync_api_call", "sync_api_quota", "sync_oauth_token"):
        db.execute_sql(f"DROP TABLE {table}")
    SchemaMigration.delete().where((SchemaMigration.app == "sync")
                                   & (SchemaMigration.name == "0004_zoho_limits")).execute()
    assert "sync.0004_zoho_limits" in apply_migrations(registry)
    assert set(TABLES) <= set(db.get_tables())


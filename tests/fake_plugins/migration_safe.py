"""The migration trap of migration_trap.py, written the safe way (C5)."""
import peewee

from core import Manifest, Migration, TenantModel, add_columns, hookimpl

manifest = Manifest(name="safe", label="Safe", version="0.1")


class Memo(TenantModel):
    title = peewee.CharField(max_length=100)
    pinned = peewee.BooleanField(default=False)

    class Meta:
        table_name = "safe_memo"


@hookimpl
def register_migrations():
    return [Migration("safe", "0001_memos", lambda migrator, database: database.create_tables([Memo], safe=True)),
            Migration("safe", "0002_pinned", add_columns(Memo, "pinned"))]

"""The migration pattern that fails on a new database: step 1 creates the table from the live
model, which already has the column step 2 adds (C5)."""
import peewee

from core import Manifest, Migration, TenantModel, hookimpl

manifest = Manifest(name="trap", label="Trap", version="0.1")


class Memo(TenantModel):
    title = peewee.CharField(max_length=100)
    pinned = peewee.BooleanField(default=False)

    class Meta:
        table_name = "trap_memo"


@hookimpl
def register_migrations():
    return [Migration("trap", "0001_memos", lambda migrator, database: database.create_tables([Memo])),
            Migration("trap", "0002_pinned", lambda migrator, database: migrator.add_column(
                "trap_memo", "pinned", Memo.pinned).run())]

"""A plugin that loads, with every mistake the contract check names (C5)."""
import peewee

from core import (
    Manifest, Migration, Module, PdfTemplate, Permission, RecordSchema, Report, ReportDefinition, SyncType, Tab, TenantModel,
    hookimpl, required_text,
)

manifest = Manifest(name="mistakes", label="Mistakes", version="0.1", requires="finsuite>=1,<2")


class Note(TenantModel):
    title = peewee.CharField(max_length=100)

    class Meta:
        table_name = "mistakes_note"


class NoteSchema(RecordSchema):
    title = required_text(100, "Title")


@hookimpl
def register_modles():
    return []


@hookimpl
def register_modules():
    return [Module(name="mistakes/notes", label="Notes", singular="Note", model=Note, schema=NoteSchema,
                   app="mistake", title_field="title", references={"deal_id": "crm/deals"},
                   search_fields=("title", "tittle", "deal_id"))]


@hookimpl
def register_permissions():
    return [Permission("notes.share", "Share notes")]


@hookimpl
def register_tabs():
    return [Tab(key="mistakes", label="Mistakes", modules=("mistakes/notes", "mistakes/memos"), app="mistakes")]


@hookimpl
def register_reports():
    return [Report("mistakes.count", "Notes", "mistakes", ReportDefinition("mistakes/notes"), app="mistakes")]


@hookimpl
def register_pdf_templates():
    return [PdfTemplate(module="mistakes/notes", template="mistakes/note.html")]


@hookimpl
def register_migrations():
    return [Migration("mistakes", "0002_titles", lambda migrator, database: None),
            Migration("mistakes", "0001_notes", lambda migrator, database: database.create_tables([Note]))]


@hookimpl
def register_sync_types():
    return [SyncType(module="mistakes/notes", app="mistakes", doc_type="nots", to_payload=lambda note, refs: {})]

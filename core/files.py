"""Files attached to records (an expense's receipt ...): checked by their content, stored per
tenant under the files folder, served only to users who may see the record, never as a page.

A module declares a file field with :func:`file_field` in its schema and :func:`file_column`
in its model; the generic form then shows an upload input, and the API serves
``GET /api/v1/<module>/<id>/files/<field>`` and takes uploads with ``PUT`` / ``POST`` there.
"""
from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import peewee
from flask import current_app, request, send_file
from marshmallow import fields
from werkzeug.exceptions import NotFound as HTTPNotFound

from .changes import hold
from .db import db
from .i18n import gettext as _
from .models.files import StoredFile
from .records import audit, check_unlocked

DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: content type -> the extensions a file of that type is saved under (the first when renamed)
EXTENSIONS = {"image/png": (".png",), "image/jpeg": (".jpg", ".jpeg"), "image/gif": (".gif",),
              "image/webp": (".webp",), "application/pdf": (".pdf",)}


class FileRefused(ValueError):
    """An upload that is not kept: too large, empty, or not an image or PDF by its content."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    content_type: str


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (their magic numbers), or ``None`` when they are
    not a PNG, JPEG, GIF, WebP image or a PDF, whatever the file is called."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def max_upload_bytes() -> int:
    return int(current_app.config.get("MAX_UPLOAD_BYTES") or DEFAULT_MAX_UPLOAD_BYTES)


#: what a request may carry beside its largest file (form fields, a document's lines)
REQUEST_ALLOWANCE = 1024 * 1024


def request_limit() -> int:
    """The largest request body: ``MAX_CONTENT_LENGTH`` when configured, else the largest
    upload plus :data:`REQUEST_ALLOWANCE`."""
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or max_upload_bytes() + REQUEST_ALLOWANCE)


def limit_request_size() -> None:
    """A request body over :func:`request_limit` is refused (413) before any of it is read, so
    an oversized upload never fills memory or a temporary file."""
    request.max_content_length = request_limit()


def too_large_file_message() -> str:
    """Why a file is refused for its size (the form's script shows it before sending, too)."""
    return _("The file is larger than %(limit)s.", limit=_size(max_upload_bytes()))


def too_large_message() -> str:
    return _("The request is larger than %(limit)s: files may be up to %(files)s.",
             limit=_size(request_limit()), files=_size(max_upload_bytes()))


def files_root() -> Path:
    """``FILES_PATH`` when configured, else ``<instance>/files``."""
    return Path(current_app.config.get("FILES_PATH") or os.path.join(current_app.instance_path, "files"))


def _size(limit: int) -> str:
    return f"{round(limit / 1048576, 1):g} MB" if limit >= 1048576 else f"{round(limit / 1024, 1):g} KB"


def clean_name(filename: str, content_type: str) -> str:
    """The user's file name without folders or control characters, ending with an extension
    of its real type (``scan.png`` that is a PDF is kept as ``scan.png.pdf``)."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".") or "file"
    extensions = EXTENSIONS[content_type]
    if not name.lower().endswith(extensions):
        name += extensions[0]
    return name[-200:]


def read_upload(storage) -> Upload:
    """An uploaded file (werkzeug ``FileStorage``) read and checked; :class:`FileRefused` says why not."""
    limit = max_upload_bytes()
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(too_large_file_message())
    if not data:
        raise FileRefused(_("The file is empty."))
    content_type = sniff(data)
    if content_type is None:
        raise FileRefused(_("Only images (PNG, JPEG, GIF, WebP) and PDF files are accepted: "
                            "this file is neither, whatever its name says."))
    return Upload(clean_name(storage.filename, content_type), data, content_type)


class FileField(fields.Field):
    """A stored file as the API shows it: ``{"id", "name", "content_type", "size"}`` or null.
    Only ``null`` is accepted as input (it removes the file); files are uploaded on their own."""

    default_error_messages = {"upload": "Upload the file itself with PUT /api/v1/<module>/<id>/files/<field> "
                                        "(multipart/form-data, part 'file'); only null is accepted here."}

    def _serialize(self, value, attr, obj, **kwargs):
        return value.as_dict() if isinstance(value, StoredFile) else None

    def _deserialize(self, value, attr, data, **kwargs):
        raise self.make_error("upload")


def file_field(label: str, **kwargs) -> FileField:
    """A schema field holding one uploaded file (the form shows an upload input)."""
    return FileField(allow_none=True, metadata={"label": label, "widget": "file", **kwargs.pop("metadata", {})},
                     **kwargs)


def file_column(**kwargs) -> peewee.ForeignKeyField:
    """A model column pointing at a :class:`StoredFile` (``<name>_id`` in the table)."""
    return peewee.ForeignKeyField(StoredFile, null=True, on_delete="SET NULL", backref="+", **kwargs)


@functools.lru_cache(maxsize=None)
def _file_fields(schema_cls) -> tuple[str, ...]:
    return tuple(name for name, f in schema_cls().fields.items() if isinstance(f, FileField))


def file_fields(module) -> tuple[str, ...]:
    """The names of ``module``'s file fields."""
    return _file_fields(module.schema)


def prefetch_files(records, *names: str) -> None:
    """Read the files of ``records``' columns ``names`` in one query (instead of one per record)."""
    records = [r for r in records if r is not None and not isinstance(r, dict)]
    for name in names:
        ids = {r.__data__.get(name) for r in records} - {None}
        found = {f.id: f for f in StoredFile.select().where(StoredFile.id.in_(list(ids)))} if ids else {}
        for record in records:
            value = record.__data__.get(name)
            if value is not None and value in found:
                record.__rel__[name] = found[value]


def store_file(tenant, upload: Upload) -> StoredFile:
    """Write the bytes under ``<files>/<tenant id>/`` (once per content) and record the upload."""
    digest = hashlib.sha256(upload.data).hexdigest()
    relative = f"{int(tenant.id)}/{digest[:2]}/{digest}"
    path = files_root() / relative
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{digest}.{os.getpid()}.part")
        partial.write_bytes(upload.data)
        os.replace(partial, path)
    return StoredFile.create(tenant=tenant, sha256=digest, name=upload.name, content_type=upload.content_type,
                             size=len(upload.data), path=relative)


def attach_file(module, tenant, user, record, name: str, upload: Upload | StoredFile, version=None) -> StoredFile:
    """Store ``upload`` (or take a file stored before, e.g. kept by a refused form) as ``record``'s
    file ``name`` (audited; a locked record is a Conflict; ``version`` as for
    :func:`core.records.update_record`)."""
    if name not in file_fields(module):
        raise HTTPNotFound(_("No file field named %(name)s.", name=name))
    check_unlocked(module, record)
    with db.atomic():
        hold(module, tenant, record, version)
        stored = upload if isinstance(upload, StoredFile) else store_file(tenant, upload)
        old = getattr(record, name)
        setattr(record, name, stored)
        record.save()
        record.__dict__["_version"] = audit(tenant, user, module.name, record.id, "update",
                                            {name: [str(old) if old else None, stored.name]})
    return stored


def file_response(module, record, name: str):
    """The file ``name`` of ``record`` as a download of its stored type, never run or shown as a
    page. The caller has checked the user may view the record."""
    stored = getattr(record, name, None) if name in file_fields(module) else None
    if not isinstance(stored, StoredFile) or stored.tenant_id != record.tenant_id:
        raise HTTPNotFound(_("This record has no such file."))
    path = files_root() / stored.path
    if not path.is_file():
        raise HTTPNotFound(_("This record has no such file."))
    response = send_file(path, mimetype=stored.content_type, as_attachment=True, download_name=stored.name,
                         conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

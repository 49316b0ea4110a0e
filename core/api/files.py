"""A record's uploaded files over the API: ``GET .../<id>/files/<field>`` downloads one,
``PUT`` / ``POST`` with ``multipart/form-data`` (part ``file``) replaces it."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound as HTTPNotFound

from ..files import FileRefused, attach_file, file_fields, file_response, read_upload
from ..records import Invalid, dump
from . import api
from .common import fetch, resolve
from .preconditions import if_match, with_etag


@api.get("/<module:name>/<id:record_id>/files/<field>")
def file_view(name: str, record_id: int, field: str):
    """The file, with its stored content type, as an attachment (``nosniff``)."""
    module = resolve(name)
    return file_response(module, fetch(module, record_id), field)


@api.route("/<module:name>/<id:record_id>/files/<field>", methods=["PUT", "POST"])
def upload_view(name: str, record_id: int, field: str):
    """Upload the file (an image or a PDF, by content, up to ``MAX_UPLOAD_BYTES``); answers the
    record. 422 naming the field for a refused file, 409 for a record that can no longer change."""
    module = resolve(name, "edit")
    if field not in file_fields(module):
        raise HTTPNotFound(_("No file field named %(name)s.", name=field))
    record = fetch(module, record_id, "edit")
    storage = request.files.get("file") or request.files.get(field)
    if storage is None:
        raise Invalid({field: [_("Send the file as multipart/form-data, in a part named 'file'.")]})
    try:
        upload = read_upload(storage)
    except FileRefused as exc:
        raise Invalid({field: [str(exc)]}) from None
    attach_file(module, g.tenant, g.user, record, field, upload, if_match())
    return with_etag(jsonify(dump(module, record)), module, record)

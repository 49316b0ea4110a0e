"""``Idempotency-Key`` on every API POST (creates, actions, e-mail, uploads), as Stripe's API:
a retry of a request whose answer was lost writes nothing a second time.

The first request with a key (per user: a token's user, in its tenant) stores the key, a
fingerprint of what it asks (method, path, body) and, once answered, its status, body and
headers. The same key within 24 hours answers that again with ``Idempotent-Replayed: true``;
with another request it is a 422 naming the header; while the first is still running, a 409.
An answer of 500 or more is not kept (the write rolled back): the key can be sent again.
Keys older than 24 hours are forgotten (deleted when a key of the tenant is next stored).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import peewee
from flask import Response, g, request
from flask_babel import gettext as _

from ..db import db
from ..models import IdempotencyKey, utcnow
from . import api
from .errors import error_response, errors_response

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
LIFETIME = dt.timedelta(hours=24)
MAX_LENGTH = 255
KEPT_HEADERS = ("Content-Type", "Location", "ETag")


def fingerprint() -> str:
    """SHA-256 of the method, the path with its query and the body: a JSON body by its value
    (spacing and key order aside), a multipart upload by its fields and its files' bytes."""
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    if request.mimetype == "multipart/form-data":
        digest.update(json.dumps(sorted(request.form.items(multi=True))).encode())
        for name, storage in sorted(request.files.items(multi=True), key=lambda item: item[0]):
            data = storage.stream.read()
            storage.stream.seek(0)
            digest.update(f"{name}:{storage.filename}:{hashlib.sha256(data).hexdigest()}\n".encode())
        return digest.hexdigest()
    raw = request.get_data(cache=True)
    try:
        digest.update(json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode())
    except (ValueError, UnicodeDecodeError):
        digest.update(raw)
    return digest.hexdigest()


def _replay(row) -> Response:
    response = Response(row.body, status=row.status, headers=json.loads(row.headers or "{}"))
    response.headers[REPLAYED] = "true"
    return response


@api.before_request
def claim_key():
    """Store a POST's key as running, or answer for it: the first answer again, 422, 409."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None or g.get("user") is None:
        return None
    if not key.strip() or len(key) > MAX_LENGTH:
        return errors_response({HEADER: [_("An idempotency key is 1 to %(n)s characters.", n=MAX_LENGTH)]})
    request_print = fingerprint()
    for _attempt in range(3):
        now = utcnow()
        try:
            with db.atomic():
                IdempotencyKey.delete().where((IdempotencyKey.tenant == g.tenant)
                                              & (IdempotencyKey.created_at < now - LIFETIME)).execute()
                g.idempotency_key = IdempotencyKey.create(tenant=g.tenant, user=g.user, key=key,
                                                          fingerprint=request_print, created_at=now)
            return None
        except peewee.IntegrityError:  # the key is taken: by this request before, or another
            row = IdempotencyKey.get_or_none((IdempotencyKey.user == g.user) & (IdempotencyKey.key == key))
        if row is None or row.created_at < now - LIFETIME:
            continue  # gone meanwhile, or expired (removed above on the next attempt)
        if row.fingerprint != request_print:
            return errors_response({HEADER: [_(
                "This idempotency key was used for another request; use a new key for a new request.")]})
        if row.state != "done":
            return error_response(409, _("A request with this idempotency key is still in progress; "
                                         "retry later."))
        return _replay(row)
    return error_response(409, _("A request with this idempotency key is still in progress; retry later."))


@api.after_request
def keep_answer(response):
    """The first request's answer, kept for its key (an error of 500 or more frees the key)."""
    row = g.pop("idempotency_key", None)
    if row is None:
        return response
    if response.status_code >= 500 or response.is_streamed:
        IdempotencyKey.delete().where(IdempotencyKey.id == row.id).execute()
        return response
    headers = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
    IdempotencyKey.update(state="done", status=response.status_code, headers=json.dumps(headers),
                          body=response.get_data(as_text=True)).where(IdempotencyKey.id == row.id).execute()
    return response


@api.teardown_request
def free_key(exc):
    """A request that ended with no answer (an error raised past every handler) keeps no key."""
    row = g.pop("idempotency_key", None)
    if row is not None:
        IdempotencyKey.delete().where(IdempotencyKey.id == row.id).execute()

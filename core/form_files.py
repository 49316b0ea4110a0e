"""Saving a form with its uploads; files chosen in a form refused for another field are kept, so
they need not be chosen again.

An accepted upload of a refused form (an expense's receipt beside an invalid amount) is stored at
once and named in the form by a token (hidden field ``<field>-kept``): its stored file's id, when it
was kept, and an HMAC (the app's secret key) over those, the tenant, the user, the module and the
field. Only that user of that tenant, posting that module's form, can claim it, for a day; a forged
or altered token claims nothing. A kept file never claimed stays stored, unattached.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from flask import current_app

from .files import FileRefused, attach_file, file_fields, read_upload, store_file
from .i18n import gettext as _
from .ids import parse_id
from .models.files import StoredFile
from .changes import Stale
from .records import Invalid, create_record, load, update_record

MAX_AGE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class KeptFile:
    """A file a refused form keeps: ``token`` goes in the form's hidden field, ``name`` is shown."""

    token: str
    name: str
    stored: StoredFile


def _signature(tenant, user, module_name: str, field: str, stored_id: int, issued: int) -> str:
    message = f"kept-file|{tenant.id}|{user.id}|{module_name}|{field}|{stored_id}|{issued}"
    key = str(current_app.secret_key).encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def keep(tenant, user, module, field: str, stored: StoredFile) -> KeptFile:
    """A token for ``stored``, claimable by ``user`` in ``module``'s form, field ``field``."""
    issued = int(time.time())
    signature = _signature(tenant, user, module.name, field, stored.id, issued)
    return KeptFile(f"{stored.id}.{issued}.{signature}", stored.name, stored)


def claim(tenant, user, module, field: str, token: str) -> KeptFile | None:
    """The kept file ``token`` names, or ``None`` when it is not this user's, this tenant's, this
    form's field's, is older than a day, or is gone."""
    parts = (token or "").split(".")
    if len(parts) != 3:
        return None
    stored_id, issued = parse_id(parts[0]), parse_id(parts[1])
    if stored_id is None or issued is None or not 0 <= time.time() - issued <= MAX_AGE_SECONDS:
        return None
    expected = _signature(tenant, user, module.name, field, stored_id, issued)
    if not hmac.compare_digest(expected, parts[2]):
        return None
    stored = StoredFile.get_scoped(tenant, stored_id)
    return KeptFile(token, stored.name, stored) if stored is not None else None


def save_with_files(module, tenant, user, data: dict, files, record=None, kept_tokens: dict | None = None,
                    version=None, refused: dict | None = None):
    """Create (``record`` None) or update a record from a form, its uploads (``files``) and the
    files it kept before (``kept_tokens``: field -> token). A refused file is an :class:`Invalid`
    beside its field, with the other fields' errors, and nothing is saved; when the form is refused,
    its accepted files are kept: ``Invalid.kept_files`` (or ``Stale.kept_files``, when ``version``
    is not the record's any more) maps each field to a :class:`KeptFile`. ``refused``: fields the
    form already refused (a number the reader's locale cannot read), with their messages."""
    uploads, kept, errors = {}, {}, dict(refused or {})
    for name in file_fields(module):
        storage, token = files.get(name), (kept_tokens or {}).get(name)
        if storage is not None and storage.filename:
            try:
                uploads[name] = read_upload(storage)
            except FileRefused as exc:
                errors[name] = [str(exc)]
        elif token:
            found = claim(tenant, user, module, name, token)
            if found is None:
                errors[name] = [_("The file chosen before can no longer be used: choose it again.")]
            else:
                kept[name] = found
    try:
        if errors:
            try:
                load(module, tenant, data, partial=record is not None)
            except Invalid as exc:
                errors = {**exc.errors, **errors}
            raise Invalid(errors)
        record = create_record(module, tenant, user, data) if record is None else \
            update_record(module, tenant, user, record, data, version)
    except (Invalid, Stale) as exc:
        for name, upload in uploads.items():
            kept[name] = keep(tenant, user, module, name, store_file(tenant, upload))
        exc.kept_files = kept
        raise
    for name, upload in {**uploads, **{n: k.stored for n, k in kept.items()}}.items():
        attach_file(module, tenant, user, record, name, upload)
    return record

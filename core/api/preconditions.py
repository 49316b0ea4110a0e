"""Optimistic concurrency over the API (FEATURES C8, RFC 9110 section 13.1.1): one record's
``GET`` / ``POST`` / ``PATCH`` answer its version as a strong ``ETag`` (``"3"``); ``PATCH``,
``DELETE``, actions and uploads honour ``If-Match`` (``*`` matches any): a record at another
version is a 412 naming who changed what since. Without ``If-Match`` the write goes ahead."""
from __future__ import annotations

import re

from flask import request
from flask_babel import gettext as _

from ..changes import Stale, version_of
from . import api
from .errors import error_response

STRONG_TAG = re.compile(r'\s*"(\d{1,18})"\s*')


def if_match() -> set[int] | None:
    """The versions ``If-Match`` accepts: ``None`` (absent or ``*``: any), else the numbers of
    its strong tags (a weak or foreign tag matches none, so it fails)."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    versions = set()
    for tag in header.split(","):
        match = STRONG_TAG.fullmatch(tag)
        if match:
            versions.add(int(match.group(1)))
    return versions


def etag(version: int) -> str:
    return f'"{version}"'


def with_etag(response, module, record):
    """``response`` carrying ``record``'s version as its ``ETag``."""
    response.headers["ETag"] = etag(version_of(module, record))
    return response


@api.errorhandler(Stale)
def on_stale(exc: Stale):
    """412 Precondition Failed: the current ``ETag``, and the writes since the client's version."""
    message = _("Precondition failed: the record is at version %(version)s, not the one in If-Match; "
                "read it again (GET) and send its ETag.", version=exc.version)
    return error_response(412, message, {"ETag": etag(exc.version)},
                          changes=[change.as_dict() for change in exc.changes])

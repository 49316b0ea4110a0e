"""A record's PDF and e-mail over the API (B7, B8): ``GET .../pdf``, ``POST .../email``."""
from __future__ import annotations

import io

from flask import Response, g, jsonify, send_file
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden, NotFound as HTTPNotFound

from ..pdf import pdf_filename, pdf_template, render_pdf
from ..record_mail import MailError, email_template, may_email, send_record_email
from ..records import title
from . import api
from .common import fetch, json_body, resolve
from .errors import error_response


def pdf_response(module, record) -> Response:
    """The record's PDF as a download named after its title (``INV-000001.pdf``)."""
    data = render_pdf(module, record)
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True, etag=False,
                         download_name=pdf_filename(title(module, record, g.relay)))  # RFC 5987 for non-ASCII
    response.headers["Cache-Control"] = "private, no-store"
    return response


@api.get("/<module:name>/<id:record_id>/pdf")
def pdf_view(name: str, record_id: int):
    """The record printed with its module's PDF template (``application/pdf``); 404 when the
    module has none."""
    module = resolve(name)
    if pdf_template(module) is None:
        raise HTTPNotFound(_("%(label)s have no PDF.", label=str(module.label)))
    return pdf_response(module, fetch(module, record_id))


@api.post("/<module:name>/<id:record_id>/email")
def email_view(name: str, record_id: int):
    """Send the record by e-mail: ``{"to": [...], "cc": [...], "subject", "body", <option>: bool}``.

    201 with the e-mail log entry; 404 when the module cannot be e-mailed; 403 without the
    template's permission; 422 for bad addresses, a subject with a line break, or an option the
    record does not offer; 502 with the mail server's error (nothing sent; the failure is in the
    e-mail log)."""
    module = resolve(name)
    if email_template(module) is None:
        raise HTTPNotFound(_("%(label)s cannot be sent by e-mail.", label=str(module.label)))
    record = fetch(module, record_id)
    if not may_email(g.user, module, record):
        raise Forbidden(_("You may not send %(label)s by e-mail.", label=str(module.label).lower()))
    data = json_body()
    try:
        entry = send_record_email(g.relay, module, g.tenant, g.user, record, data)
    except MailError as exc:
        return error_response(502, str(exc))
    response = jsonify(entry.as_dict())
    response.status_code = 201
    return response

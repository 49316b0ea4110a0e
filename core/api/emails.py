"""The e-mail log over the API (B15): a record's e-mails, the organisation's (administrators),
and a resend. Each entry: to, cc, subject, attachments, ``status`` (``sent`` or ``failed``),
``error`` (why it failed, a sentence), who, when, and ``resent_from``."""
from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden, NotFound as HTTPNotFound

from ..models import EmailLog
from ..models.mail import FAILED, SENT
from ..record_lists import MAX_PAGE, MAX_PER_PAGE
from ..record_mail import CannotResend, MailError, email_template, logged_email, may_email, resend_email
from ..records import Invalid
from . import api
from .common import _whole_number, fetch, registry, resolve, visible
from .errors import error_response


def _page(query) -> dict:
    """``query`` (this tenant's rows) newest first, paged by ``page`` / ``per_page``; a
    ``status`` of ``sent`` or ``failed`` keeps those. A bad parameter is a 422 naming it."""
    params, errors = request.args.to_dict(), {}
    _whole_number(params, "page", MAX_PAGE, errors)
    _whole_number(params, "per_page", MAX_PER_PAGE, errors)
    if params.get("status") not in (None, SENT, FAILED):
        errors["status"] = [_("Must be one of: %(keys)s.", keys=", ".join((SENT, FAILED)))]
    if errors:
        raise Invalid(errors)
    if params.get("status"):
        query = query.where(EmailLog.status == params["status"])
    page, per_page = params.get("page", 1), params.get("per_page", 25)
    total = query.count()
    rows = query.order_by(EmailLog.sent_at.desc(), EmailLog.id.desc()).paginate(page, per_page)
    return {"data": [row.as_dict() for row in rows], "page": page, "per_page": per_page, "total": total,
            "has_more": page * per_page < total}


@api.get("/<module:name>/<id:record_id>/emails")
def record_emails_view(name: str, record_id: int):
    """The e-mails sent (or tried) from the record, newest first; 404 when the module cannot be
    e-mailed."""
    module = resolve(name)
    if email_template(module) is None:
        raise HTTPNotFound(_("%(label)s cannot be sent by e-mail.", label=str(module.label)))
    record = fetch(module, record_id)
    query = EmailLog.select().where((EmailLog.tenant == g.tenant) & (EmailLog.module == module.name)
                                    & (EmailLog.record_id == record.id))
    return jsonify(_page(query))


@api.get("/emails")
def email_log_view():
    """Every e-mail of the organisation, newest first (administrators)."""
    if not g.user.profile.is_admin:
        raise Forbidden(_("Only administrators see the e-mail log."))
    return jsonify(_page(EmailLog.select().where(EmailLog.tenant == g.tenant)))


@api.post("/emails/<id:email_id>/resend")
def resend_view(email_id: int):
    """Send a logged e-mail again: 201 with the new entry; 502 when the mail server failed (the
    failure is logged); 409 when it cannot be sent as it was; 404 for another organisation's
    entry or a record that is gone; 403 without the right to e-mail the record."""
    entry = logged_email(g.tenant, email_id)
    module = registry().modules.get(entry.module) if entry is not None else None
    if module is None or not visible(module):
        raise HTTPNotFound(_("No e-mail %(id)s.", id=email_id))
    record = module.model.get_scoped(g.tenant, entry.record_id)
    if record is None:
        raise HTTPNotFound(_("The %(singular)s of this e-mail no longer exists.", singular=str(module.singular).lower()))
    if not may_email(g.user, module, record):
        raise Forbidden(_("You may not send %(label)s by e-mail.", label=str(module.label).lower()))
    try:
        sent = resend_email(g.relay, module, g.tenant, g.user, record, entry)
    except CannotResend as exc:
        return error_response(409, str(exc))
    except MailError as exc:
        return error_response(502, str(exc))
    response = jsonify(sent.as_dict())
    response.status_code = 201
    return response

"""A record's PDF download and e-mail dialog (B7, B8), for any module that declares them."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..api.documents import pdf_response
from ..auth import login_required
from ..documents.clone import clone_document
from ..pdf import pdf_template
from ..record_mail import MailError, email_defaults, email_template, may_email, send_record_email, sent_emails
from ..records import Invalid, title
from .module_views import bp, load_module, load_record
from .related_views import FETCH_HEADER


@bp.route("/m/<path:module>/<id:record_id>/clone", methods=["POST"])
@login_required
def clone(module, record_id):
    """Copy a document into a new draft and open it to be checked (CSRF-checked; the user must
    be allowed to view this one and create one)."""
    module = load_module(module)
    if module.line_items is None or module.read_only:
        abort(404)
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    load_module(module.name, "create")
    try:
        copy = clone_document(module, g.tenant, g.user, record)
    except Invalid as exc:
        flash(_("This %(singular)s cannot be copied: %(errors)s", singular=tr(module.singular).lower(),
                errors="; ".join(f"{k}: {v if isinstance(v, (str, dict)) else ' '.join(map(str, v))}"
                                 for k, v in exc.errors.items())), "error")
        return redirect(url_for("modules.detail", module=module.name, record_id=record.id))
    flash(_("Copied from %(title)s: a new draft. Check it and save.", title=title(module, record, g.relay)), "success")
    return redirect(url_for("modules.edit", module=module.name, record_id=copy.id))


@bp.route("/m/<path:module>/<id:record_id>/pdf")
@login_required
def pdf(module, record_id):
    module = load_module(module)
    if pdf_template(module) is None:
        abort(404)
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    return pdf_response(module, record)


def _form_data(options) -> dict:
    """The dialog's fields as :func:`send_record_email` takes them: every offered option is
    explicit (an unticked box is false)."""
    data = {name: request.form.get(name, "") for name in ("to", "cc", "subject", "body")}
    data.update({option.key: option.key in request.form for option in options})
    return data


@bp.route("/m/<path:module>/<id:record_id>/email", methods=["GET", "POST"])
@login_required
def email(module, record_id):
    module = load_module(module)
    if email_template(module) is None:
        abort(404)
    record = load_record(module, record_id)
    if not may_email(g.user, module, record):
        abort(403)
    record_url = url_for("modules.detail", module=module.name, record_id=record.id)
    defaults = email_defaults(g.relay, module, record, g.user)
    options = defaults["options"]
    errors, send_error = {}, None
    if request.method == "POST":
        data = _form_data(options)
        try:
            entry = send_record_email(g.relay, module, g.tenant, g.user, record, data)
        except Invalid as exc:
            errors = exc.errors
        except MailError as exc:
            send_error = str(exc)
        else:
            flash(_("E-mail sent to %(to)s.", to=", ".join(entry.to_list)), "success")
            if request.headers.get(FETCH_HEADER[0]) == FETCH_HEADER[1]:  # the dialog: it goes there itself,
                return "", 204, {"X-Location": record_url}               # the message kept for that page
            return redirect(record_url)
        values = {**data, "options": {o.key: data[o.key] for o in options}}
    else:
        values = {"to": ", ".join(defaults["to"]), "cc": ", ".join(defaults["cc"]), "subject": defaults["subject"],
                  "body": defaults["body"], "options": {o.key: o.default for o in options}}
    # a mail server's failure re-shows the dialog with its message: 200, since proxies replace
    # a 502 page with their own
    status = 422 if errors else 200
    return render_template("module/email.html", module=module, record=record, title=title(module, record, g.relay),
                           options=options, values=values, errors=errors, send_error=send_error,
                           record_url=record_url), status


@bp.app_template_global()
def record_documents(module, record) -> dict:
    """For the detail page: the PDF and e-mail URLs this user may use (or ``None``) and the
    e-mail log of the record (B15: for modules that can be e-mailed, ``emailable``)."""
    from .email_log_views import email_rows
    out = {"pdf_url": None, "email_url": None, "emails": [], "emailable": False}
    if pdf_template(module) is not None:
        out["pdf_url"] = url_for("modules.pdf", module=module.name, record_id=record.id)
    if email_template(module) is not None:
        out["emailable"] = True
        if may_email(g.user, module, record):
            out["email_url"] = url_for("modules.email", module=module.name, record_id=record.id)
        out["emails"] = email_rows(sent_emails(module, g.tenant, record.id))
    return out

"""The e-mail log (B15): Setup > E-mail log (every message of the organisation, newest first),
the Resend button (record pages and Setup), and, in the demo, Setup > Demo mailbox (the messages
the demo's SMTP catcher kept, :mod:`core.mail_catcher`)."""
from __future__ import annotations

import io

import peewee
from flask import abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ..auth import admin_required, login_required
from ..mail_catcher import caught_attachment, caught_messages
from ..models import EmailLog, User
from ..models.mail import FAILED, SENT
from ..record_mail import CannotResend, MailError, logged_email, may_email, resend_email
from ..records import title
from .auth_views import safe_next
from .module_views import PER_PAGE_CHOICES, bp as modules_bp, load_module, page_numbers
from .setup_views import bp

DEFAULT_PER_PAGE = 25


def _whole(name: str, default: int, allowed=None) -> int:
    """A query parameter that is a whole number from 1 (one of ``allowed``); a 400 naming it."""
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= 100_000 or (allowed and int(raw) not in allowed):
        choices = ", ".join(map(str, allowed)) if allowed else _("a whole number from 1")
        abort(400, description=_("%(name)s: give %(choices)s.", name=name, choices=choices))
    return int(raw)


def _records(rows: list[EmailLog]) -> dict:
    """``(module name, id)``: ``(module, record or None)`` for the rows' records, one query per
    module; a module this organisation does not use has no entry."""
    registry = current_app.extensions["finsuite"]
    wanted: dict[str, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.module, set()).add(row.record_id)
    found = {}
    for name, ids in wanted.items():
        module = registry.modules.get(name)
        if module is None or (module.app is not None and module.app not in g.apps):
            continue
        records = {r.id: r for r in module.model.scoped(g.tenant).where(module.model.id.in_(list(ids)))}
        for record_id in ids:
            found[(name, record_id)] = (module, records.get(record_id))
    return found


def email_rows(rows: list[EmailLog]) -> list[dict]:
    """What a log table shows per row: the record's module, title and link (``None`` once
    deleted), and whether this user may send it again."""
    records = _records(rows)
    out = []
    for row in rows:
        module, record = records.get((row.module, row.record_id), (None, None))
        out.append({"entry": row, "module": module, "record": record,
                    "title": title(module, record, g.relay) if record is not None else f"#{row.record_id}",
                    "url": url_for("modules.detail", module=module.name, record_id=record.id) if record else None,
                    "can_resend": record is not None and row.body is not None and may_email(g.user, module, record)})
    return out


@bp.route("/email-log")
@admin_required
def email_log():
    """Every e-mail sent (or tried) from a record of this organisation, newest first, paged;
    ``?status=failed`` (or ``sent``) shows only those."""
    status = request.args.get("status", "")
    if status not in ("", SENT, FAILED):
        abort(400, description=_("status: give sent or failed."))
    page, per_page = _whole("page", 1), _whole("per_page", DEFAULT_PER_PAGE, PER_PAGE_CHOICES)
    query = (EmailLog.select(EmailLog, User).join(User, peewee.JOIN.LEFT_OUTER).where(EmailLog.tenant == g.tenant))
    if status:
        query = query.where(EmailLog.status == status)
    total = query.count()
    rows = list(query.order_by(EmailLog.sent_at.desc(), EmailLog.id.desc()).paginate(page, per_page))
    pages = max(1, -(-total // per_page))

    def page_url(n: int) -> str:
        return url_for("setup.email_log", page=n, per_page=per_page if per_page != DEFAULT_PER_PAGE else None,
                       status=status or None)

    return render_template("setup/email_log.html", rows=email_rows(rows), total=total, page=page,
                           per_page=per_page, pages=pages, page_numbers=page_numbers(page, pages),
                           page_url=page_url, status=status, per_page_choices=PER_PAGE_CHOICES,
                           first=(page - 1) * per_page + 1, last=min(total, page * per_page))


@modules_bp.route("/emails/<id:email_id>/resend", methods=["POST"])
@login_required
def resend(email_id):
    """Send a logged e-mail again (a new log row); back to ``next`` (the record's page or the
    log) with what happened in a sentence."""
    entry = logged_email(g.tenant, email_id)
    if entry is None:
        abort(404)
    module = load_module(entry.module)
    record = module.model.get_scoped(g.tenant, entry.record_id)
    back = safe_next(request.form.get("next")) or (
        url_for("modules.detail", module=module.name, record_id=record.id) if record else url_for("auth.home"))
    if record is None:
        flash(_("The %(singular)s of this e-mail no longer exists.", singular=str(module.singular).lower()), "error")
        return redirect(back)
    if not may_email(g.user, module, record):
        abort(403)
    try:
        sent = resend_email(g.relay, module, g.tenant, g.user, record, entry)
    except CannotResend as exc:
        flash(str(exc), "error")
    except MailError as exc:
        flash(_("The e-mail was not sent again. %(reason)s", reason=str(exc)), "error")
    else:
        flash(_("E-mail sent again to %(to)s.", to=", ".join(sent.to_list + sent.cc_list)), "success")
    return redirect(back)


def _demo_folder() -> str:
    """The demo catcher's folder; 404 outside the demo."""
    folder = current_app.config.get("DEMO_MAIL_DIR")
    if not folder:
        abort(404)
    return folder


def _tenant_message_ids() -> set[str]:
    query = EmailLog.select(EmailLog.message_id).where((EmailLog.tenant == g.tenant) & EmailLog.message_id.is_null(False))
    return {row.message_id for row in query}


@bp.route("/demo-mail")
@admin_required
def demo_mail():
    """The demo's caught messages that this organisation sent, newest first (only in the demo)."""
    folder = _demo_folder()
    messages = caught_messages(folder, _tenant_message_ids())
    return render_template("setup/demo_mail.html", messages=messages, folder=folder,
                           server=f"{current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}")


@bp.route("/demo-mail/<name>/<int:index>")
@admin_required
def demo_mail_attachment(name, index):
    found = caught_attachment(_demo_folder(), name, index, _tenant_message_ids())
    if found is None:
        abort(404)
    filename, content_type, data = found
    if isinstance(data, str):
        data = data.encode()
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=filename,
                         etag=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response

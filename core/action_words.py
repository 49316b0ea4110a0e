"""Why a status action cannot be run, in words: "This invoice was already marked as sent by Ada
at 10:32 AM." The record's audit log says who moved it to its status and when; the action that
did it is named as the record offered it then (its label, in the past tense)."""
from __future__ import annotations

import copy
import datetime as dt
import json

from flask_babel import format_date, format_time, gettext as _

from .i18n import translate_declared as tr
from .field_words import lower
from .models import AuditLog, User, utcnow

#: verbs whose past tense is not the label's verb + "ed"
IRREGULAR = {"send": "sent", "pay": "paid", "submit": "submitted", "cancel": "cancelled", "void": "voided",
             "set": "set", "put": "put", "write": "written", "ship": "shipped", "bill": "billed"}
#: words of a label that say when, not what ("Cancel now")
WHEN_WORDS = {"now"}
#: how far back the audit log is read for the change that set the status
LOOK_BACK = 50


def past_tense(label: str) -> str:
    """``"Mark as Sent"`` -> ``"marked as sent"``, ``"Reopen"`` -> ``"reopened"``, ``"Submit"`` ->
    ``"submitted"``, ``"Cancel now"`` -> ``"cancelled"``."""
    words = [w for w in str(label).split() if w.lower() not in WHEN_WORDS]
    if not words:
        return ""
    verb = words[0].lower()
    if verb in IRREGULAR:
        done = IRREGULAR[verb]
    elif verb.endswith("e"):
        done = verb + "d"
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        done = verb[:-1] + "ied"
    else:
        done = verb + "ed"
    return " ".join([done, *(lower(w) for w in words[1:])])


def moment(when: dt.datetime) -> str:
    """``"at 10:32 AM"`` today, ``"on Dec 7, 2026 at 10:32 AM"`` another day (the locale's
    formats, in the application's time zone)."""
    if format_date(when, "medium") == format_date(utcnow(), "medium"):
        return _("at %(time)s", time=format_time(when, "short"))
    return _("on %(date)s at %(time)s", date=format_date(when, "medium"), time=format_time(when, "short"))


def status_label(module, status) -> str:
    """The label of ``status`` among the module's status choices (``"partially_paid"`` ->
    ``"Partially paid"``)."""
    field = module.schema._declared_fields.get("status")
    choices = dict((str(c[0]), str(c[1])) for c in (field.metadata.get("choices") or ()) if isinstance(c, (list, tuple))) \
        if field is not None else {}
    return lower(tr(choices.get(str(status), str(status).replace("_", " ").capitalize())))


def _action_then(relay, module, record, user, key: str, status):
    """The action ``key`` as the record offered it in ``status`` (a copy of it in that status)."""
    then = copy.copy(record)
    then.__data__ = {**record.__data__, "status": status}
    then._dirty, then.__rel__ = set(), {}
    for answer in relay.status_actions(module=module, record=then, user=user):
        for action in answer or ():
            if action.key == key:
                return action
    return None


def _last_status_change(module, record):
    """``(row, before, after)`` of the latest audited change of the record's status, or ``None``."""
    rows = (AuditLog.select().where((AuditLog.tenant == record.tenant_id) & (AuditLog.module == module.name)
                                    & (AuditLog.record_id == record.id))
            .order_by(AuditLog.id.desc()).limit(LOOK_BACK))
    for row in rows:
        change = json.loads(row.changes or "{}").get("status")
        if isinstance(change, list) and len(change) == 2:
            return row, change[0], change[1]
    return None


def unavailable(relay, module, record, user, key: str) -> str:
    """Why action ``key`` is not offered on ``record`` now, for the person who pressed it."""
    thing = lower(tr(module.singular))
    status = getattr(record, "status", None)
    offered = _action_then(relay, module, record, user, key, status)
    if offered is not None:  # there, but not for this user
        return _("You may not run “%(action)s” on this %(thing)s.", action=tr(offered.label), thing=thing)
    found = _last_status_change(module, record) if status is not None else None
    named = _action_then(relay, module, record, user, key, found[1]) if found else None
    asked = tr(named.label) if named else key.replace("_", " ").capitalize()
    if found and found[2] == status:
        row, before, _after = found
        done_key = row.action.split(":", 1)[1] if row.action.startswith("action:") else None
        done = _action_then(relay, module, record, user, done_key, before) if done_key else None
        what = past_tense(done.label) if done else _("set to %(status)s", status=status_label(module, status))
        person = User.get_or_none(User.id == row.user_id) if row.user_id else None
        values = {"thing": thing, "done": what, "when": moment(row.created_at), "action": asked}
        if done_key == key:
            return (_("This %(thing)s was already %(done)s by %(who)s %(when)s.", who=str(person), **values)
                    if person else _("This %(thing)s was already %(done)s automatically %(when)s.", **values))
        return (_("This %(thing)s was %(done)s by %(who)s %(when)s, so “%(action)s” is no longer possible.",
                  who=str(person), **values) if person else
                _("This %(thing)s was %(done)s automatically %(when)s, so “%(action)s” is no longer possible.",
                  **values))
    if status is None:
        return _("“%(action)s” is not possible for this %(thing)s.", action=asked, thing=thing)
    return _("“%(action)s” is not possible for this %(thing)s while it is %(status)s.", action=asked, thing=thing,
             status=status_label(module, status))

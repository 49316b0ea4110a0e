"""A record's sync state as the sync strip on its page says it: a sentence a user understands
(what happened, what happens next), and the technical detail apart, folded under it
("Books could not be reached ..." over ``HTTPConnectionPool(...): [Errno 111] Connection refused``)."""
from __future__ import annotations

import re

from flask_babel import gettext as _

from ..i18n import N_, format_moment

#: what a message says when the finance application could not be reached at all
UNREACHABLE = re.compile(
    r"unreachable|could not connect|did not answer|connection (refused|reset|aborted)|HTTPS?ConnectionPool"
    r"|Max retries exceeded|NewConnectionError|\[Errno|timed? ?out|name or service not known"
    r"|temporary failure in name resolution|RemoteDisconnected|host \S+ not found", re.I)
#: what a message says when the finance application answered, but not in a way a user can read
GARBLED = re.compile(r"Traceback|\bHTTP [1-5]\d\d\b|without a JSON|Internal Server Error|Bad Gateway"
                     r"|Service Unavailable|^\w+(Error|Exception): ", re.I)
#: labels of the states
STATUS_LABELS = {"synced": N_("Synced"), "pending": N_("Waiting to sync"), "failed": N_("Sync failed")}


def unreachable(text: str) -> bool:
    return bool(UNREACHABLE.search(text or ""))


def strip_text(entry: dict, app: str) -> tuple[str, str]:
    """``(sentence, detail)`` for one app's entry of :func:`core.sync.state.sync_states`; the
    detail (the error as the service or the transport gave it) is empty when the sentence says
    it all."""
    status, error, failing = entry["status"], entry["error"] or "", entry["failing"]
    if failing:
        since = format_moment(failing["since"])
        reason = failing["reason"] or ""
        if unreachable(reason):
            return _("%(app)s could not be reached since %(since)s. This record waits and will be sent as soon "
                     "as %(app)s answers again.", app=app, since=since), reason
        return _("%(app)s has refused this organisation's connection since %(since)s. This record waits until an "
                 "administrator fixes the connection in Setup > Finance Suite.", app=app, since=since), reason
    label = _(STATUS_LABELS[status])
    if not error:
        return label, ""
    if status == "pending":
        if unreachable(error):
            return _("Waiting to sync: %(app)s could not be reached; it will be tried again shortly.", app=app), error
        return _("Waiting to sync: the last try did not go through; it will be tried again shortly."), error
    if unreachable(error):
        return _("Sync failed: %(app)s could not be reached, even after several tries. An administrator can retry "
                 "it in Setup > Finance Suite, under Failed records.", app=app), error
    if GARBLED.search(error):
        return _("Sync failed: %(app)s did not accept this record. An administrator can retry it in Setup > "
                 "Finance Suite, under Failed records.", app=app), error
    # the finance application's own words (a refusal) say it already
    return _("%(status)s: %(error)s", status=label, error=_(error)), ""  # _(): a reason the CRM wrote

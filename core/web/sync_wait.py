"""A record's page just after a save: while its changes still wait to reach a finance
application, the page asks every half second and reloads itself once they have, so it shows the
number, status and balance the finance application answered (docs/sync.md)."""
from __future__ import annotations

from flask import g, jsonify

from ..auth import login_required
from ..sync.models import SyncOutbox
from .module_views import bp, load_module, load_record


def sync_waiting(tenant, module_name: str, record_id: int) -> bool:
    """Whether some of the record's changes still wait for a finance application (pending or
    being sent). Read before the record itself: once it says no, what the page reads next is
    what the finance application answered."""
    return SyncOutbox.select(SyncOutbox.id).where(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.module == module_name) & (SyncOutbox.record_id == record_id)
        & SyncOutbox.state.in_(("pending", "running"))).exists()


@bp.route("/m/<path:module>/<id:record_id>/sync-state")
@login_required
def sync_state(module, record_id):
    """``{"waiting": true|false}`` for the page's poll (finsuite.js)."""
    module = load_module(module)
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    return jsonify(waiting=sync_waiting(g.tenant, module.name, record.id))

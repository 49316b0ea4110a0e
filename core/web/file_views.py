"""A record's uploaded file (an expense's receipt), for users who may see the record."""
from __future__ import annotations

from ..auth import login_required
from ..files import file_response
from .module_views import bp, load_module, load_record


@bp.route("/m/<path:module>/<id:record_id>/files/<field>")
@login_required
def record_file(module, record_id, field):
    """404 for another tenant's record or a module the tenant has not enabled, 403 without the
    right to view the record; the file as a download of its stored type otherwise."""
    module = load_module(module)
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    return file_response(module, record, field)

"""finance-serve's ``/settings/taxes`` (taxes.yml: list, create, get), on the APIs that follow
Books v3's documents: the organisation's taxes, which document lines name by ``tax_id``
(docs/finance-serve.md "Taxes")."""
from __future__ import annotations

from flask import request

from .local import taxes as tx
from .local.listing import MAX_PER_PAGE
from .server_envelope import HTTPProblem, envelope


def settings(service, parts: list[str], body_of):
    """``GET|POST /settings/taxes``, ``GET /settings/taxes/{tax_id}``. A tax is answered as
    taxes.yml types it: ``"tax"`` is a list of one (the connector reads either)."""
    if len(parts) < 2 or parts[1] != "taxes" or len(parts) > 3:
        raise HTTPProblem(404, 5, "Invalid URL Passed")
    method = request.method
    if len(parts) == 2 and method == "GET":
        try:
            page, per_page = int(request.args.get("page", 1)), int(request.args.get("per_page", MAX_PER_PAGE))
        except ValueError:
            raise HTTPProblem(400, 4, "Invalid value passed for page or per_page") from None
        per_page = max(1, min(per_page, MAX_PER_PAGE))
        taxes, more = tx.list_taxes(service.org, page, per_page)
        return envelope(taxes=taxes, page_context={"page": max(page, 1), "per_page": per_page,
                                                   "has_more_page": more, "report_name": "Taxes",
                                                   "sort_column": "created_time", "sort_order": "D"})
    if len(parts) == 2 and method == "POST":
        return envelope(0, "The tax has been added.", 201, tax=[tx.create_tax(service.org, body_of())])
    if len(parts) == 3 and method == "GET":
        tax = tx.get_tax(service.org, parts[2])
        if tax is None:
            raise HTTPProblem(404, 1002, "The tax does not exist.")
        return envelope(tax=[tx.tax_dict(tax)])
    raise HTTPProblem(405, 5, "Invalid URL Passed (method not allowed)")

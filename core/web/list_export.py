"""A list's columns chosen for the moment (``?columns=``) and the list as a CSV file (issue 17,
item 11): the same records, filters, view, search and sort as on screen, every page."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from flask import Response, g, request

from ..auth import login_required
from ..record_lists import list_records
from ..reports.views import view_filters
from .display import References, cells, column_specs
from .module_views import _list_params, _view, bp, load_module
from .view_fields import chosen_columns, list_columns

#: rows of one export at most (a larger one: narrow the list first)
EXPORT_ROWS = 20000
PAGE = 100
#: what a spreadsheet would run as a formula: such a cell starts with a quote (CSV injection);
#: a sign followed only by digits and separators is a number or a phone number, kept as it is
FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"[+-][\d\s().,/-]*")


def _plain(value, text: str) -> str:
    """A cell as a spreadsheet reads it: amounts and dates plain, text as shown, never a formula."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "'" + text if text.startswith(FORMULA) and not NUMBER_LIKE.fullmatch(text) else text


@bp.route("/m/<path:module>/export.csv")
@login_required
def export_csv(module):
    module = load_module(module)
    view = _view(module)
    params = {k: v for k, v in _list_params(module).items() if k not in ("page", "per_page")}
    if view is not None and view.sort:
        params.setdefault("sort", view.sort)
    columns = list_columns(module, chosen_columns(module, view))
    specs = column_specs(module, columns)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) for c in columns])
    refs, written, number = References(), 0, 1
    while written < EXPORT_ROWS:
        page = list_records(module, g.tenant, {**params, "page": number, "per_page": PAGE},
                            filters=view_filters(view) if view else ())
        refs.prefetch(module, page.records, [c.name for c in columns])
        for record in page.records[:EXPORT_ROWS - written]:
            texts = cells(module, record, columns, refs, specs=specs)
            writer.writerow([_plain(getattr(record, spec.attr, None) if spec else None, cell.text)
                             for spec, cell in zip(specs, texts)])
            written += 1
        if number >= page.pages:
            break
        number += 1
    name = module.name.replace("/", "-")
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})

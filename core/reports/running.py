"""A report run for a request (the API, the report page, its chart's data): the query string's
filters (``status=sent``, ``total__gt=100``, ``due_date__next_days=5``) added to the definition's,
an error in one of them named by its parameter; rows capped for an answer, streamed for a CSV."""
from __future__ import annotations

import csv
import dataclasses
import io
import json

from flask import Response, stream_with_context

from ..records import Invalid
from .compile import Compiled, compile_report
from .definition import Definition
from .filters import filters_from_query
from .output import csv_cell
from .run import Result, _filled, run_report, stream_rows

CSV_CHUNK = 500


def with_params(definition: Definition, args, reserved=frozenset()) -> tuple[Definition, dict[int, str]]:
    """``definition`` with the filters ``args`` write, and each added filter's index -> its parameter."""
    extra = filters_from_query(args, reserved)
    base = len(definition.filters)
    names = {base + index: param for index, (param, _filter) in enumerate(extra)}
    return definition.with_filters([f for _param, f in extra]), names


def renamed(exc: Invalid, names: dict[int, str]) -> Invalid:
    """``filters.3.value`` as the parameter that wrote filter 3 (``total__gt``)."""
    errors: dict[str, list[str]] = {}
    for key, messages in exc.errors.items():
        parts = key.split(".")
        if len(parts) > 1 and parts[0] == "filters" and parts[1].isdigit() and int(parts[1]) in names:
            key = names[int(parts[1])]
        errors.setdefault(key, []).extend(messages)
    return Invalid(errors)


def run_with(registry, definition: Definition, tenant, user, args, cap: int, today=None) -> tuple[Result, bool]:
    """The result with the filters of ``args``, at most ``cap`` rows; and whether there were more."""
    definition, names = with_params(definition, args)
    if not definition.limit or definition.limit > cap:
        definition = dataclasses.replace(definition, limit=cap + 1)
    try:
        result = run_report(registry, definition, tenant, user, today)
    except Invalid as exc:
        raise renamed(exc, names) from None
    return Result(result.columns, result.rows[:cap]), len(result.rows) > cap


def csv_response(registry, entry, tenant, user, args, today=None):
    """A report's every row as a CSV download, with the filters of ``args``, streamed from the
    database (:func:`csv_chunks`); an :class:`Invalid` names a bad filter by its parameter."""
    definition, names = with_params(entry.definition, args)
    try:
        compiled = compile_report(registry, definition, tenant, user, today)
    except Invalid as exc:
        raise renamed(exc, names) from None
    response = Response(stream_with_context(csv_chunks(compiled)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{entry.key}.csv"'
    return response


def csv_chunks(compiled: Compiled):
    """The CSV text of a compiled report, a header row of labels then every row, in chunks of
    :data:`CSV_CHUNK` rows read from :func:`stream_rows` (memory flat at any size). A day
    grouping under a bounded date filter has its empty days too, as the report's table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(c.label) for c in compiled.columns if not c.hidden])
    rows = stream_rows(compiled)
    if compiled.fill is not None:
        rows = _filled(compiled, list(rows))  # one row per day of the filter's span: few
    for count, row in enumerate(rows, 1):
        writer.writerow([csv_cell(value) for value in row])
        if count % CSV_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def plain_definition(definition: Definition) -> dict:
    """``definition.to_dict()`` with its labels as plain text (a default's are lazy strings)."""
    return json.loads(json.dumps(definition.to_dict(), default=str))

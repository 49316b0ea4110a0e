"""Running a compiled report: its rows read from the one query, each group's cells made plain
(a reference as ``{"id", "title"}``, an average and a ratio computed exactly from the sums the
database returned), empty days filled in, and rows streamed for an export of any size."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..db import db, is_postgres
from .compile import Column, Compiled, compile_report
from .definition import Definition
from .result_cache import results

CENT, RATIO = Decimal("0.01"), Decimal("0.0001")
EXPORT_BATCH = 2000


@dataclass
class Result:
    """A report's columns and rows (the rows may be shared with the process's cache: read-only)."""
    columns: list[Column]     # the visible ones
    rows: list[list]


def _plain_day(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def shape(compiled: Compiled, row: tuple) -> list:
    """One output row from one database row: visible cells only."""
    cells = list(row)
    for index, (total, count) in compiled.averages.items():
        cells[index] = None if not cells[count] else _average(cells[total], cells[count], compiled.columns[index].kind)
    for index, (num, den, percent) in compiled.ratios.items():
        cells[index] = _ratio(cells[num], cells[den], percent)
    out = []
    for index, column in enumerate(compiled.columns):
        if column.hidden:
            continue
        value = cells[index]
        if column.kind in ("reference", "user"):
            title = cells[index + 1]
            value = None if value is None else {"id": value, "title": title or ""}
        elif column.kind == "date":
            value = _plain_day(value)
        out.append(value)
    return out


def _average(total, count, kind: str):
    if total is None:
        return None
    return (Decimal(total) / count).quantize(CENT if kind == "money" else Decimal("0.001"))


def _ratio(num, den, percent: bool):
    if num is None or not den:
        return None
    value = Decimal(num) / Decimal(den) * (100 if percent else 1)
    return value.quantize(CENT if percent else RATIO)


def _empty(column: Column):
    return 0 if column.kind == "number" else (Decimal("0.00") if column.kind == "money" else None)


def _filled(compiled: Compiled, rows: list[list]) -> list[list]:
    """Every day of the filter's span, in order, those without records as empty groups."""
    index, (start, end) = compiled.fill
    visible = [c for c in compiled.columns if not c.hidden]
    position = [c for c in compiled.columns if not c.hidden].index(compiled.columns[index])
    found = {row[position]: row for row in rows}
    filled, day = [], start
    while day < end:
        key = day.isoformat()
        filled.append(found.get(key) or [key if i == position else _empty(c) for i, c in enumerate(visible)])
        day += dt.timedelta(days=1)
    return filled


def run_report(registry, definition: Definition, tenant, user=None, today: dt.date | None = None) -> Result:
    """``definition``'s columns and rows for ``tenant`` (``user``'s permissions checked)."""
    compiled = compile_report(registry, definition, tenant, user, today)
    sql, params = compiled.query.sql()

    def read() -> list[list]:
        rows = [shape(compiled, compiled.convert(row)) for row in db.execute_sql(sql, params).fetchall()]
        return rows if compiled.fill is None else _filled(compiled, rows)
    return Result([c for c in compiled.columns if not c.hidden], results().rows(sql, params, compiled.tables, read))


def stream_rows(compiled: Compiled):
    """The rows of a compiled report one by one, read in batches from a server-side cursor on
    PostgreSQL (SQLite steps through its result): memory stays flat at any size."""
    sql, params = compiled.query.sql()
    if not is_postgres():
        for row in db.execute_sql(sql, params):
            yield shape(compiled, compiled.convert(row))
        return
    # DECLARE / FETCH in the transaction peewee began: psycopg2 refuses a named cursor on a
    # connection in autocommit mode, which is how peewee runs it
    with db.atomic():
        db.execute_sql(f"DECLARE finsuite_report_export NO SCROLL CURSOR FOR {sql}", params)
        while True:
            rows = db.execute_sql(f"FETCH {EXPORT_BATCH} FROM finsuite_report_export").fetchall()
            if not rows:
                break
            for row in rows:
                yield shape(compiled, compiled.convert(row))
        db.execute_sql("CLOSE finsuite_report_export")

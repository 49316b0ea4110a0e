"""Reports, custom views and dashboards (B9-B12, E3, I1): one engine, declared as data.

A :class:`Definition` names a module, its filters, groups and aggregates; :func:`compile_report`
turns it into one SQL query, :func:`run_report` runs it. Views, the plugins' default reports,
saved reports and dashboard components are all definitions."""
from __future__ import annotations

from .catalogue import Field, Relation, fields_of, relations_of
from .compile import Column, Compiled, compile_report
from .definition import Aggregate, Definition, Grouping, Ratio, definition_from
from .filters import OPERATORS, Filter, filters_from_query
from .output import csv_cell, result_json
from .library import Entry, check_runnable, folder_label, get_entry, reports_for
from .run import Result, run_report, stream_rows

__all__ = ["Aggregate", "check_runnable", "Column", "Compiled", "compile_report", "Definition", "definition_from",
           "csv_cell", "Entry", "Field", "fields_of", "Filter", "filters_from_query", "folder_label", "result_json", "get_entry", "reports_for", "Grouping", "OPERATORS", "Ratio", "Relation", "relations_of", "Result", "run_report",
           "stream_rows"]

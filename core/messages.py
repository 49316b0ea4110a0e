"""Messages that name records: plain text in the API's JSON and in logs, and on a page each
named record is a link to it ("The expense “Taxi” is already in the report “Lyon trip”.")."""
from __future__ import annotations

from markupsafe import Markup, escape


class Naming(str):
    """A message (a ``str``) that knows the records it names: Jinja shows it through
    :meth:`__html__`, each record's title a link to its page."""

    _template: str
    _records: dict

    def __new__(cls, template: str, records: dict):
        self = super().__new__(cls, template.format(**{k: shown for k, (_m, _i, shown) in records.items()}))
        self._template, self._records = template, records
        return self

    def __html__(self) -> Markup:
        from flask import has_request_context, url_for
        parts = {}
        for key, (module_name, record_id, shown) in self._records.items():
            url = url_for("modules.detail", module=module_name, record_id=record_id) if has_request_context() else None
            parts[key] = Markup('<a href="{}">{}</a>').format(url, shown) if url else escape(shown)
        return escape(self._template).format(**parts)


def naming(template: str, **records) -> Naming:
    """``naming("The expense {expense} is already in the report {report}.", expense=(module,
    record), report=(module, record))``: each ``{key}`` is the record's title in quotes (as its
    pages show it), a link on a page."""
    from .records import relay_for, title
    named = {}
    for key, (module, record) in records.items():
        named[key] = (module.name, record.id, f"“{title(module, record, relay_for(record.tenant))}”")
    return Naming(template, named)

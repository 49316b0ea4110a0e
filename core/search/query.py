"""Searching a module's records (C10), for its list, the API and the global search.

``q`` is folded like the stored text (:mod:`.folding`) and cut into words; a record matches
when each word is in its search text, or in the search text of a record it refers to through a
reference named in ``search_fields``: ``search_fields=("number", "reference", "account_id",
"contact_id")`` finds the invoices whose account or contact the same words find in the
Accounts or Contacts list (one level: an account's own references are not followed).
"""
from __future__ import annotations

import functools
import operator

import peewee

from .columns import COLUMN, searched_columns, stored_field
from .folding import fold

#: words of a query taken into account; characters of a word
MAX_WORDS, MAX_WORD = 8, 100


def words(q: str) -> list[str]:
    """The folded words of a query: ``"Grupo  ZÜRCHER"`` -> ``["grupo", "zurcher"]``."""
    return [w[:MAX_WORD] for w in fold(q or "").split()[:MAX_WORDS]]


def _like(model, word: str):
    pattern = "%" + word.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
    return peewee.NodeList((peewee.Column(model, COLUMN), peewee.SQL("LIKE"), peewee.Value(pattern),
                            peewee.SQL("ESCAPE '!'")))


def condition(registry, module, tenant, q: str):
    """The SQL condition of ``q`` on ``module``'s records of ``tenant``, or ``None`` when ``q``
    holds no word (or the module searches nothing)."""
    stored = searched_columns(registry)
    references = []
    for name in module.search_fields:
        target = registry.modules.get(module.references.get(name, ""))
        field = stored_field(module.model, name)
        if target is not None and field is not None and target.model in stored:
            references.append((field, target.model))
    own = module.model in stored
    clauses = []
    for word in words(q):
        alternatives = [_like(module.model, word)] if own else []
        for field, model in references:
            # a model of its own per subquery: peewee names each table of the query apart
            alternatives.append(field.in_(model.select(model.id).where((model.tenant == tenant) & _like(model, word))))
        if alternatives:
            clauses.append(functools.reduce(operator.or_, alternatives))
    return functools.reduce(operator.and_, clauses) if clauses else None

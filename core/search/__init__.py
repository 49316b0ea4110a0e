"""Search (C10): text folded alike on SQLite and PostgreSQL (:mod:`.folding`), stored per row
and kept by triggers (:mod:`.columns`), matched word by word, through references too
(:mod:`.query`), and across every module a user may view (:mod:`.everywhere`)."""
from .columns import COLUMN, ensure
from .folding import fold
from .query import condition, words

__all__ = ["COLUMN", "condition", "ensure", "fold", "words"]

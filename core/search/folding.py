"""Folding text for search (C10): one function, the same on SQLite and PostgreSQL, that drops
case and accents, letters Unicode does not decompose too (ł, ø, æ, œ, ß, đ, þ ...), so that
``lodz`` finds Łódź, ``sorensen`` Sørensen and ``strasse`` Straße.

It is a table from one character to its folded text, built once from Unicode's data
(:func:`fold_table`): Python folds with it (:func:`fold`, the SQLite function the triggers
call), and PostgreSQL's function ``finsuite_fold`` (:func:`postgres_function`) is generated
from the same table, not from the server's locale, so both fold every character alike.
Characters outside the table's ranges (CJK, emoji ...) are kept as they are.
"""
from __future__ import annotations

import functools
import hashlib
import unicodedata

#: the code points the table covers: ASCII, Latin (Latin-1, Extended A and B, IPA, Extended
#: Additional), combining marks (a decomposed "u" + "¨" loses its mark), Greek, Cyrillic,
#: the Latin ligatures ﬀ-ﬆ and fullwidth ASCII
RANGES = ((0x20, 0x2AF), (0x300, 0x36F), (0x370, 0x52F), (0x1E00, 0x1FFF), (0xFB00, 0xFB06), (0xFF01, 0xFF5E))
#: letters with no decomposition to a base letter, and what they are searched as
LETTERS = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th", "ħ": "h",
           "ı": "i", "ŧ": "t", "ŋ": "n", "ĸ": "k", "ſ": "s", "ƀ": "b", "ƚ": "l", "ǥ": "g", "ȥ": "z",
           "ɨ": "i", "ʉ": "u", "ɍ": "r", "ƶ": "z", "ȼ": "c", "ɇ": "e", "ɉ": "j", "ɏ": "y", "ⱥ": "a",
           "ⱦ": "t", "ŀ": "l", "ς": "σ"}


def _fold_char(char: str) -> str:
    text = unicodedata.normalize("NFKD", LETTERS.get(char.lower(), char.lower()))
    text = "".join(LETTERS.get(c, c) for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.cache
def fold_table() -> dict[int, str]:
    """``{code point: folded text}`` for every character of :data:`RANGES` that folding changes
    (``""``: dropped, a combining mark). Each value folds to itself."""
    table: dict[int, str] = {}
    for low, high in RANGES:
        for point in range(low, high + 1):
            char = chr(point)
            if unicodedata.category(char) in ("Cn", "Cs"):
                continue
            folded = _fold_char(char)
            if folded != char:
                table[point] = folded
    for _ in range(3):  # a value whose own characters fold further (rare): to the fixed point
        table = {point: "".join(table.get(ord(c), c) for c in value) for point, value in table.items()}
    return table


def fold(text) -> str:
    """``text`` as search compares it: lower case, no accents (``"Łódź"`` -> ``"lodz"``)."""
    return str(text).translate(fold_table()) if text else ""


def fold_values(*values) -> str:
    """The searched text of a row: its values folded, joined by a space (``None`` left out)."""
    return fold(" ".join(str(v) for v in values if v is not None and v != ""))


@functools.cache
def version() -> str:
    """A digest of the folding (its table, and PostgreSQL's function made of it): text stored
    by another folding is folded again (:mod:`.columns`)."""
    return hashlib.sha256(postgres_function().encode()).hexdigest()[:12]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def postgres_function() -> str:
    """``CREATE OR REPLACE FUNCTION finsuite_fold(text)``: :func:`fold` in SQL. Letters that
    fold to several (æ -> ae) are replaced first, then ``translate`` maps one to one and drops
    the combining marks; a string of ASCII only (the usual case) takes a 26-letter translate.
    About 5 µs a value of ASCII, 20 µs one with accents (bench/README.md)."""
    table = fold_table()
    multi = {point: value for point, value in table.items() if len(value) > 1}
    single = [(chr(point), value) for point, value in table.items() if len(value) == 1]
    dropped = "".join(chr(point) for point, value in table.items() if value == "")
    expression = "$1"
    for point, value in sorted(multi.items()):
        expression = f"replace({expression}, {_literal(chr(point))}, {_literal(value)})"
    # translate() looks each character up from the start of ``source``: the letters most
    # names are made of come first, mapped to themselves
    common = " abcdefghijklmnopqrstuvwxyz0123456789-.,&'"
    source = common + "".join(c for c, _ in single) + dropped
    target = common + "".join(v for _, v in single)
    upper = "".join(chr(c) for c in range(ord("A"), ord("Z") + 1))
    ascii_only = f"translate($1, {_literal(upper)}, {_literal(upper.lower())})"
    return (
        "CREATE OR REPLACE FUNCTION finsuite_fold(text) RETURNS text\n"
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$\n"
        f"SELECT CASE WHEN octet_length($1) = char_length($1) THEN {ascii_only}\n"
        f"ELSE translate({expression}, {_literal(source)}, {_literal(target)}) END\n$f$")

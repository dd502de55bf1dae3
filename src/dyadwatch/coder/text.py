"""Length-preserving lowercasing and word tokenisation with exact offsets (coder internals)."""

from __future__ import annotations

import re
from typing import NamedTuple

_TR_UPPER = str.maketrans({"İ": "i", "I": "ı", "’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-"})
_PLAIN = str.maketrans({"İ": "i", "’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-"})
_TURKIC = frozenset({"tr", "az", "tk", "kk", "tt", "crh"})

# A word: letters/digits with inner apostrophes or hyphens (O'Brien'in, ABŞ-la, 1991-ci), or an
# abbreviation with dots (U.S., u.s.a.).
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['\-]\w+)*")


def lower(text: str, lang: str) -> str:
    """Lowercase ``text`` for ``lang`` without changing its length (so offsets stay valid).

    Turkish/Azerbaijani map dotted/dotless I correctly; typographic apostrophes become ``'``.
    Characters whose lowercase form has a different length are kept as they are.
    """
    table = _TR_UPPER if lang in _TURKIC else _PLAIN
    s = text.translate(table)
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in s)


class Token(NamedTuple):
    """One word of a sentence: lowercased text and offsets relative to the sentence start (a named tuple:
    sentences make hundreds of thousands of them, and tuples are built fastest)."""

    text: str
    start: int
    end: int
    index: int


_new = tuple.__new__


def tokenize(low: str, keep_hyphen_suffix: frozenset[str] = frozenset()) -> list[Token]:
    """Split an already-lowercased sentence into word tokens.

    A hyphenated word is split into parts unless the part after a hyphen is a known suffix
    (``keep_hyphen_suffix``), e.g. ``abş-la`` stays one token but ``abd-azerbaycan`` becomes two.
    """
    if "-" not in low:  # no hyphenated word: one token per match (built as tuples: the fastest way)
        return [_new(Token, (m.group(), m.start(), m.end(), k)) for k, m in enumerate(_WORD.finditer(low))]
    out: list[Token] = []
    for m in _WORD.finditer(low):
        w = m.group()
        s = m.start()
        if "-" in w:
            pieces = w.split("-")
            cur = pieces[0]
            cur_start = s
            pos = s + len(pieces[0])
            for p in pieces[1:]:
                if p in keep_hyphen_suffix:
                    cur += "-" + p
                    pos += 1 + len(p)
                    continue
                if cur:
                    out.append(Token(cur, cur_start, cur_start + len(cur), len(out)))
                cur = p
                cur_start = pos + 1
                pos += 1 + len(p)
            if cur:
                out.append(Token(cur, cur_start, cur_start + len(cur), len(out)))
        else:
            out.append(Token(w, s, m.end(), len(out)))
    return out

"""Language-aware, length-preserving lowercasing used for lexicon keys and text matching."""

from __future__ import annotations

__all__ = ["TURKIC", "lower"]

#: Languages whose Latin alphabet has dotted/dotless I (İ/i, I/ı).
TURKIC = frozenset({"tr", "az", "tk", "kk", "tt", "crh", "gag"})

_PUNCT = {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-"}
_TURKIC_TABLE = str.maketrans({"İ": "i", "I": "ı", **_PUNCT})
# Outside Turkic languages "İ" still lowercases to a plain "i" (str.lower would add a combining dot).
_PLAIN_TABLE = str.maketrans({"İ": "i", **_PUNCT})


def lower(text: str, lang: str) -> str:
    """Lowercase ``text`` for ``lang`` without changing its length, so character offsets stay valid.

    Turkish and Azerbaijani (and the other Turkic languages in :data:`TURKIC`) map ``I`` to ``ı`` and
    ``İ`` to ``i``; every language maps ``İ`` to ``i``. Typographic apostrophes and hyphens become
    ``'`` and ``-``. A character whose lowercase form would have a different length is kept as it is.

    >>> lower("ISPARTA", "tr"), lower("İSTANBUL", "tr"), lower("ILHAM", "en")
    ('ısparta', 'istanbul', 'ilham')
    """
    s = text.translate(_TURKIC_TABLE if lang in TURKIC else _PLAIN_TABLE)
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)

"""Damaged text: detect and repair letters lost by broken PDF fonts (Azerbaijani ``ə ş ç ğ ı ö ü``,
Turkish ``ş ç ğ ı ö ü``).

* :func:`damage_score`, :func:`is_damaged`, :func:`document_damage` - detection (0 = clean, 1 = damaged);
* :func:`repair` - restoration with an offset map between the original and the repaired text;
* :func:`damage` - the synthetic damage process used to build test sets.

Language knowledge lives in ``data/lang/<lang>/damage.yaml`` and ``data/lexicon/<lang>.*.tsv``.
"""

from dyadwatch.damage.detect import damage_score, document_damage, is_damaged, score_document
from dyadwatch.damage.restore import Change, OffsetMap, Repair, repair
from dyadwatch.damage.synth import damage

__all__ = [
    "Change",
    "OffsetMap",
    "Repair",
    "damage",
    "damage_score",
    "document_damage",
    "is_damaged",
    "repair",
    "score_document",
]

"""Synthetic damage: what a broken PDF font does to Azerbaijani and Turkish text.

``damage(text, lang, seed)`` deletes every lost letter of the language (``data/lang/<lang>/damage.yaml``:
``lost_letters`` and their capitals); the space letter (Azerbaijani ``ə``/``Ə``) becomes a space with
probability ``space_prob`` and vanishes otherwise.  With ``lookalike_prob`` > 0 a lost letter is instead
replaced by its ASCII look-alike with that probability.  The same seed gives the same damage.
"""

from __future__ import annotations

import logging
import random

from dyadwatch.damage.langdata import load_lang

logger = logging.getLogger(__name__)


def damage(text: str, lang: str, seed: int = 0, *, space_prob: float = 0.7, lookalike_prob: float = 0.0) -> str:
    """Return ``text`` with the lost letters of ``lang`` deleted (or spaced / replaced), reproducibly.

    Args:
        text: clean text.
        lang: language code with damage data (``az``, ``tr``; ``en`` loses nothing).
        seed: random seed; the same seed and text give the same output.
        space_prob: probability that the space letter becomes a space instead of vanishing.
        lookalike_prob: probability that a lost letter becomes its ASCII look-alike instead.
    """
    data = load_lang(lang)
    rng = random.Random(seed)
    lost = set(data.lost_letters)
    out: list[str] = []
    for ch in text:
        low = data.lower(ch)
        if ch.isascii() or low not in lost or len(low) != 1:  # ASCII glyphs (I, s, c...) survive
            out.append(ch)
            continue
        if lookalike_prob and low in data.lookalikes and rng.random() < lookalike_prob:
            alike = data.lookalikes[low]
            out.append(alike.upper() if ch != low else alike)
        elif low == data.space_letter:
            out.append(" " if rng.random() < space_prob else "")
        # any other lost letter simply disappears
    return "".join(out)

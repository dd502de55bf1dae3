"""Decode bytes to NFC text: BOMs, UTF-8/16, then the best-scoring legacy code page.

Legacy code pages (cp1254 Turkish, cp1251 Cyrillic, latin-1 …) cannot be told apart by validity alone — almost
any byte string decodes. Each candidate from ``data/encodings.yaml`` is scored by how plausible its letters are,
which picks cp1254 for Turkish where a generic detector says cp1252 (``Dışişleri`` vs ``Dýþiþleri``).
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyadwatch import yamlio

log = logging.getLogger(__name__)


class DecodeError(ValueError):
    """The bytes are not text in any supported encoding."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, NFC-normalised, with the encoding that was used."""

    text: str
    encoding: str


@lru_cache(maxsize=1)
def _encoding_data() -> tuple[tuple[str, ...], frozenset[str]]:
    raw = yamlio.safe_load(resources.files("dyadwatch.data").joinpath("encodings.yaml").read_text("utf-8"))
    candidates = tuple(raw["candidates"])
    for name in candidates:
        codecs.lookup(name)  # fail loudly on a typo in the data file
    letters = frozenset("".join(raw["letters"].values()))
    return candidates, letters


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True for data that is clearly not text: NUL bytes, or many control bytes, in the first ``sample`` bytes."""
    head = data[:sample]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def _score(text: str, letters: frozenset[str]) -> int:
    score = 0
    for ch in text:
        o = ord(ch)
        if o < 128:
            if ch.isalpha():
                score += 1
            elif o < 32 and ch not in "\t\n\r\f":
                score -= 10
        elif ch in letters:
            score += 1
        elif unicodedata.category(ch)[0] == "C":
            score -= 10
        else:
            score -= 3
    return score


def decode(data: bytes) -> Decoded:
    """Decode ``data`` to NFC text. Raises :class:`DecodeError` for binary or undecodable input."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return Decoded(unicodedata.normalize("NFC", data.decode(enc)), enc)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {enc} despite its byte-order mark: {exc}") from exc
    if looks_binary(data):
        raise DecodeError("binary content (NUL or control bytes), not text")
    try:
        return Decoded(unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates, letters = _encoding_data()
    best: tuple[int, str, str] | None = None
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _score(text, letters)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None or best[0] < 0:
        raise DecodeError("undecodable: not UTF-8 and no supported code page gives plausible text")
    log.debug("decoded as %s (score %d)", best[1], best[0])
    return Decoded(unicodedata.normalize("NFC", best[2]), best[1])

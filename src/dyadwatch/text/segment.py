"""Sentence segmentation with exact character offsets.

``segment(text, lang)`` returns ``(start, end)`` offsets (end exclusive) such that ``text[start:end]`` is
one sentence with no leading or trailing whitespace. Every non-whitespace character of ``text`` lies in
exactly one span, in order: segmentation only ever cuts at whitespace, so nothing is lost.

How sentences end (all language knowledge comes from ``data/lang/<lang>/segment.yaml``, merged over
``data/lang/_default/segment.yaml`` and validated against ``data/schema/segment.schema.json``):

1. A paragraph break (a blank line) always ends a sentence. A single line break (a PDF line wrap) does not,
   except after a *heading*: a paragraph's first line that is short (``heading.max_chars``), has few
   words (``heading.max_words``) or is in title case, does not end with punctuation
   (``heading.final_chars``) or a short lower-case word, and is followed by a line that starts with an
   upper-case letter ("Summary\nBilateral relations ...").
2. Otherwise a sentence ends only at a run of ``terminators`` followed by whitespace. Closing quotes or
   brackets (``closing``) and footnote markers (``footnote``, e.g. ``[1]``) right after the terminator
   stay with the sentence. Because whitespace is required, ``3.5``, ``A.Mutallibov``, ``U.S.'s``, URLs
   and e-mail addresses are never split.
3. The end is vetoed when the next word starts with a lower-case letter (``lowercase_continues``), when the
   token is a listed abbreviation (``abbreviations``), when it is an ambiguous abbreviation
   (``ambiguous_abbreviations``) not followed by a listed ``sentence_starters`` word, or when a
   ``no_break`` rule matches (e.g. a capital initial ``H. Aliyev``; an ordinal ``18. yüzyıl``).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from dyadwatch import yamlio

log = logging.getLogger(__name__)

__all__ = ["SegmentDataError", "SegmentRules", "load_rules", "rules_for", "segment"]

DEFAULT = "_default"
_LIST_KEYS = ("abbreviations", "ambiguous_abbreviations", "sentence_starters", "no_break")
_OPENERS = "\"'“‘«„‚‹([{¿¡*_"
_TRAILING = ",;:)]}\"'”’»›*_"

# Line breaks as str.splitlines() sees them; a paragraph break is two of them with only spaces between.
_LB = r"(?:\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])"
_HSPACE = r"[^\S\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_PARA_BREAK = re.compile(rf"{_LB}(?:{_HSPACE}*{_LB})+|\u2029")
_LINE_BREAK = re.compile(_LB)
_NON_SPACE = re.compile(r"\S")
_SHORT_WORD = 3  # a heading never ends with a lower-case word this short ("the", "of", "ve", "və")


class SegmentDataError(ValueError):
    """Invalid segmentation data; the message names the offending file."""


@functools.cache
def _char_class(kind: str) -> str:
    """A regex character class of Unicode (BMP) upper-case, lower-case or letter characters."""
    test = {"UPPER": str.isupper, "LOWER": str.islower, "LETTER": str.isalpha}[kind]
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF or not test(chr(cp)):
            continue
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


def _expand(pattern: str) -> str:
    for kind in ("UPPER", "LOWER", "LETTER"):
        pattern = pattern.replace("{" + kind + "}", _char_class(kind))
    return pattern


@dataclass(frozen=True, slots=True)
class NoBreakRule:
    """A compiled ``no_break`` rule: veto a sentence end when ``token`` (and ``next``) match."""

    id: str
    token: re.Pattern[str]
    next: re.Pattern[str] | None
    starter_breaks: bool = False


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """Compiled segmentation data for one language."""

    language: str
    candidate: re.Pattern[str]
    lowercase_continues: bool
    abbreviations: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]
    no_break: tuple[NoBreakRule, ...]
    heading_max_chars: int
    heading_max_words: int
    heading_final: str
    heading_title_case: bool
    langid: Mapping[str, Any]


@functools.cache
def _schema() -> dict[str, Any]:
    ref = resources.files("dyadwatch") / "data" / "schema" / "segment.schema.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def _read_yaml(path: Path | Any) -> dict[str, Any]:
    """Read and schema-validate one segment YAML file (a path or an importlib Traversable)."""
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SegmentDataError(f"{path}: cannot read segmentation data: {exc}") from exc
    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "<root>"
        raise SegmentDataError(f"{path}: invalid segmentation data at {where}: {exc.message}") from exc
    return data


def _variants(entries: list[str]) -> frozenset[str]:
    """The entries plus the capitalised form of those written in lower case ('prof.' → 'Prof.')."""
    out = set(entries)
    out.update(e[0].upper() + e[1:] for e in entries if e[:1].islower())
    return frozenset(out)


def _compile(data: Mapping[str, Any], source: str) -> SegmentRules:
    try:
        term = "[" + re.escape(data["terminators"]) + "]+"
        close = "[" + re.escape(data.get("closing", "")) + "]*" if data.get("closing") else ""
        foot = f"(?:\\s*(?:{data['footnote']}))*" if data.get("footnote") else ""
        candidate = re.compile(
            rf"(?<!\S)(?P<tok>\S*?)(?P<term>{term}){close}{foot}(?=\s+(?P<next>\S+)|\s*\Z)",
        )
        rules = tuple(
            NoBreakRule(
                id=r["id"],
                token=re.compile(_expand(r["token"])),
                next=re.compile(_expand(r["next"])) if r.get("next") else None,
                starter_breaks=bool(r.get("starter_breaks", False)),
            )
            for r in data.get("no_break", ())
        )
    except (re.error, KeyError) as exc:
        raise SegmentDataError(f"{source}: bad pattern in segmentation data: {exc}") from exc
    heading = data.get("heading", {})
    return SegmentRules(
        language=data["language"],
        candidate=candidate,
        lowercase_continues=bool(data.get("lowercase_continues", True)),
        abbreviations=_variants(data.get("abbreviations", [])),
        ambiguous=_variants(data.get("ambiguous_abbreviations", [])),
        starters=frozenset(data.get("sentence_starters", [])),
        no_break=rules,
        heading_max_chars=int(heading.get("max_chars", 0)),
        heading_max_words=int(heading.get("max_words", 0)),
        heading_final=heading.get("final_chars", ".!?…,;:-–—/("),
        heading_title_case=bool(heading.get("title_case", True)),
        langid=data.get("langid", {}),
    )


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = [*base.get(key, []), *value] if key in _LIST_KEYS else value
    return merged


def _data_dir() -> Any:
    return resources.files("dyadwatch") / "data" / "lang"


@functools.cache
def _default_data() -> dict[str, Any]:
    return _read_yaml(_data_dir() / DEFAULT / "segment.yaml")


def load_rules(path: str | Path, *, merge_default: bool = True) -> SegmentRules:
    """Load, validate and compile one segment YAML file.

    Raises ``SegmentDataError`` naming ``path`` when the file is unreadable or violates the schema.
    """
    data = _read_yaml(Path(path))
    if merge_default and data.get("language") != DEFAULT:
        data = _merge(_default_data(), data)
    return _compile(data, str(path))


def normalise_lang(lang: str | None) -> str:
    """'tr-TR' → 'tr', 'AZ' → 'az'; None/empty/'und' → the default data name."""
    if not lang:
        return DEFAULT
    code = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return code if code and code != "und" else DEFAULT


@functools.lru_cache(maxsize=64)
def rules_for(lang: str | None) -> SegmentRules:
    """Compiled rules for ``lang`` (cached); unknown languages get the ``_default`` data."""
    code = normalise_lang(lang)
    ref = _data_dir() / code / "segment.yaml"
    if code == DEFAULT or not ref.is_file():
        if code != DEFAULT:
            log.debug("no segmentation data for %r; using defaults", lang)
        return _compile(_default_data(), DEFAULT)
    return _compile(_merge(_default_data(), _read_yaml(ref)), str(ref))


def _strip_openers(token: str) -> str:
    return token.lstrip(_OPENERS) or token


def _is_end(rules: SegmentRules, m: re.Match[str], text: str) -> bool:
    """Decide whether the candidate terminator ``m`` really ends a sentence."""
    nxt = m.group("next")
    if nxt is None:  # end of paragraph
        return True
    head = _strip_openers(nxt)
    if rules.lowercase_continues and head[:1].islower():
        return False
    if m.group("term") != ".":  # "!", "?", "...", "?!": no abbreviation ends like that
        return True
    token = _strip_openers(m.group("tok") + ".")
    prev = text[max(0, m.start() - 40) : m.start()].rsplit(None, 1)
    pair = f"{_strip_openers(prev[-1])} {token}" if prev else None
    if pair in rules.ambiguous or token in rules.ambiguous:
        return head.rstrip(_TRAILING) in rules.starters
    if token in rules.abbreviations or pair in rules.abbreviations:
        return False
    word = head.rstrip(_TRAILING)
    for rule in rules.no_break:
        if rule.token.fullmatch(token) and (rule.next is None or rule.next.match(head)):
            return rule.starter_breaks and word in rules.starters
    return True


def _heading_end(rules: SegmentRules, text: str, start: int, end: int) -> int | None:
    """End offset of a heading line at the start of paragraph ``[start, end)``, if there is one.

    The first line is a heading when it is at most ``heading.max_chars`` long, does not end with one of
    ``heading.final_chars`` nor with a short lower-case word (``the``, ``of``, ``ve``: a wrapped line),
    has at most ``heading.max_words`` words or every word in title case/capitals (``heading.title_case``),
    and the next line starts with an upper-case letter.
    """
    if rules.heading_max_chars <= 0:
        return None
    lb = _LINE_BREAK.search(text, start, min(end, start + rules.heading_max_chars + 40))
    if lb is None:
        return None
    line = text[start : lb.start()].rstrip()
    if not line or len(line) > rules.heading_max_chars or line[-1] in rules.heading_final or line[0].islower():
        return None
    words = line.split()
    last = words[-1]
    if last.islower() and len(last) <= _SHORT_WORD:
        return None
    if len(words) > rules.heading_max_words and not (
        rules.heading_title_case and all(not w[0].isalpha() or w[0].isupper() for w in words)
    ):
        return None
    nxt = _NON_SPACE.search(text, lb.end(), end)
    if nxt is None or not _strip_openers(text[nxt.start() : nxt.start() + 8])[:1].isupper():
        return None
    return start + len(line)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Stripped ``(start, end)`` of every paragraph (text between blank lines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for br in (*_PARA_BREAK.finditer(text), None):
        stop = br.start() if br else len(text)
        first = _NON_SPACE.search(text, pos, stop)
        if first is not None:
            chunk = text[first.start() : stop]
            out.append((first.start(), first.start() + len(chunk.rstrip())))
        if br is not None:
            pos = br.end()
    return out


def _segment_paragraph(rules: SegmentRules, text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the sentences of the stripped paragraph ``[start, end)`` to ``out``."""
    at_line_start = True  # headings are looked for where a line starts a sentence
    while True:
        if at_line_start:
            head_end = _heading_end(rules, text, start, end)
            if head_end is not None:
                out.append((start, head_end))
                start = _NON_SPACE.search(text, head_end, end).start()  # type: ignore[union-attr]
                continue
        at_line_start = False
        for m in rules.candidate.finditer(text, start, end):
            nxt = m.start("next")
            if nxt < 0:  # the paragraph's last terminator
                break
            if _is_end(rules, m, text):
                out.append((start, m.end()))
                start = nxt
                if _LINE_BREAK.search(text, m.end(), nxt) is not None:
                    at_line_start = True
                    break
        if not at_line_start:
            out.append((start, end))
            return


def segment(text: str, lang: str | None = None, *, rules: SegmentRules | None = None) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; returns ``(start, end)`` offsets with ``text[start:end]`` stripped.

    ``lang`` is an ISO 639-1 code (``"en"``, ``"tr"``, ``"az"``; regional tags such as ``"tr-TR"`` are
    accepted); ``None`` or a language without data uses the generic ``_default`` rules. ``rules`` (from
    ``load_rules``) overrides ``lang``. Every non-whitespace character of ``text`` falls inside exactly
    one returned span.
    """
    rules = rules or rules_for(lang)
    out: list[tuple[int, int]] = []
    for start, end in _paragraphs(text):
        _segment_paragraph(rules, text, start, end, out)
    return out

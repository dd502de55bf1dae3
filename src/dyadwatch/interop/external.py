"""Readers for other event datasets — GDELT 2.0 events export, ICEWS coded events, POLECAT weekly files — into
``ExternalEvent`` records with their provenance, so a dyad series can show theirs beside ours.

Readers never raise on a bad row: they yield an ``ImportProblem`` with the line number and go on.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dyadwatch.interop.columns import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, ICEWS_COLUMNS, POLECAT_COLUMNS

log = logging.getLogger(__name__)

CountryLookup = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class ExternalEvent:
    """One event row of an external dataset, normalised to dyadwatch's codes."""

    dataset: str  # gdelt | icews | polecat
    ext_id: str
    date: date | None
    source_country: str | None
    target_country: str | None
    source_name: str | None
    target_name: str | None
    source_code: str | None  # the dataset's own actor code, e.g. GDELT "USAGOV"
    target_code: str | None
    cameo: str | None
    event: str | None  # PLOVER event type
    mode: str | None
    goldstein: float | None
    intensity: float | None  # PLOVER intensity where the dataset has one
    quad: int | None
    n_mentions: int | None
    url: str | None
    where: str = ""  # file:line it was read from (its provenance)


@dataclass(frozen=True, slots=True)
class ExternalMention:
    """One row of the GDELT 2.0 mentions table: an article that mentioned a GDELT event."""

    dataset: str  # gdelt
    ext_id: str  # GLOBALEVENTID of the event mentioned
    time: str  # MentionTimeDate (YYYYMMDDHHMMSS)
    source: str | None  # MentionSourceName
    url: str | None  # MentionIdentifier
    sentence: int | None  # SentenceID
    confidence: float | None
    tone: float | None  # MentionDocTone
    where: str = ""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """A row that could not be read; kept so nothing is lost silently."""

    where: str
    reason: str


Item = ExternalEvent | ExternalMention | ImportProblem


def _num(value: str | None) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r:.40}")
    return number


def _int(value: str | None) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


QUAD_NAMES = {
    "verbal cooperation": 1, "material cooperation": 2, "verbal conflict": 3, "material conflict": 4,
    "verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4,
}  # fmt: skip


def _quad(value: str | None) -> int | None:
    """Quad class given as a number or as its name ("Verbal Cooperation")."""
    value = (value or "").strip()
    return QUAD_NAMES.get(value.lower()) or (_int(value) if value else None)


def _opt(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def cameo_quad(cameo: str | None) -> int | None:
    """Quad class of a CAMEO code by its root (01-05 verbal cooperation, 06-08 material cooperation, 09-13 verbal
    conflict, 14-20 material conflict), as GDELT assigns QuadClass."""
    if not cameo or len(cameo) < 2 or not cameo[:2].isdigit():
        return None
    root = int(cameo[:2])
    return 1 if 1 <= root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 if root <= 20 else None


def _plover_for(cameo: str | None) -> tuple[str | None, str | None]:
    if not cameo:
        return None, None
    from dyadwatch.coder.ontology import default_ontology

    row = default_ontology().cameo(cameo)
    return (row.event, row.mode) if row else (None, None)


def default_country_lookup() -> CountryLookup:
    """Country name (any language the actor lexicon knows, English first) → ISO3/IGO code."""
    from dyadwatch.actors import load_lexicon, lower

    lex = load_lexicon()
    forms = lex.forms("en")

    def lookup(name: str) -> str | None:
        name = name.strip()
        if not name:
            return None
        if len(name) == 3 and name.isupper():
            return name
        entries = forms.get(lower(name, "en"), ())
        countries = {e.country for e in entries if e.kind in ("country", "igo")}
        return countries.pop() if len(countries) == 1 else None

    return lookup


def _tsv_rows(
    lines: Iterable[str], columns: Sequence[str], name: str
) -> Iterator[tuple[str, dict[str, str] | None, str]]:
    """Headerless tab-separated rows as (where, row by column, "") or (where, None, problem); blank lines skipped."""
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        cells = line.split("\t")
        where = f"{name}:{lineno}"
        if len(cells) != len(columns):
            yield where, None, f"expected {len(columns)} tab-separated columns, got {len(cells)}"
            continue
        yield where, dict(zip(columns, cells, strict=True)), ""


def read_gdelt_events(lines: Iterable[str], name: str = "<gdelt>") -> Iterator[Item]:
    """GDELT 2.0 events export: 61 tab-separated columns, no header, codes kept as strings ("042" not 42)."""
    for where, row, problem in _tsv_rows(lines, GDELT_EVENT_COLUMNS, name):
        if row is None:
            yield ImportProblem(where, problem)
            continue
        try:
            if not row["GLOBALEVENTID"].strip().isdigit():
                raise ValueError(f"GLOBALEVENTID {row['GLOBALEVENTID']!r:.40} is not a number")
            sqldate = row["SQLDATE"].strip()  # empty only in files dyadwatch wrote for undated events
            day = datetime.strptime(sqldate, "%Y%m%d").date() if sqldate else None
            cameo = _opt(row["EventCode"])
            event, mode = _plover_for(cameo)
            yield ExternalEvent(
                dataset="gdelt", ext_id=row["GLOBALEVENTID"].strip(), date=day,
                source_country=_opt(row["Actor1CountryCode"]), target_country=_opt(row["Actor2CountryCode"]),
                source_name=_opt(row["Actor1Name"]), target_name=_opt(row["Actor2Name"]),
                source_code=_opt(row["Actor1Code"]), target_code=_opt(row["Actor2Code"]),
                cameo=cameo, event=event, mode=mode, goldstein=_num(row["GoldsteinScale"]), intensity=None,
                quad=_int(row["QuadClass"]), n_mentions=_int(row["NumMentions"]), url=_opt(row["SOURCEURL"]),
                where=where,
            )  # fmt: skip
        except ValueError as exc:
            yield ImportProblem(where, f"bad value: {exc}")


def _split(lines: Iterable[str]) -> Iterator[list[str]]:
    """Tab-separated cells without quoting (as the datasets write them); a stray CR inside a line is kept."""
    for line in lines:
        yield line.rstrip("\r\n").split("\t")


def _dict_rows(lines: Iterable[str], expected: tuple[str, ...], name: str) -> Iterator[tuple[str, dict | None, str]]:
    reader = _split(lines)
    header = next(reader, None)
    if header is None:
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in expected if c not in header]
    if missing:
        yield f"{name}:1", None, f"missing columns: {', '.join(missing[:5])}"
        return
    for lineno, cells in enumerate(reader, 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield f"{name}:{lineno}", None, f"expected {len(header)} columns, got {len(cells)}"
            continue
        yield f"{name}:{lineno}", dict(zip(header, cells, strict=True)), ""


def read_icews(lines: Iterable[str], name: str = "<icews>", country: CountryLookup | None = None) -> Iterator[Item]:
    """ICEWS coded events (tab-separated with a header; countries are names, mapped with the actor lexicon)."""
    country = country or default_country_lookup()
    for where, row, problem in _dict_rows(lines, ICEWS_COLUMNS[:11], name):
        if row is None:
            yield ImportProblem(where, problem)
            continue
        try:
            cameo = _opt(row["CAMEO Code"])
            event, mode = _plover_for(cameo)
            yield ExternalEvent(
                dataset="icews", ext_id=row["Event ID"], date=date.fromisoformat(row["Event Date"].strip()),
                source_country=country(row["Source Country"]), target_country=country(row["Target Country"]),
                source_name=_opt(row["Source Name"]), target_name=_opt(row["Target Name"]),
                source_code=None, target_code=None, cameo=cameo, event=event, mode=mode,
                goldstein=_num(row["Intensity"]), intensity=None, quad=cameo_quad(cameo), n_mentions=1, url=None,
                where=where,
            )  # fmt: skip
        except ValueError as exc:
            yield ImportProblem(where, f"bad value: {exc}")


def read_polecat(lines: Iterable[str], name: str = "<polecat>") -> Iterator[Item]:
    """POLECAT weekly files (tab-separated with a header; PLOVER types and ISO3 countries already)."""
    for where, row, problem in _dict_rows(lines, POLECAT_COLUMNS[:17], name):
        if row is None:
            yield ImportProblem(where, problem)
            continue
        try:
            yield ExternalEvent(
                dataset="polecat", ext_id=row["Event ID"], date=date.fromisoformat(row["Event Date"].strip()[:10]),
                source_country=_opt(row["Actor Country"]), target_country=_opt(row["Recipient Country"]),
                source_name=_opt(row["Actor Name"]), target_name=_opt(row["Recipient Name"]),
                source_code=None, target_code=None, cameo=None, event=_opt(row["Event Type"].upper()),
                mode=_opt(row["Event Mode"].lower()), goldstein=None, intensity=_num(row["Event Intensity"]),
                quad=_quad(row["Quad Code"]), n_mentions=1, url=None, where=where,
            )  # fmt: skip
        except ValueError as exc:
            yield ImportProblem(where, f"bad value: {exc}")


def read_gdelt_mentions(lines: Iterable[str], name: str = "<gdelt-mentions>") -> Iterator[Item]:
    """GDELT 2.0 mentions table: 16 tab-separated columns, no header; one row per article mentioning an event."""
    for where, row, problem in _tsv_rows(lines, GDELT_MENTION_COLUMNS, name):
        if row is None:
            yield ImportProblem(where, problem)
            continue
        try:
            ext_id = row["GLOBALEVENTID"].strip()
            if not ext_id.isdigit():
                raise ValueError(f"GLOBALEVENTID {ext_id!r} is not a number")
            yield ExternalMention(
                dataset="gdelt", ext_id=ext_id, time=row["MentionTimeDate"].strip(),
                source=_opt(row["MentionSourceName"]), url=_opt(row["MentionIdentifier"]),
                sentence=_int(row["SentenceID"]), confidence=_num(row["Confidence"]),
                tone=_num(row["MentionDocTone"]), where=where,
            )  # fmt: skip
        except ValueError as exc:
            yield ImportProblem(where, f"bad value: {exc}")


def read_gdelt(lines: Iterable[str], name: str = "<gdelt>") -> Iterator[Item]:
    """A GDELT 2.0 events export (61 columns) or mentions table (16 columns), told apart by the first row."""
    it = iter(lines)
    first = next(it, None)
    if first is None:
        return
    cols = len(first.rstrip("\r\n").split("\t"))
    reader = read_gdelt_mentions if cols == len(GDELT_MENTION_COLUMNS) else read_gdelt_events
    yield from reader(itertools.chain([first], it), name)


READERS = {"gdelt": read_gdelt, "icews": read_icews, "polecat": read_polecat}

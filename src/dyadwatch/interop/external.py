"""Readers for other event datasets — GDELT 2.0 events export, ICEWS coded events, POLECAT weekly files — into
``ExternalEvent`` records with their provenance, so a dyad series can show theirs beside ours.

Readers never raise on a bad row: they yield an ``ImportProblem`` with the line number and go on.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from dyadwatch.interop.columns import GDELT_EVENT_COLUMNS, ICEWS_COLUMNS, POLECAT_COLUMNS

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


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """A row that could not be read; kept so nothing is lost silently."""

    where: str
    reason: str


Item = ExternalEvent | ImportProblem


def _num(value: str | None) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(float(value)) if value else None


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


def read_gdelt_events(lines: Iterable[str], name: str = "<gdelt>") -> Iterator[Item]:
    """GDELT 2.0 events export: 61 tab-separated columns, no header, codes kept as strings ("042" not 42)."""
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        cells = line.split("\t")
        where = f"{name}:{lineno}"
        if len(cells) != len(GDELT_EVENT_COLUMNS):
            yield ImportProblem(where, f"expected {len(GDELT_EVENT_COLUMNS)} tab-separated columns, got {len(cells)}")
            continue
        row = dict(zip(GDELT_EVENT_COLUMNS, cells, strict=True))
        try:
            day = datetime.strptime(row["SQLDATE"], "%Y%m%d").date()
            cameo = _opt(row["EventCode"])
            event, mode = _plover_for(cameo)
            yield ExternalEvent(
                dataset="gdelt", ext_id=row["GLOBALEVENTID"], date=day,
                source_country=_opt(row["Actor1CountryCode"]), target_country=_opt(row["Actor2CountryCode"]),
                source_name=_opt(row["Actor1Name"]), target_name=_opt(row["Actor2Name"]),
                source_code=_opt(row["Actor1Code"]), target_code=_opt(row["Actor2Code"]),
                cameo=cameo, event=event, mode=mode, goldstein=_num(row["GoldsteinScale"]), intensity=None,
                quad=_int(row["QuadClass"]), n_mentions=_int(row["NumMentions"]), url=_opt(row["SOURCEURL"]),
            )  # fmt: skip
        except ValueError as exc:
            yield ImportProblem(where, f"bad value: {exc}")


def _dict_rows(lines: Iterable[str], expected: tuple[str, ...], name: str) -> Iterator[tuple[str, dict | None, str]]:
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
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
                goldstein=_num(row["Intensity"]), intensity=None, quad=None, n_mentions=1, url=None,
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
                quad=_quad(row["Quad Code"]), n_mentions=1, url=None,
            )  # fmt: skip
        except ValueError as exc:
            yield ImportProblem(where, f"bad value: {exc}")


READERS = {"gdelt": read_gdelt_events, "icews": read_icews, "polecat": read_polecat}

"""The project's versioned ontology tables: PLOVER scores/quad classes and CAMEO codes with Goldstein scores.

Tables live in ``data/ontology/*.tsv`` (CC BY-SA 4.0, derived from PLOVER; see their headers).
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dyadwatch.coder.resources import DATA_ROOT, CoderDataError

log = logging.getLogger(__name__)

QUAD_NAMES = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}


@dataclass(frozen=True, slots=True)
class Score:
    """Scores for one coded event."""

    intensity: float | None  # PLOVER score
    goldstein: float | None
    quad: int | None
    tables: str  # table version the scores come from


@dataclass(frozen=True, slots=True)
class CameoRow:
    code: str
    name: str
    goldstein: float | None
    event: str
    mode: str | None
    context: str | None


def _read_tsv(path: Path) -> tuple[str, list[dict[str, str]]]:
    version = ""
    lines = []
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    if "table-version:" in line:
                        version = line.split("table-version:", 1)[1].strip()
                    continue
                lines.append(line)
    except OSError as exc:
        raise CoderDataError(f"{path}: cannot read: {exc}") from exc
    if not version:
        raise CoderDataError(f"{path}: missing '# table-version:' header")
    return version, list(csv.DictReader(lines, delimiter="\t"))


def _num(s: str | None) -> float | None:
    return float(s) if s not in (None, "") else None


class Ontology:
    """Lookups over the PLOVER and CAMEO tables."""

    def __init__(self, root: Path | None = None) -> None:
        base = (root or DATA_ROOT) / "ontology"
        v1, plover = _read_tsv(base / "plover_scores.tsv")
        v2, cameo = _read_tsv(base / "cameo.tsv")
        v3, roles = _read_tsv(base / "roles.tsv")
        if not v1 == v2 == v3:
            raise CoderDataError(f"{base}: table versions differ ({v1}, {v2}, {v3})")
        self.role_suffix = {r["role"]: r["suffix"] for r in roles}
        self.version = v1
        self._plover: dict[tuple[str, str], tuple[float, int]] = {}
        for r in plover:
            self._plover[(r["event"], r["mode"] or "")] = (float(r["plover_score"]), int(r["quad"]))
        self.events = frozenset(e for e, _ in self._plover)
        self._cameo: dict[str, CameoRow] = {}
        for r in cameo:
            self._cameo[r["cameo"]] = CameoRow(
                r["cameo"],
                r["name"],
                _num(r["goldstein"]),
                r["plover_event"],
                r["plover_mode"] or None,
                r["plover_context"] or None,
            )

    def cameo(self, code: str) -> CameoRow | None:
        """The CAMEO row for ``code`` (falls back to the 3-digit parent)."""
        return self._cameo.get(code) or self._cameo.get(code[:3])

    def actor_code(self, country: str, role: str | None) -> str:
        """Actor code: the country/IGO code plus the role's agent suffix (``USA`` + foreign_minister → ``USAGOV``)."""
        return country + self.role_suffix.get(role or "", "")

    def quad(self, event: str) -> int | None:
        """Quad class (1..4) of a PLOVER event type."""
        hit = self._plover.get((event, ""))
        return hit[1] if hit else None

    def score(self, event: str, mode: str | None, cameo: str | None) -> Score:
        """PLOVER intensity (event+mode, else event base), Goldstein (CAMEO) and quad class."""
        hit = self._plover.get((event, mode or "")) or self._plover.get((event, ""))
        row = self.cameo(cameo) if cameo else None
        return Score(
            intensity=hit[0] if hit else None,
            goldstein=row.goldstein if row else None,
            quad=hit[1] if hit else None,
            tables=self.version,
        )


@lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The packaged ontology tables (loaded once)."""
    return Ontology()

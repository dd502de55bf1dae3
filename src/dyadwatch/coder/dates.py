"""Date expressions from per-language regex data (``dates.yaml``), resolved against the publication date.

No dateparser on the hot path: each language's expressions are compiled once; a sentence is scanned
only when it contains a digit or one of the date words (month/weekday names, relative keywords).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dyadwatch.coder.regex_gate import gate_for, requirement
from dyadwatch.coder.resources import CoderDataError


@dataclass(frozen=True, slots=True)
class DateExpr:
    """A resolved date expression in a sentence (offsets relative to the sentence)."""

    date: date
    precision: str  # day | month | year | approx
    start: int
    end: int
    rule: str


@dataclass(frozen=True, slots=True)
class _Expr:
    id: str
    regex: re.Pattern[str]
    days: int
    weeks: int
    months: int
    years: int
    anchor: str
    precision: str | None
    gate: int  # index of the resolver's test that is false when the regex cannot match (-1: none; regex_gate)


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.year * 12 + (d.month - 1) + months, 12)
    return date(y, m + 1, 1)


class DateResolver:
    """Finds and resolves date expressions of one language."""

    def __init__(self, data: dict[str, Any], source: str = "dates.yaml") -> None:
        self.lang = data["lang"]
        self.month_of: dict[str, int] = {}
        for i, forms in enumerate(data["months"], start=1):
            for f in forms:
                self.month_of[f] = i
        self.weekday_of: dict[str, int] = {}
        for i, forms in enumerate(data["weekdays"]):
            for f in forms:
                self.weekday_of[f] = i
        self.numbers = {k.lower(): int(v) for k, v in data.get("numbers", {}).items()}
        num_alt = "|".join(sorted(map(re.escape, self.numbers), key=len, reverse=True)) or "(?!)"
        month_alt = "|".join(sorted(map(re.escape, self.month_of), key=len, reverse=True))
        wd_alt = "|".join(sorted(map(re.escape, self.weekday_of), key=len, reverse=True))
        self.exprs: list[_Expr] = []
        self._gates: list[Callable[[str], bool]] = []  # distinct tests; expressions with the same share one
        self._gate_of: dict[frozenset[str], int] = {}
        for e in data["expressions"]:
            rx = e["regex"].replace("{MONTH}", f"(?:{month_alt})").replace("{WEEKDAY}", f"(?:{wd_alt})")
            rx = rx.replace("{NUMBER}", f"(?:\\d+|{num_alt})")
            try:
                compiled = re.compile(rx)
            except re.error as exc:
                raise CoderDataError(f"{source}: expression {e['id']}: bad regex: {exc}") from exc
            self.exprs.append(
                _Expr(
                    e["id"],
                    compiled,
                    e.get("days", 0),
                    e.get("weeks", 0),
                    e.get("months", 0),
                    e.get("years", 0),
                    e.get("anchor", "publication"),
                    e.get("precision"),
                    self._gate_index(compiled),
                )
            )
        words = set(self.month_of) | {w.split()[0] for w in self.weekday_of} | set(self.numbers)
        for e in data["expressions"]:
            plain = re.sub(r"\\.|\(\?P<\w+>|\{\w+\}", " ", e["regex"])
            for w in re.findall(r"[^\W\d_]{2,}", plain):
                words.add(w)
        self._gate = re.compile(r"\d|" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)))
        self.continuation = tuple(sorted(data.get("continuation", []), key=len, reverse=True))
        # "dün yaptığı açıklamada", "aprelin 2-də yaydığı məlumatda": a date that dates the statement in which
        # the sentence's acts are made (word prefixes, lowercase)
        self.statement_markers = tuple(data.get("statement_markers", []))
        self.perfect_markers = frozenset(data.get("perfect_markers", []))
        self._weekday_rules = frozenset(e.id for e in self.exprs if "(?P<weekday>" in e.regex.pattern)
        # "sentence" anchors ("on Monday, a day after ...") are read after the sentence's other dates
        self._order = sorted(self.exprs, key=lambda x: x.anchor == "sentence")
        self._ungated = any(e.gate < 0 for e in self.exprs)

    def _gate_index(self, rx: re.Pattern[str]) -> int:
        req = requirement(rx)
        if req is None:
            return -1
        if req not in self._gate_of:
            self._gate_of[req] = len(self._gates)
            self._gates.append(gate_for(req))
        return self._gate_of[req]

    def dates_statement(self, expr: DateExpr, tokens: list[Any], window: int = 3) -> bool:
        """Whether a statement marker follows ``expr`` within ``window`` words."""
        if not self.statement_markers:
            return False
        following = [t.text for t in tokens if t.start >= expr.end][:window]
        return any(w.startswith(m) for w in following for m in self.statement_markers)

    def perfect(self, tokens: list[Any], first: int) -> bool:
        """A present perfect auxiliary just before the trigger ("has called on")."""
        return bool(self.perfect_markers) and any(
            t.text in self.perfect_markers for t in tokens[max(0, first - 2) : first]
        )

    def is_weekday(self, expr: DateExpr) -> bool:
        """Whether ``expr`` is a bare weekday ("on Monday"), which a planned event reads as the next one."""
        return expr.rule in self._weekday_rules

    def find(self, low: str, published: date | None, context: date | None) -> list[DateExpr]:
        """Date expressions in a lowercased sentence, left to right, non-overlapping."""
        if self._ungated and not self._gate.search(low):  # (with every expression gated, the gates suffice)
            return []
        found: list[DateExpr] = []
        taken: list[tuple[int, int]] = []
        passed: list[bool | None] = [None] * len(self._gates)  # each distinct test runs once per sentence
        for ex in self._order:
            if ex.gate >= 0:
                ok = passed[ex.gate]
                if ok is None:
                    ok = passed[ex.gate] = self._gates[ex.gate](low)
                if not ok:
                    continue
            for m in ex.regex.finditer(low):
                s, e = m.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                ctx = context
                if ex.anchor == "sentence":
                    ctx = min(found, key=lambda x: x.start).date if found else context
                try:
                    res = self._resolve(ex, m, published, ctx)
                except (ValueError, OverflowError):  # outside the calendar: year 0, before 1 or after 9999
                    res = None
                if res is None:
                    continue
                d, prec = res
                found.append(DateExpr(d, prec, s, e, ex.id))
                taken.append((s, e))
        found.sort(key=lambda x: x.start)
        return found

    def _resolve(self, ex: _Expr, m: re.Match[str], pub: date | None, ctx: date | None) -> tuple[date, str] | None:
        g = m.groupdict()
        base = ctx if (ex.anchor in ("context", "sentence") and ctx) else pub
        if base is None and not g.get("year"):
            return None
        try:
            if g.get("month"):
                mo = g["month"]
                month = int(mo) if mo.isdigit() else self.month_of[mo]
                year = int(g["year"]) if g.get("year") else base.year + ex.years
                day = int(g["day"]) if g.get("day") else 1
                day = min(day, calendar.monthrange(year, month)[1]) if day >= 1 else 1
                d = date(year, month, day)
                prec = "day" if g.get("day") else "month"
                if not g.get("year") and not ex.years and pub and d > pub + timedelta(days=31):
                    d = date(year - 1, month, min(day, calendar.monthrange(year - 1, month)[1]))
                return d, ex.precision or prec
            if g.get("year"):
                return date(int(g["year"]), 1, 1), ex.precision or "year"
            if g.get("weekday"):
                wd = self.weekday_of[" ".join(g["weekday"].split())]
                back = (base.weekday() - wd) % 7
                return base - timedelta(days=back), ex.precision or "day"
            if g.get("ago"):
                n = g["ago"]
                days = int(n) if n.isdigit() else self.numbers[n]
                return base - timedelta(days=days), ex.precision or "day"
        except (ValueError, KeyError):
            return None
        if ex.months:
            return _shift_months(base, ex.months), ex.precision or "month"
        if ex.years:
            return date(base.year + ex.years, 1, 1), ex.precision or "year"
        if ex.months == 0 and "month" in ex.id and not (ex.days or ex.weeks):
            return date(base.year, base.month, 1), ex.precision or "month"
        return base + timedelta(days=ex.days + 7 * ex.weeks), ex.precision or "day"

    def continues(self, low: str) -> bool:
        """Whether a sentence starts with a marker that continues the previous narrative."""
        head = low.lstrip(" \t\n*_-–—\"'«“")
        return any(head.startswith(c) for c in self.continuation)

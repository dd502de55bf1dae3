"""Cheap pre-checks for data regexes: strings that every match must contain.

Most per-language regexes (date expressions, ...) match in few sentences, yet a scan costs the same whether or
not it finds anything. ``required_strings(pattern)`` reads the pattern's syntax tree and returns a set of strings
of which every match contains at least one (``{"yesterday"}``, the month names, ``{"0", "1", "2", "3"}``), or
``None`` when it cannot tell; ``gate(pattern)`` turns that into a test that is true for every text the pattern can
match in, so a scan can be skipped when it is false. The analysis only ever answers "unknown" when unsure, so a
gate never hides a match; patterns with case-insensitive parts get no gate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

try:  # the parser of the standard library's regex engine (``sre_parse`` before Python 3.11)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older or other Pythons: no gates
    _p = _c = None  # type: ignore[assignment]

__all__ = ["gate", "gate_for", "required_strings", "requirement"]

_MAX_CLASS = 40  # a character class with more members than this is not worth a gate
_ALWAYS: Callable[[str], bool] = lambda text: True  # noqa: E731


def _better(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether requirement ``a`` is rarer than ``b``: longer shortest string, then fewer strings."""
    return (min(map(len, a)), -len(a)) > (min(map(len, b)), -len(b))


def _in(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY (\d, \w: Unicode classes), large ranges
            return None
        if len(chars) > _MAX_CLASS:
            return None
    return frozenset(chars) or None


def _node(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.LITERAL:
        return frozenset({chr(av)})
    if op is _c.IN:
        return _in(av)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        lo, _hi, item = av
        return _seq(item) if lo >= 1 else None
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, item = av
        return None if add_flags & re.IGNORECASE else _seq(item)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av)
    if op is _c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            req = _seq(alt)
            if req is None:
                return None
            out |= req
        return frozenset(out)
    return None  # AT, ASSERT, ASSERT_NOT, ANY, NOT_LITERAL, GROUPREF, ...: nothing required


def _seq(items: Any) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(req: frozenset[str] | None) -> None:
        nonlocal best
        if req and all(req) and (best is None or _better(req, best)):
            best = req

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            consider(frozenset({"".join(run)}))
            run = []
        consider(_node(op, av))
    if run:
        consider(frozenset({"".join(run)}))
    return best


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or ``None`` when unknown."""
    if _p is None or pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unexpected parser: no gate
        return None
    if tree.state.flags & re.IGNORECASE:  # an inline (?i) at the start
        return None
    return _seq(tree)


def requirement(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """``required_strings`` without strings that contain another one ("apr" covers "april"); ``None``: no gate."""
    req = required_strings(pattern)
    if not req:
        return None
    return frozenset(s for s in req if not any(t != s and t in s for t in req))


def gate_for(req: frozenset[str] | None) -> Callable[[str], bool]:
    """A test that is true for every text containing one of ``req`` (always true for ``None``)."""
    if not req:
        return _ALWAYS
    if len(req) == 1:
        (only,) = req
        return lambda text: only in text
    if len(req) <= 4:
        items = tuple(req)
        return lambda text: any(s in text for s in items)
    rx = re.compile("|".join(map(re.escape, sorted(req, key=len, reverse=True))))
    return lambda text: rx.search(text) is not None


def gate(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """A test that is true for every text in which ``pattern`` can match (and cheap to run)."""
    return gate_for(requirement(pattern))

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from dyadwatch.records import SeriesPoint
from dyadwatch.relations.periods import change_points, dyad_periods, leader_tenures
from dyadwatch.relations.series import next_start, period_label
from dyadwatch.store.events_repo import StoredEvent


@dataclass(frozen=True)
class Tenure:
    country: str
    role: str
    start: date
    end: date | None


@dataclass(frozen=True)
class ActorEntry:
    kind: str
    country: str
    role: str
    name: str
    tenures: tuple[Tenure, ...]


def H(name: str, country: str, start: date, end: date | None) -> ActorEntry:
    return ActorEntry("person", country, "head_of_state", name, (Tenure(country, "head_of_state", start, end),))


LEXICON = [
    H("Ayaz Mutalibov", "AZE", date(1991, 9, 8), date(1992, 3, 6)),
    H("Abulfaz Elchibey", "AZE", date(1992, 6, 16), date(1993, 6, 18)),
    H("Heydar Aliyev", "AZE", date(1993, 6, 18), date(2003, 10, 31)),
    H("Ilham Aliyev", "AZE", date(2003, 10, 31), None),
    H("George W. Bush", "USA", date(2001, 1, 20), date(2009, 1, 20)),
    H("Barack Obama", "USA", date(2009, 1, 20), date(2017, 1, 20)),
    ActorEntry(
        "person",
        "USA",
        "foreign_minister",
        "Antony Blinken",
        (Tenure("USA", "foreign_minister", date(2021, 1, 26), date(2025, 1, 20)),),
    ),
]


def test_leader_tenures_come_from_the_lexicon() -> None:
    aze = leader_tenures(LEXICON, "AZE")
    assert [p.label for p in aze] == ["Ayaz Mutalibov", "Abulfaz Elchibey", "Heydar Aliyev", "Ilham Aliyev"]
    assert leader_tenures({"x": LEXICON[0]}, "AZE")[0].end == date(1992, 3, 6)  # mapping-shaped lexicons work
    assert leader_tenures(LEXICON, "USA", roles=("foreign_minister",))[0].label == "Antony Blinken"


def test_dyad_periods_split_at_every_change_of_leader() -> None:
    periods = dyad_periods("AZE", "USA", date(2000, 1, 1), date(2010, 12, 31), LEXICON)
    starts = [p.start for p in periods]
    assert starts == [date(2000, 1, 1), date(2001, 1, 20), date(2003, 10, 31), date(2003, 11, 1),
                      date(2009, 1, 20), date(2009, 1, 21)]  # fmt: skip
    assert periods[0].label == "AZE: Heydar Aliyev"
    assert periods[1].label == "AZE: Heydar Aliyev; USA: George W. Bush"
    assert periods[3].label == "AZE: Ilham Aliyev; USA: George W. Bush"
    assert periods[-1].label == "AZE: Ilham Aliyev; USA: Barack Obama" and periods[-1].end == date(2010, 12, 31)
    assert all(p.end is not None and p.start <= p.end for p in periods)
    assert dyad_periods("AZE", "USA", date(2000, 1, 1), date(2000, 12, 31), None)[0].label == "no leader data"


def _monthly(values: list[float]) -> list[SeriesPoint]:
    out, cur = [], date(2020, 1, 1)
    for v in values:
        nxt = next_start(cur, "month")
        out.append(SeriesPoint("AZE", "USA", period_label(cur, "month"), cur, date.fromordinal(nxt.toordinal() - 1),
                               goldstein_sum=v, n_events=1))  # fmt: skip
        cur = nxt
    return out


def _event(i: int, d: date, g: float) -> StoredEvent:
    return StoredEvent(f"ev-{i:03d}", "USA", "AZE", "X", None, d, "day", "occurred", "", 1, 1, ("en",), 1 if g > 0
                       else 3, g, g, (0, 0, 0, 0), g, g, d)  # fmt: skip


def test_change_points_find_a_level_shift_and_the_events_behind_it() -> None:
    rng = random.Random(3)
    values = [5 + rng.uniform(-1, 1) for _ in range(12)] + [-4 + rng.uniform(-1, 1) for _ in range(12)]
    points = _monthly(values)
    events = [_event(i, p.start.replace(day=10), 2.0) for i, p in enumerate(points[:12])]
    events += [_event(100, date(2021, 1, 5), -8.0), _event(101, date(2021, 1, 20), 3.0),
               _event(102, date(2021, 2, 3), -4.0), _event(103, date(2021, 6, 1), -9.0)]  # fmt: skip
    (cp,) = change_points(points, events)
    assert (cp.index, cp.period, cp.direction) == (12, "2021-01", "worsening")
    assert cp.before > 4 and cp.after < -3
    assert cp.drivers == ("ev-100", "ev-102")  # negative events in the first months of the new level
    assert "PELT" in cp.why


def test_no_change_points_in_a_noisy_flat_series() -> None:
    rng = random.Random(5)
    assert change_points(_monthly([1 + rng.uniform(-1, 1) for _ in range(30)])) == []
    assert change_points(_monthly([0.0] * 30)) == []
    assert change_points(_monthly([1.0, 5.0])) == []  # too short

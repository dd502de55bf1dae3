"""The event coder: sentences (with language and damage score) → coded event mentions with evidence."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dyadwatch.coder.actor_match import ActorHit, ActorMatcher, Lexicon
from dyadwatch.coder.coordination import coordinate
from dyadwatch.coder.dates import DateExpr, DateResolver
from dyadwatch.coder.modality import NEGATED, SKIP, Modality
from dyadwatch.coder.morph import Morphology
from dyadwatch.coder.ontology import Ontology, default_ontology
from dyadwatch.coder.resources import available_languages, load_language
from dyadwatch.coder.roles import Clause, RoleRules, assign
from dyadwatch.coder.text import lower, tokenize
from dyadwatch.coder.triggers import TriggerHit, TriggerSet
from dyadwatch.coder.version import CODER_VERSION
from dyadwatch.records import Actor, Document, Mention, Sentence, Span

log = logging.getLogger(__name__)

_REACTIONS = frozenset({"SUPPORT", "ACCUSE", "REJECT", "THREATEN", "PROTEST"})
_PARA = re.compile(r"\n[ \t\r\f\v]*\n")
# bibliography/footnote lines ("[2] Title of a cited article, Outlet, 28 November 2023, <https://...>")
_REFERENCE = re.compile(r"^\W*(?:\[\d+\]|\d+\.)\s.*(?:https?://|www\.)")


@dataclass(frozen=True)
class _Lang:
    morph: Morphology
    actors: ActorMatcher
    triggers: TriggerSet
    dates: DateResolver
    modality: Modality
    roles: RoleRules


@dataclass
class _DocState:
    published: date | None
    ctx: DateExpr | None = None  # running narrative date
    ctx_par: int = -1
    dated: dict[tuple[Any, str, str | None], tuple[date, str]] | None = None
    group: tuple[str, ...] = ()  # countries of the last list of parties ("Azerbaijan and Armenia")
    participants: tuple[str, ...] = ()  # countries of the events of the last sentence that had some
    group_at: int = -1  # sentence numbers of the two above (the more recent one is preferred)
    participants_at: int = -1
    n: int = 0  # sentences seen
    seen_roles: dict[str, tuple[int, str]] = field(default_factory=dict)  # role -> (order, country)
    tick: int = 0
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # surname -> (country, role)
    author: str | None = None  # the agent of the last sentence with an act ("the decision" it took)
    visitor: str | None = None  # the visitor of the last visit ("the visit")

    def act_parties(self, kind: str) -> tuple[str, ...]:
        if kind == "parties":
            return self.group if len(self.group) >= 2 else ()
        who = self.author if kind == "author" else self.visitor
        return (who,) if who else ()

    def remember(self, actors: Sequence[ActorHit]) -> None:
        """Note the country of every actor with a role (for bare role nouns later in the document)."""
        for a in actors:
            if a.role and not a.ref:
                self.tick += 1
                self.seen_roles[a.role] = (self.tick, a.country)

    def recall(self, role: str, compatible: dict[str, tuple[str, ...]]) -> str | None:
        """Country of the last actor whose role a bare ``role`` noun may refer back to."""
        if role not in compatible:
            return None
        best = None
        for r in (role, *compatible[role]):
            seen = self.seen_roles.get(r)
            if seen is not None and (best is None or seen[0] > best[0]):
                best = seen
        return best[1] if best else None

    def parties(self, count: int) -> tuple[str, ...]:
        """The countries a reference such as "the sides" (``count`` 0) or "the two leaders" stands for:
        the last list of parties ("A and B"), unless a later sentence had events with other participants."""
        cands = [self.group, self.participants]
        if self.participants_at > self.group_at:
            cands.reverse()
        for cand in cands:
            if (count == 0 and len(cand) >= 2) or (count and len(cand) == count):
                return cand
        return ()


def _default_lexicon() -> Lexicon | None:
    try:
        from dyadwatch.actors import load_lexicon
    except ImportError:
        log.warning("dyadwatch.actors is not available: the coder will find no actors")
        return None
    return load_lexicon()


class Coder:
    """Codes sentences into :class:`~dyadwatch.records.Mention` records.

    All data (trigger patterns, morphology, dates, modality, ontology tables, actor lexicon) is loaded and
    validated once here; a schema error raises :class:`~dyadwatch.coder.resources.CoderDataError` naming the
    file. ``skip_damaged``: sentences with ``damage >= damage_threshold`` produce nothing (default); with
    ``skip_damaged=False`` their events are kept with confidence scaled by ``1 - damage``.
    """

    def __init__(
        self,
        skip_damaged: bool = True,
        damage_threshold: float = 0.5,
        *,
        lexicon: Lexicon | str | None = "default",
        languages: Sequence[str] | None = None,
        data_root: Path | None = None,
        ontology: Ontology | None = None,
    ) -> None:
        self.skip_damaged = skip_damaged
        self.damage_threshold = damage_threshold
        self.ontology = ontology or (Ontology(data_root) if data_root else default_ontology())
        self.lexicon = _default_lexicon() if lexicon == "default" else lexicon
        self.langs: dict[str, _Lang] = {}
        for lang in languages or available_languages(data_root):
            data = load_language(lang, data_root)
            morph = Morphology(data["morphology"])
            self.langs[lang] = _Lang(
                morph=morph,
                actors=ActorMatcher(self.lexicon, morph),  # type: ignore[arg-type]
                triggers=TriggerSet(data["triggers"], f"{lang}/triggers.yaml", lower),
                dates=DateResolver(data["dates"], f"{lang}/dates.yaml"),
                modality=Modality(data["modality"]),
                roles=RoleRules.from_data(data["morphology"].get("roles")),
            )
        self.version = CODER_VERSION
        self._mediator_rules = frozenset(
            p.id for L in self.langs.values() for p in L.triggers.patterns if p.roles == "mediator"
        )

    # ------------------------------------------------------------------ public API
    def code(self, doc: Document, sentences: Sequence[Sentence]) -> list[Mention]:
        """Event mentions of one document, deduplicated per (source, target, type, date)."""
        st = _DocState(published=doc.published, dated={})
        out: list[Mention] = []
        par = 0
        prev_end = 0
        for s in sentences:
            if _PARA.search(doc.text, prev_end, max(prev_end, s.start)):
                par += 1
            prev_end = s.end
            lang = s.lang if s.lang in self.langs else (doc.lang if doc.lang in self.langs else None)
            if lang is None:
                continue
            damaged = s.damage >= self.damage_threshold
            if damaged and self.skip_damaged:
                continue
            out.extend(self._sentence(doc, s, lang, par, st, damage=s.damage if damaged else 0.0))
        return _dedup(out)

    # ------------------------------------------------------------------ internals
    def _sentence(self, doc: Document, s: Sentence, lang: str, par: int, st: _DocState, damage: float) -> list[Mention]:
        L = self.langs[lang]
        low = lower(s.text, lang)
        if _REFERENCE.match(low):
            return []
        exprs = L.dates.find(low, st.published, st.ctx.date if st.ctx else None)
        inherited = None
        if st.ctx is not None and (st.ctx_par == par or L.dates.continues(low)):
            inherited = st.ctx
        out = self._code_sentence(doc, s, lang, L, low, exprs, inherited, st, damage)
        dated = [m for m in out if m.date_precision != "approx" and m.date is not None and m.status == "occurred"]
        if dated:  # the main clause comes first: its date continues the narrative
            st.ctx = DateExpr(dated[0].date, dated[0].date_precision, 0, 0, "event")
            st.ctx_par = par
        elif exprs and not out:
            st.ctx, st.ctx_par = exprs[0], par
        elif inherited is not None:
            st.ctx_par = par
        return out

    def _code_sentence(self, doc, s, lang, L: _Lang, low, exprs, inherited, st: _DocState, damage) -> list[Mention]:
        tokens = tokenize(low, L.morph.hyphen_suffixes)
        hits, bounds = L.triggers.find(tokens)
        when = exprs[0].date if exprs else (inherited.date if inherited else st.published)
        recall = lambda role: st.recall(role, L.morph.role_anaphora)  # noqa: E731
        unresolved: list[int] = []

        def parties(count: int) -> tuple[str, ...]:
            got = st.parties(count)
            if not got:
                unresolved.append(count)
            return got

        found = L.actors.find(tokens, s.text, when, parties, recall, st.names)
        if unresolved or any(
            a.ref for a in found
        ):  # "Xi hosted Aliyev ..., and the two leaders signed": the sentence names the parties
            local = _local_parties(found, tokens, s.text, L.morph, st)
            found = L.actors.find(tokens, s.text, when, local, recall, st.names)
        st.remember(found)
        for a in found:
            name = L.actors.surname(a, tokens)
            if name:
                st.names[name] = (a.country, a.role)
        if not hits:
            _remember_parties(st, coordinate(found, tokens, s.text, L.morph), [])
            return []
        if len({a.country for a in found}) < 2 and not (
            found and len(st.group) >= 2 and any(h.pattern.roles == "mediator" for h in hits)
        ):
            return []
        aset = coordinate(found, tokens, s.text, L.morph)
        first_actor = aset.actors[0].start
        breaks = tuple(t.index for t in tokens if t.text in L.morph.clause_breaks)
        acts = _acts(tokens, L.morph, st)
        islands = _islands(tokens, s.text, L.morph.relative)
        out: list[Mention] = []
        statuses = [L.modality.status(tokens, h) for h in hits]
        # a skipped complement ("toplanmasını talep etti") does not bound the clause of the verb it depends on
        live = [(h, st_) for h, st_ in zip(hits, statuses, strict=True) if st_ != SKIP]
        hits = [h for h, _ in live]
        for k, (hit, status) in enumerate(live):
            if status == NEGATED:
                continue
            if k and L.modality.inherits(tokens, hit):  # "scheduled to travel to Yerevan ... for talks with"
                status = live[k - 1][1] if live[k - 1][1] != NEGATED else status
            pat = hit.pattern
            if L.morph.word_order == "svo" and hit.first > 0 and s.text[tokens[hit.first].start].isupper():
                continue  # a capitalised trigger word inside an English sentence is part of a name ("Support Act")
            clause = Clause(
                hit,
                hits[k - 1].last if k else -1,
                hits[k + 1].first if k + 1 < len(hits) else len(tokens),
                tokens,
                L.morph.word_order,
                pat.event,
                bool(L.morph.nominal and L.morph.nominal.search(hit.remainder)),
                _reciprocal(tokens, hit, L.morph.reciprocal),
                self._context_parties(hit, tokens, st),
                L.modality.is_passive(tokens, hit),
                breaks,
                islands,
                acts,
                s.text,
            )
            roles = assign(aset, clause, L.roles)
            if roles is None:
                continue
            tstart, tend = tokens[hit.first].start, tokens[hit.last].end
            d, prec, dspan, how = _date_for(
                _outside(exprs, tokens, hit, islands),
                inherited,
                hit,
                bounds,
                tokens,
                first_actor,
                L.morph.word_order,
                st.published,
                L.dates,
                L.morph.complement,
            )
            if status == "planned" and dspan is not None and L.dates.is_weekday(dspan) and st.published:
                while d is not None and d <= st.published:  # "will visit on Monday": the next Monday
                    d += timedelta(days=7)
            mode = pat.mode
            if roles.host and pat.event == "CONSULT" and mode is None:
                mode = "visit"
            conf = pat.confidence - (0.15 if roles.fallback else 0.0) - (0.05 if how == "default" else 0.0)
            if damage:
                conf *= max(0.0, 1.0 - damage)
            for src, tgt in roles.pairs:
                key = (frozenset((src.country, tgt.country)), pat.event, None)
                dd, dp = d, prec
                # an undated re-mention of an already dated event takes its date
                if how in ("default", "inherited") and status == "occurred" and key in st.dated:
                    dd, dp = st.dated[key]
                elif how in ("explicit", "inherited"):
                    st.dated.setdefault(key, (d, prec))
                out.append(
                    self._mention(
                        doc, s, lang, hit, src, tgt, pat.event, mode, status, dd, dp, dspan, conf, tstart, tend
                    )
                )
        _remember_parties(st, aset, out, frozenset(m.source.country for m in out if m.rule in self._mediator_rules))
        acts = [m for m in out if m.event not in _REACTIONS]
        if acts:  # a reaction ("welcomed the decision") does not make its speaker the author of the act
            st.author = acts[0].source.country
        visits = [m for m in out if m.cameo == "042"]
        if visits:
            st.visitor = visits[0].source.country
        if not out:
            subj = next((a for a in aset.actors if a.case == "nom" and not a.adj and not a.place and not a.ref), None)
            if subj is not None:
                st.author = subj.country
        return out

    @staticmethod
    def _context_parties(hit: TriggerHit, tokens, st: _DocState) -> tuple[ActorHit, ...]:
        """The parties of the current occasion as actors on the trigger's span (for "hosted the meeting")."""
        if hit.pattern.roles != "mediator" or len(st.group) < 2:
            return ()
        a, b = hit.first, hit.last + 1
        start, end = tokens[a].start, tokens[b - 1].end
        return tuple(ActorHit(c, None, None, a, b, start, end, "com", ref=True) for c in st.group)

    def _actor(self, doc: Document, s: Sentence, a: ActorHit) -> Actor:
        start, end = s.start + a.start, s.start + a.end
        return Actor(
            code=self.ontology.actor_code(a.country, a.role),
            country=a.country,
            role=a.role,
            name=a.name,
            span=Span(doc.text[start:end], start, end),
            case=a.case,
        )

    def _mention(
        self, doc, s, lang, hit: TriggerHit, src, tgt, event, mode, status, d, prec, dspan, conf, tstart, tend
    ) -> Mention:
        pat = hit.pattern
        row = self.ontology.cameo(pat.cameo)
        context = pat.context or (row.context if row else None)
        score = self.ontology.score(event, mode, pat.cameo)
        ts, te = s.start + tstart, s.start + tend
        return Mention(
            doc_id=doc.id,
            sentence=Span(s.text, s.start, s.end),
            source=self._actor(doc, s, src),
            target=self._actor(doc, s, tgt),
            event=event,
            mode=mode,
            context=context,
            cameo=pat.cameo,
            intensity=score.intensity,
            goldstein=score.goldstein,
            quad=score.quad,
            trigger=Span(doc.text[ts:te], ts, te),
            rule=pat.id,
            date=d,
            date_precision=prec,
            status=status,
            confidence=round(max(0.0, min(1.0, conf)), 3),
            coder_version=self.version,
            lang=lang,
            date_text=Span(
                doc.text[s.start + dspan.start : s.start + dspan.end], s.start + dspan.start, s.start + dspan.end
            )
            if dspan is not None and dspan.end > dspan.start
            else None,
        )


def _local_parties(found, tokens, text: str, morph, st: _DocState):
    """Party references the document context cannot resolve, read from the sentence itself ("Xi hosted Aliyev
    ..., and the two leaders signed"): its list of parties, or all its countries when their number fits."""
    real = [a for a in found if not a.ref and not a.adj and not a.place]
    groups = [tuple(dict.fromkeys(m.country for m in g)) for g in coordinate(real, tokens, text, morph).multi()]
    countries = tuple(dict.fromkeys(a.country for a in real))

    def local(count: int) -> tuple[str, ...]:
        for g in groups:
            if (count == 0 and len(g) >= 2) or len(g) == count:
                return g
        return countries if count and len(countries) == count else ()

    def parties(count: int) -> tuple[str, ...]:
        # "the two countries" is best read in the sentence that names two; "the sides" in the context
        if count:
            return local(count) or st.parties(count)
        return st.parties(count) or local(count)

    return parties


def _outside(exprs, tokens, hit: TriggerHit, islands) -> list:
    """Date expressions not inside an embedded clause that does not contain the trigger."""
    if not islands or not exprs:
        return exprs
    out = []
    for e in exprs:
        k = next((t.index for t in tokens if t.start >= e.start), len(tokens))
        if any(a <= k < b and not a <= hit.first < b for a, b in islands):
            continue
        out.append(e)
    return out


def _acts(tokens, morph, st: _DocState) -> tuple:
    """Act nouns of the sentence with the countries they refer back to (as actors on the noun's span)."""
    if not morph.act_refs:
        return ()
    out = []
    for t in tokens:
        kind = morph.act_ref(t.text)
        if kind is None:
            continue
        countries = st.act_parties(kind)
        if countries:
            out.append(
                (
                    t.index,
                    tuple(
                        ActorHit(c, None, None, t.index, t.index + 1, t.start, t.end, "acc", ref=True)
                        for c in countries
                    ),
                )
            )
    return tuple(out)


def _islands(tokens, text: str, relative: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Embedded clauses ", which ... ," as token ranges (from the pronoun to the next comma)."""
    if not relative:
        return ()
    out = []
    for t in tokens:
        if t.text in relative and text[: t.start].rstrip().endswith(","):
            comma = text.find(",", t.end)
            end = next((u.index for u in tokens if u.start > comma), len(tokens)) if comma >= 0 else len(tokens)
            out.append((t.index, end))
    return tuple(out)


def _reciprocal(tokens, hit: TriggerHit, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """An "each other" / "bir-birini" phrase within four words of the trigger."""
    if not phrases:
        return False
    lo, hi = max(0, hit.first - 4), min(len(tokens), hit.last + 5)
    words = [t.text for t in tokens[lo:hi]]
    return any(tuple(words[i : i + len(p)]) == p for p in phrases for i in range(len(words) - len(p) + 1))


def _remember_parties(st: _DocState, aset, out: list[Mention], mediators: frozenset[str] = frozenset()) -> None:
    st.n += 1
    groups = [
        g for g in aset.multi() if not all(a.ref for a in g) and not any(a.place or a.adj or a.case == "loc" for a in g)
    ]
    if groups:
        st.group = tuple(dict.fromkeys(a.country for a in groups[-1]))
        st.group_at = st.n
    if out:
        seen: dict[str, None] = {}
        for m in out:
            seen.setdefault(m.source.country)
            seen.setdefault(m.target.country)
        parts = tuple(c for c in seen if c not in mediators)  # a mediator is not one of "the sides"
        st.participants = parts if len(parts) >= 2 else tuple(seen)
        st.participants_at = st.n


def _in_complement(e, tokens, tstart: int, complement) -> bool:
    """A date followed, before the trigger, by the end of a complement clause dates that clause
    ("O'Brien'in Aralık ayında Bakü'ye gelmesine ... müsaade istemiştir")."""
    if complement is None:
        return False
    return any(e.end <= t.start < tstart and complement.search(t.text) for t in tokens)


def _date_for(
    exprs,
    inherited,
    hit: TriggerHit,
    bounds,
    tokens,
    first_actor: int,
    order: str,
    published,
    resolver=None,
    complement=None,
):
    """Date of one trigger (heuristics):

    1. a date expression between the previous trigger of the sentence and this one (nearest);
    2. a sentence-level date: an expression before the first actor of the sentence, or one that dates the
       statement the sentence reports ("dün yaptığı açıklamada");
    3. (SVO) an expression after the trigger, before the next trigger ("met on Tuesday"), else the nearest
       one before it in the sentence;
    4. the narrative date inherited from the previous sentence of the same paragraph, or across a paragraph
       break when the sentence starts with a continuation marker ("Görüşmede ...", "During the call");
    5. the publication date with precision ``approx``.
    """
    if exprs:
        tstart = tokens[hit.first].start
        prev = [b for b in bounds if b < hit.first]
        lo = tokens[prev[-1]].end if prev else -1
        nxt = [b for b in bounds if b > hit.last]
        hi = tokens[nxt[0]].start if nxt else 1 << 30
        near = [e for e in exprs if lo <= e.start < tstart and not _in_complement(e, tokens, tstart, complement)]
        if near:
            e = near[-1]
            return e.date, e.precision, e, "explicit"
        lead = [e for e in exprs if e.end <= first_actor]
        if resolver is not None:  # "dün yaptığı açıklamada ... kınadı ve ... talep etti"
            lead += [e for e in exprs if e.end <= tstart and e not in lead and resolver.dates_statement(e, tokens)]
        if lead:
            return lead[0].date, lead[0].precision, lead[0], "explicit"
        after = [e for e in exprs if tokens[hit.last].end <= e.start < hi]
        if after and (order == "svo" or hit.pattern.roles == "mediator"):  # "X-in vasitəçiliyi ilə dünən ..."
            return after[0].date, after[0].precision, after[0], "explicit"
        earlier = [e for e in exprs if e.end <= tstart]
        if earlier and order == "svo":  # "told Congress on Wednesday that Washington had cancelled ... and would"
            return earlier[-1].date, earlier[-1].precision, earlier[-1], "explicit"
    if inherited is not None and not (resolver is not None and resolver.perfect(tokens, hit.first)):
        return inherited.date, inherited.precision, None, "inherited"
    if published is not None:
        return published, "approx", None, "default"
    return None, "unknown", None, "default"


def _dedup(mentions: list[Mention]) -> list[Mention]:
    """One mention per (source country, target country, event, date); the most confident wins."""
    best: dict[tuple[str, str, str, date | None], int] = {}
    out: list[Mention] = []
    for m in mentions:
        key = (m.source.country, m.target.country, m.event, m.date)
        k = best.get(key)
        if k is None:
            best[key] = len(out)
            out.append(m)
        elif m.confidence > out[k].confidence:
            out[k] = m
    return out

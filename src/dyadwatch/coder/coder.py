"""The event coder: sentences (with language and damage score) → coded event mentions with evidence."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dyadwatch.coder.actor_match import ActorHit, ActorMatcher, Lexicon
from dyadwatch.coder.clauses import date_for, islands_of, outside, reciprocal
from dyadwatch.coder.context import REACTIONS, DocState, act_nouns, local_parties, remember_parties
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
        st = DocState(published=doc.published, dated={})
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
    def _sentence(self, doc: Document, s: Sentence, lang: str, par: int, st: DocState, damage: float) -> list[Mention]:
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

    def _code_sentence(self, doc, s, lang, L: _Lang, low, exprs, inherited, st: DocState, damage) -> list[Mention]:
        tokens = tokenize(low, L.morph.hyphen_suffixes)
        hits, bounds = L.triggers.find(tokens)
        if L.morph.word_order == "sov":  # "X'in ev sahipliğinde": a mediation adjunct does not end a clause
            adjuncts = {h.first for h in hits if h.pattern.roles == "mediator"}
            bounds = [b for b in bounds if b not in adjuncts]
        when = exprs[0].date if exprs else (inherited.date if inherited else st.published)
        if not hits:
            # actors of a sentence with no trigger only matter as context for the next one: read them then
            st.pending = [*st.pending[-1:], (L, tokens, s.text, when)]
            st.n += 1
            return []
        for args in st.pending:
            self._remember_sentence(st, *args)
        st.pending = []
        recall = lambda role: st.recall(role, L.morph.role_anaphora)  # noqa: E731
        found = L.actors.find(tokens, s.text, when, local_parties(tokens, s.text, L.morph, st), recall, st.names)
        self._remember_actors(st, L, found, tokens)
        if len({a.country for a in found}) < 2 and not (
            found
            and (
                (len(st.group) >= 2 and any(h.pattern.roles == "mediator" for h in hits))
                or L.morph.has_act_ref(low)  # "bildiriyi memnuniyetle karşıladı": the act names the target
            )
        ):
            return []
        aset = coordinate(found, tokens, s.text, L.morph)
        first_actor = aset.actors[0].start
        breaks = tuple(t.index for t in tokens if t.text in L.morph.clause_breaks)
        acts = act_nouns(tokens, L.morph, st)
        islands = islands_of(tokens, s.text, L.morph.relative, L.morph.attribution)
        out: list[Mention] = []
        statuses = [L.modality.status(tokens, h) for h in hits]
        # a skipped complement ("toplanmasını talep etti") does not bound the clause of the verb it depends on
        live = [(h, st_) for h, st_ in zip(hits, statuses, strict=True) if st_ != SKIP]
        hits = [h for h, _ in live]
        prev_pairs: tuple = ()
        prev_date = None
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
                reciprocal(tokens, hit, L.morph.reciprocal),
                self._context_parties(hit, tokens, st),
                L.modality.is_passive(tokens, hit),
                breaks,
                islands,
                acts,
                s.text,
                prev_pairs if L.morph.word_order == "sov" else (),
                bool(L.morph.participle and L.morph.participle.search(hit.remainder)),
                L.morph.possessive,
                L.morph.possessed,
                L.morph.genitive_suffixes,
                bool(k) and L.morph.chains(tokens, live[k - 1][0]),
            )
            roles = assign(aset, clause, L.roles)
            prev_pairs = roles.pairs if roles is not None else ()
            if roles is None:
                continue
            tstart, tend = tokens[hit.first].start, tokens[hit.last].end
            d, prec, dspan, how = date_for(
                outside(exprs, tokens, hit, islands),
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
            if how != "explicit" and clause.chained and prev_date is not None:
                d, prec, dspan, how = prev_date  # "dünən ... danışıq aparıb və ... çağırıb": the same day
            prev_date = (d, prec, dspan, how) if how == "explicit" else None
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
        remember_parties(st, aset, out, frozenset(m.source.country for m in out if m.rule in self._mediator_rules))
        for src in {
            m.source.country for m in out if m.rule in self._mediator_rules or m.event not in L.roles.partner_events
        }:
            st.acted(src)  # third parties act on the sides (mutual meetings and agreements do not count)
        acts = [m for m in out if m.event not in REACTIONS]
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
    def _remember_actors(st: DocState, L: _Lang, found, tokens) -> None:
        st.remember(found)
        for a in found:
            name = L.actors.surname(a, tokens)
            if name:
                st.names[name] = (a.country, a.role)

    def _remember_sentence(self, st: DocState, L: _Lang, tokens, text: str, when) -> None:
        """Actors of an earlier sentence with no trigger, as context: roles, surnames, lists of parties."""
        found = L.actors.find(tokens, text, when, None, lambda role: st.recall(role, L.morph.role_anaphora), st.names)
        self._remember_actors(st, L, found, tokens)
        n = st.n
        st.n -= 1  # keep its place in the order of sentences
        remember_parties(st, coordinate(found, tokens, text, L.morph), [])
        st.n = n

    @staticmethod
    def _context_parties(hit: TriggerHit, tokens, st: DocState) -> tuple[ActorHit, ...]:
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

"""Actor mentions in a sentence: longest match of lexicon forms over tokens, case from morphology,
and merging of country + role noun + person sequences into one actor ("ABD Dışişleri Bakanı Antony Blinken")."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from dyadwatch.coder.actor_refs import (
    comma_subject,
    in_compound,
    is_dateline,
    name_hits,
    named_after,
    party_hits,
    recall_from,
    surname,
)
from dyadwatch.coder.actor_types import (
    ActorHit,
    Lexicon,
    Names,
    PartyResolver,
    RoleRecall,
    entry_kind,
    entry_name,
)
from dyadwatch.coder.actor_types import Raw as _Raw
from dyadwatch.coder.morph import Morphology
from dyadwatch.coder.text import Token, lower, tokenize

__all__ = ["ActorHit", "ActorMatcher", "Lexicon", "Names", "PartyResolver", "RoleRecall"]

log = logging.getLogger(__name__)

_TERM = "\x00"
_PUNCT = frozenset(',;:()[]"/|–—')
_ADJ = "\x01"
_CASED = "\x02"  # the spellings a form must keep ("US"), on its trie node
# roles that are complete titles on their own (a second one starts a new actor)
_TITLES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "igo_official"})
_SKIP_BEFORE_PREP = frozenset({"the", "a", "an", "its", "his", "her", "their"})
MEMO_LIMIT = 100_000  # entries kept per memo: tokens per trie node, (actor, date) resolutions
_Step = tuple[tuple[tuple[str, str, tuple[str, Any], bool, frozenset[str] | None], ...], dict[str, Any] | None]


class ActorMatcher:
    """Finds actor mentions in tokenised sentences of one language."""

    def __init__(self, lexicon: Lexicon | None, morph: Morphology) -> None:
        self.lexicon = lexicon
        self.morph = morph
        self.trie: dict[str, Any] = {}
        self.maxlen = 1
        bases: set[str] = set()
        lang = morph.lang
        forms = lexicon.forms(lang) if lexicon is not None else {}
        roles = dict(morph.actor_heads)
        if lexicon is not None:
            roles.update(lexicon.role_nouns(lang))
        self._cased: dict[str, frozenset[str]] = {}
        for form, entries in forms.items():
            entries = tuple(entries)
            if entries and all(entry_kind(e) == "role" and getattr(e, "role", None) for e in entries):
                self._add(form, ("role", entries[0].role), bases)
                continue
            toks = self._add(form, ("entity", entries), bases)
            cased = {
                c for e in entries for c in (getattr(e, "cased", None) or {}).get(lang, ()) if lower(c, lang) == form
            }
            if cased and toks:
                self._cased[" ".join(toks)] = frozenset(cased)
        if lexicon is not None and hasattr(lexicon, "cased_forms"):
            for form, spellings in lexicon.cased_forms(lang).items():
                toks = [t.text for t in tokenize(form, morph.hyphen_suffixes)]
                self._cased[" ".join(toks)] = frozenset(spellings)
        for form, role in roles.items():
            self._add(form, ("role", role), bases)
        for form, count in morph.party_refs.items():
            self._add(form, ("party", count), bases)
        # demonyms that are not also names ("american", "azerbaycanlı"): alone they are modifiers, not actors
        adj_forms = lexicon.adjective_forms(lang) if lexicon is not None and hasattr(lexicon, "adjective_forms") else {}
        for form, entries in adj_forms.items():
            if all(form in {lower(x, lang) for x in getattr(e, "adjectives", {}).get(lang, ())} for e in entries):
                node = self.trie
                for t in tokenize(form, morph.hyphen_suffixes):
                    node = node.get(t.text, {})
                if _TERM in node:
                    node[_ADJ] = True  # marked on the trie node: no lookup per match
        self._anaphora_after = frozenset(morph.anaphora_after)
        self._subject_of = morph.subject_of
        morph.known_bases = frozenset(bases) | morph.known_bases
        self._resolve_memo: dict[tuple[int, date | None], tuple[str, str | None] | None] = {}
        self._steps: dict[int, dict[str, _Step]] = {}  # id(trie node) -> token -> step (see _step)
        for key, spellings in self._cased.items():  # marked on the form's trie node: no lookup per match
            node: dict[str, Any] | None = self.trie
            for t in key.split(" "):
                node = node.get(t)
                if node is None:
                    break
            else:
                if spellings:
                    node[_CASED] = spellings

    def _add(self, form: str, value: tuple[str, Any], bases: set[str]) -> list[str]:
        toks = [t.text for t in tokenize(form.replace("’", "'"), self.morph.hyphen_suffixes)]
        if not toks:
            return toks
        node = self.trie
        for t in toks:
            node = node.setdefault(t, {})
        if _TERM in node and node[_TERM][0] == "entity" and value[0] == "role":
            return toks  # a lexicon entity wins over a role noun with the same form
        node[_TERM] = value
        bases.add(toks[-1])
        self.maxlen = max(self.maxlen, len(toks))
        return toks

    def _resolve(self, entry: Any, on: date | None) -> tuple[str, str | None] | None:
        key = (id(entry), on)
        memo = self._resolve_memo
        if key in memo:
            return memo[key]
        try:
            got = self.lexicon.resolve(entry, on) if self.lexicon else None
        except Exception:  # a lexicon bug must not kill a whole run
            log.exception("actor resolution failed for %r", entry)
            got = None
        if len(memo) >= MEMO_LIMIT:  # one entry per actor and date: bounded, a long run sees many dates
            memo.clear()
        memo[key] = got
        return got

    @staticmethod
    def _spelled(original: str, start: int, cased: frozenset[str]) -> bool:
        """Forms marked ``cased`` in the lexicon (e.g. "US") must keep their written capitalisation."""
        return any(original.startswith(c, start) or original.startswith(c.upper(), start) for c in cased)

    def _step(self, node: dict[str, Any], tok: str) -> _Step:
        """What token ``tok`` does at trie ``node``: the readings of ``tok`` that end a lexicon form there
        (``(base, case, value, adjective, cased spellings)``, in the order of ``Morphology.analyse``) and the node
        it leads to (``None``: no longer form continues with it). Memoised per node and token."""
        memo = self._steps.get(id(node))
        if memo is None:
            memo = self._steps[id(node)] = {}
        got = memo.get(tok)
        if got is None:
            ends = []
            for base, case in self.morph.analyse(tok):
                child = node.get(base)
                if child is not None and _TERM in child:
                    ends.append((base, case, child[_TERM], _ADJ in child, child.get(_CASED)))
            got = (tuple(ends), node.get(tok))
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[tok] = got
        return got

    def _raw_hits(self, tokens: list[Token], original: str) -> list[_Raw]:
        out: list[_Raw] = []
        n = len(tokens)
        i = 0
        step = self._step
        trie = self.trie
        root = self._steps.setdefault(id(trie), {})
        spelled = self._spelled
        while i < n:
            got = root.get(tokens[i].text) or step(trie, tokens[i].text)
            if got[1] is None and not got[0]:  # most words start no lexicon form
                i += 1
                continue
            best: tuple[int, str, tuple[str, Any]] | None = None
            best_base = ""
            best_adj = False
            for j in range(i, min(n, i + self.maxlen)):
                ends, node = got
                for base, case, value, adj, cased in ends:
                    if cased is not None and not spelled(original, tokens[i].start, cased):
                        continue
                    best = (j + 1, case, value)
                    best_base = base
                    best_adj = adj
                    break
                if node is None or j + 1 >= n:
                    break
                got = step(node, tokens[j + 1].text)
            if best is None:
                i += 1
                continue
            end, case, (kind, payload) = best
            rest = tokens[end - 1].text[len(best_base) :]
            plural = bool(rest) and rest.lstrip("'-").startswith(self.morph.plural_markers or ("\x00",))
            out.append(_Raw(kind, payload, i, end, case, best_adj and kind == "entity", plural))
            i = end
        return out

    def find(
        self,
        tokens: list[Token],
        original: str,
        on: date | None,
        parties: PartyResolver | None = None,
        recall: RoleRecall | None = None,
        names: Names | None = None,
    ) -> list[ActorHit]:
        """Actor mentions of a sentence (``original`` is the sentence text, for capitalisation).

        ``parties`` resolves references to several parties ("the two leaders", "tərəfləri") to countries;
        each becomes one actor per country, all with the reference's span and case. ``recall`` gives a bare
        role noun with no country the country of the last actor of the document in that role; ``names`` lets a
        bare surname ("Gasımov") stand for the person named in full earlier in the document.
        """
        raws = [r for r in self._raw_hits(tokens, original) if not in_compound(r, tokens, original)]
        if not raws:
            return name_hits(tokens, original, [], names, self.morph) if names else []
        morph = self.morph
        # case from postpositions (Aliyev ile, Aliyev tarafından) and prepositions (to Baku, by Aliyev)
        fixed: list[_Raw] = []
        for r in raws:
            case = r.case
            if case == "nom" and r.tok_end < len(tokens):
                post = morph.postpositions.get(tokens[r.tok_end].text)
                if post:
                    case = post
            # a preposition governs the whole noun phrase, possessive included ("by Russia's chief of staff")
            if morph.prepositions and (case == "nom" or (case == "gen" and morph.word_order == "svo")):
                k = r.tok_start - 1
                while k >= 0 and tokens[k].text in _SKIP_BEFORE_PREP:
                    k -= 1
                if k >= 0 and tokens[k].text in morph.prepositions:
                    case = morph.prepositions[tokens[k].text]
                    if self._subject_of is not None and self._subject_of.search(original[: tokens[k].end].lower()):
                        case = "nom"  # "The foreign ministers of Azerbaijan and Armenia held talks"
            fixed.append(r._replace(case=case) if case != r.case else r)
        if morph.word_order == "sov":
            fixed = comma_subject(fixed, tokens, original)
        if fixed and is_dateline(fixed[0], tokens, original):
            fixed[0] = fixed[0]._replace(case="loc")  # "BAKU —", "Bakı, 10 noyabr": a dateline
        if self._subject_of is not None:
            # "The leaders of A and B": the actors after "of" replace the reference
            fixed = [r for k, r in enumerate(fixed) if not named_after(r, fixed[k + 1 :], tokens)]
        groups: list[list[_Raw]] = []
        for r in fixed:
            if groups and self._can_merge(groups[-1], r, tokens, original):
                groups[-1].append(r)
            else:
                groups.append([r])
        out = []
        refs = []
        for k, g in enumerate(groups):
            if g[0].kind == "party":
                refs.append(g[0])
                continue
            hit = self._group_to_hit(g, tokens, on, recall_from(out, recall, self.morph))
            if hit is None:
                continue
            if g[-1].kind == "role" and not hit.resolved_person:
                limit = groups[k + 1][0].tok_start if k + 1 < len(groups) else len(tokens)
                hit = self._absorb_name(hit, tokens, original, limit)
            out.append(hit)
        out = name_hits(tokens, original, out, names, self.morph) if names else out
        if refs:  # resolved last, so that the resolver can read the sentence's own actors
            for r in refs:
                out.extend(party_hits(r, tokens, parties, out))
            out.sort(key=lambda a: a.tok_start)
        return out

    def surname(self, hit: ActorHit, tokens: list[Token]) -> str | None:
        """The surname of a named actor, for bare mentions later in the document."""
        return surname(hit, tokens, self.morph)

    def _absorb_name(self, hit: ActorHit, tokens: list[Token], original: str, limit: int) -> ActorHit:
        """``<country> <role noun> <Unknown Name>``: extend the actor over up to 3 capitalised words after the
        role noun (a person the lexicon does not know), taking their case (``Aliyev'le``, ``Aliyev ile``)."""
        end = hit.tok_end
        case = hit.case
        if case != "nom":
            return hit
        while end < min(limit, hit.tok_end + 3):
            t = tokens[end]
            between = original[tokens[end - 1].end : t.start]
            if not original[t.start : t.start + 1].isupper() or not _PUNCT.isdisjoint(between):
                break
            end += 1
            readings = self.morph.analyse(t.text)
            cut = [c for b, c in readings[1:] if "'" in t.text or "-" in t.text]
            if cut:
                case = cut[0]
                break
        if end == hit.tok_end:
            return hit
        if case == "nom" and end < len(tokens):
            case = self.morph.postpositions.get(tokens[end].text, "nom")
        return hit._replace(tok_end=end, end=tokens[end - 1].end, case=case, named=True)

    def _can_merge(self, group: list[_Raw], r: _Raw, tokens: list[Token], original: str) -> bool:
        last = group[-1]
        if r.kind == "party" or last.kind == "party":
            return False
        # Turkic case suffixes sit on the last word of a group; English cases come from a preposition before it
        if last.case not in ("nom", "adj") and self.morph.word_order != "svo":
            # "Ermənistanın Baş naziri", "Rusiya'nın Dışişleri Bakanı": a genitive country owns the role after it
            owner = (
                last.case == "gen"
                and any(g.kind == "entity" for g in group)
                and not any(self._is_person(g) for g in group)
                and not (last.kind == "entity" and self._maybe_person(last))
            )
            if not (owner and r.kind == "role" and r.tok_start == last.tok_end and r.case == "nom"):
                return False
        # two entities merge only as <country> <person> (checked at resolution)
        if r.kind == "entity" and len([g for g in group if g.kind == "entity"]) > 1:
            return False
        if r.kind == "role" and any(g.kind == "entity" and self._is_person(g) for g in group):
            return False  # "O'Brien Prezident Aliyev": a role noun after a person starts a new actor
        if r.kind == "role" and last.kind == "role" and r.payload in _TITLES and last.payload in _TITLES:
            return False  # "Baş katib Prezident İlham Əliyev": two complete titles are two actors
        between = original[tokens[last.tok_end - 1].end : tokens[r.tok_start].start]
        if not _PUNCT.isdisjoint(between):
            return False
        gap = r.tok_start - last.tok_end
        if gap == 0:
            if (
                r.kind == "entity"
                and not self._maybe_person(r)
                and last.kind == "role"
                and not any(g.kind == "entity" for g in group)
            ):
                return False  # "Qətnamədə Şura Azərbaycan və ...": a role noun does not take a country after it
            if r.kind == "entity" and not self._maybe_person(r):
                # a second country/institution does not join a group that already has one ("ordusu Ermenistan")
                return not any(g.kind == "entity" for g in group)
            return True
        if (
            self.morph.word_order == "svo"
            and last.kind == "role"
            and r.kind == "entity"
            and not self._maybe_person(r)
            and not any(g.kind == "entity" for g in group)
            and gap <= 2
            and tokens[last.tok_end].text == "of"
        ):
            return True  # "the government of Georgia", "the President of Azerbaijan"
        if gap > 4 or r.kind != "entity" or not self._maybe_person(r):
            return False
        # unknown words in between must be capitalised names/titles
        for k in range(last.tok_end, r.tok_start):
            c = original[tokens[k].start : tokens[k].start + 1]
            if not c.isupper():
                return False
        return True

    @staticmethod
    def _is_person(r: _Raw) -> bool:
        return any(entry_kind(e) == "person" for e in r.payload)

    def _maybe_person(self, r: _Raw) -> bool:
        if r.kind != "entity":
            return False
        return any(entry_kind(e) in ("person", "") for e in r.payload)

    def _group_to_hit(
        self, g: list[_Raw], tokens: list[Token], on: date | None, recall: RoleRecall | None = None
    ) -> ActorHit | None:
        country = role = name = None
        person_country = person_role = None
        resolved_person = False
        place = False
        for r in g:
            if r.kind == "role":
                role = role or r.payload
                continue
            chooser = getattr(self.lexicon, "choose", None)
            ordered = r.payload
            if chooser is not None and len(r.payload) > 1:
                picked = chooser(r.payload, on)
                ordered = (picked[0],) if picked else ()
            for e in ordered:
                kind = entry_kind(e)
                if kind == "role":
                    rl = getattr(e, "role", None)
                    role = role or rl
                    if getattr(e, "country", None) is None:
                        break
                res = self._resolve(e, on)
                if res is None:
                    continue
                c, rl = res
                if kind == "person":
                    person_country, person_role, name = c, rl, entry_name(e)
                    resolved_person = True
                else:
                    if country is None:
                        country = c
                        if rl in self.morph.place_roles or kind in ("place", "city", "capital"):
                            place = len(g) == 1
                        elif rl:
                            role = role or rl
                            name = name or (entry_name(e) if kind not in ("country", "") else None)
                break
        if resolved_person:
            country, role = person_country, person_role or role
        if country is None and role is not None and recall is not None and all(r.kind == "role" for r in g):
            # a singular bare role noun refers back ("Nazirlik"); a plural one is generic ("bakanları görüşmesi")
            k = g[0].tok_start - 1 if not g[-1].plural else -2
            if self.morph.word_order == "sov" and g[-1].case not in ("nom", "gen"):
                k = -2  # only as subject or owner ("Nazirlik ...", "Nazirliyin bəyanatında"), not "rejiminə"
            if k > -2 and (not self._anaphora_after or (k >= 0 and tokens[k].text in self._anaphora_after)):
                country = recall(role)
        if country is None:
            return None
        first, last = g[0], g[-1]
        if self.morph.word_order == "svo":  # the preposition before the phrase gives its case
            case = first.case
            if case == "gen" and len(g) > 1:
                case = "nom"  # "Azerbaijan's Foreign Minister X": the possessive is inside the group
        else:  # the suffix on the last word gives it
            case = last.case
        place = place and case == "loc"  # a capital in another case is a metonym for its government
        return ActorHit(
            country=country,
            role=role,
            name=name,
            tok_start=first.tok_start,
            tok_end=last.tok_end,
            start=tokens[first.tok_start].start,
            end=tokens[last.tok_end - 1].end,
            case=case,
            place=place,
            resolved_person=resolved_person,
            adj=len(g) == 1 and g[0].adj,
            named=resolved_person,
        )

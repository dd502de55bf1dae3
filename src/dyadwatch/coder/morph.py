"""Per-language case morphology (data-driven): which base forms and grammatical cases a word can carry."""

from __future__ import annotations

import re
from typing import Any

Analysis = tuple[str, str]  # (base form, case)
SIDES = -1  # party reference count of "the sides"


class Morphology:
    """Case analysis of tokens for one language, built from ``data/lang/<lang>/morphology.yaml``.

    ``analyse(word)`` returns the readings of a lowercased word as ``(base, case)`` pairs, the unanalysed
    word (case ``nom``) first: ``azerbaycan'a`` → ``("azerbaycan'a","nom"), ("azerbaycan","dat")``.
    Fused readings (``azerbaycana``) are only returned when the base is in ``known_bases``.
    """

    def __init__(self, data: dict[str, Any], known_bases: frozenset[str] = frozenset()) -> None:
        self.lang: str = data["lang"]
        self.word_order: str = data["word_order"]
        self.suffix_case: dict[str, str] = {}
        for case, sufs in data.get("cases", {}).items():
            for s in sufs:
                self.suffix_case.setdefault(s, case)
        plural = data.get("plural", [])
        self.plural_markers: tuple[str, ...] = tuple(plural)
        self.possessive: tuple[str, ...] = tuple(data.get("possessive", []))
        base_cases = list(self.suffix_case.items())
        # plural + case (yetkililerin, heyetlere): recorded as the case
        for p in plural:
            for s, case in base_cases:
                if case != "adj":
                    self.suffix_case.setdefault(p + s, case)
            self.suffix_case.setdefault(p, "nom")
        # plural + possessive + case after the buffer n ("liderlərinin", "bakanlarına"): recorded as the case
        for p in plural:
            for poss in (x for x in self.possessive if len(x) == 1):
                for s, case in base_cases:
                    if case != "adj" and s.startswith("n"):
                        self.suffix_case.setdefault(p + poss + s, case)
        fused_cases = set(data.get("fused", []))
        self.fused = sorted(
            ((s, c) for s, c in self.suffix_case.items() if c in fused_cases or c == "nom"),
            key=lambda sc: len(sc[0]),  # shortest suffix first: the longest known base wins ("tərəflər|i")
        )
        self.min_stem: int = data.get("fused_min_stem", 3)
        self.gen_clitics: tuple[str, ...] = tuple(sorted(data.get("genitive_clitics", []), key=len, reverse=True))
        self.prepositions: dict[str, str] = dict(data.get("prepositions", {}))
        self.postpositions: dict[str, str] = dict(data.get("postpositions", {}))
        self.conjunctions = frozenset(data.get("conjunctions", []))
        self.actor_heads: dict[str, str] = dict(data.get("actor_heads", {}))
        self.place_roles = frozenset(data.get("place_roles", []))
        nominal = data.get("nominal_suffix")
        self.nominal = re.compile(nominal) if nominal else None
        conv = data.get("converb")
        self.converb = re.compile(conv) if conv else None
        # the ending of a subject participle (what follows the trigger's stem): "gösteren", "görüşən"
        part = data.get("subject_participle")
        self.participle = re.compile(part) if part else None
        # a possessed object ("tedbirlerini"): the genitive just before it owns it and is not the verb's agent
        poss = data.get("possessed_object")
        self.possessed = re.compile(poss) if poss else None
        self.genitive_suffixes = tuple(data.get("cases", {}).get("gen", []))
        self.hyphen_suffixes = frozenset(self.suffix_case) | {"ci", "cı", "cu", "cü", "ncı", "nci", "ncu", "ncü"}
        # words that refer to the parties of the current occasion ("tərəflər", "the two leaders"): form -> count
        # (0 = any number); resolved from the document context by the coder
        # "sides" (-1): the sides of the document's conflict or negotiation ("tərəflər", "both sides")
        self.party_refs: dict[str, int] = {
            k: (SIDES if v == "sides" else int(v)) for k, v in data.get("party_refs", {}).items()
        }
        # "accused each other": one event per direction
        self.reciprocal: tuple[tuple[str, ...], ...] = tuple(tuple(w.split()) for w in data.get("reciprocal", []))
        # a bare role noun ("Nazirlik", "the minister") refers back to the last actor with one of these roles
        self.role_anaphora: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data.get("role_anaphora", {}).items()}
        # a bare role noun must follow one of these words to refer back ("the ministry"); empty = no condition
        self.anaphora_after: tuple[str, ...] = tuple(data.get("anaphora_after", []))
        # a sentence prefix after which "of <actor>" names the subject ("The foreign ministers of A and B ...")
        subj = data.get("subject_of")
        self.subject_of = re.compile(subj) if subj else None
        # words that end a clause: actors beyond them are not roles of a trigger on the other side
        self.clause_breaks = frozenset(data.get("clause_breaks", []))
        # relative pronouns opening an embedded clause after a comma (", which ...,")
        self.relative = frozenset(data.get("relative_pronouns", []))
        # speech verbs of a closing attribution (", the ministry said"): its actors are not roles of the clause
        self.attribution = frozenset(data.get("attribution_verbs", []))
        # nouns naming an earlier act ("the agreement", "qərarı"): word prefix -> parties | author | visitor
        self.act_refs: dict[str, str] = dict(data.get("act_refs", {}))
        keys = sorted(self.act_refs, key=len, reverse=True)
        self._act_rx = re.compile("|".join(map(re.escape, keys))) if keys else None
        self._act_any = re.compile(r"\b(?:" + "|".join(map(re.escape, keys)) + ")") if keys else None
        # the last word of a complement clause ("gelmesine", "yapılmasını"): a date before it dates the complement
        comp = data.get("complement_ending")
        self.complement = re.compile(comp) if comp else None
        # words allowed after a conjunction inside a list of actors ("and the European Union")
        self.coord_skip = frozenset(data.get("coordination_skip", []))
        self.known_bases = known_bases
        self._memo: dict[str, tuple[Analysis, ...]] = {}
        self.suffix_lengths = sorted({len(x) for x in self.suffix_case})
        self.bases_memo: dict[str, list[str]] = {}

    def chains(self, tokens, prev) -> bool:
        """Whether the verb after trigger ``prev`` shares its subject: ``prev`` ends in a converb ("edərək") or is
        followed by a conjunction ("danışıblar və")."""
        if self.word_order != "sov":
            return False
        last = tokens[prev.last]
        if self.converb is not None and self.converb.search(last.text):
            return True
        if self.nominal is not None and self.nominal.search(prev.remainder):
            return False  # "temasları ertelemesi ve ...": a noun phrase, not a verb
        return prev.last + 1 < len(tokens) and tokens[prev.last + 1].text in self.conjunctions

    def has_act_ref(self, text: str) -> bool:
        """Whether a word of ``text`` (lowercase) starts with an act noun."""
        return self._act_any is not None and self._act_any.search(text) is not None

    def act_ref(self, word: str) -> str | None:
        """What an act noun refers back to ("parties", "author", "visitor"), or ``None``."""
        m = self._act_rx.match(word) if self._act_rx is not None else None
        return self.act_refs[m.group()] if m else None

    def analyse(self, word: str) -> tuple[Analysis, ...]:
        """Readings of ``word`` (memoised)."""
        hit = self._memo.get(word)
        if hit is not None:
            return hit
        out: list[Analysis] = [(word, "nom")]
        for clitic in self.gen_clitics:
            if word.endswith(clitic) and len(word) > len(clitic):
                out.append((word[: -len(clitic)], "gen"))
                break
        cut = max(word.rfind("'"), word.rfind("-"))
        if cut > 0:
            case = self.suffix_case.get(word[cut + 1 :])
            if case:
                out.append((word[:cut], case))
        known = self.known_bases
        if known and self.fused:
            for suf, case in self.fused:
                if word.endswith(suf):
                    base = word[: -len(suf)]
                    if len(base) >= self.min_stem and base in known:
                        out.append((base, case))
        res = tuple(out)
        if len(self._memo) < 200_000:
            self._memo[word] = res
        return res

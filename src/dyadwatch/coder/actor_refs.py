"""Actor mentions that need the document: references to several parties ("the sides", "tərəfləri"), bare
surnames of people named in full earlier ("Gasımov"), and capitals that only open a dateline ("BAKU —")."""

from __future__ import annotations

import re

from dyadwatch.coder.actor_types import ActorHit, Names, PartyResolver, Raw, RoleRecall, entry_kind
from dyadwatch.coder.morph import Morphology
from dyadwatch.coder.text import Token

_DATELINE = re.compile(r"\s*(?:[—–]|-\s|\(|,\s*\d)")


def named_after(r: Raw, rest: list[Raw], tokens: list[Token]) -> bool:
    """A party reference followed by "of" and the parties themselves ("the leaders of Azerbaijan and Armenia")."""
    if r.kind != "party" or not rest or r.tok_end >= len(tokens):
        return False
    nxt = rest[0]
    return tokens[r.tok_end].text == "of" and nxt.case == "nom" and nxt.tok_start <= r.tok_end + 2


def is_dateline(r: Raw, tokens: list[Token], original: str) -> bool:
    """A capital opening the sentence and followed by a dash, a bracket or a date."""
    if r.tok_start != 0 or r.kind != "entity" or not _DATELINE.match(original, tokens[r.tok_end - 1].end):
        return False
    return any(entry_kind(e) in ("capital", "city", "place") for e in r.payload)


def party_hits(r: Raw, tokens: list[Token], parties: PartyResolver | None, actors: list[ActorHit]) -> list[ActorHit]:
    """One actor per party a reference stands for, all on the reference's span and with its case."""
    countries = parties(r.payload, actors) if parties is not None else ()
    start, end = tokens[r.tok_start].start, tokens[r.tok_end - 1].end
    return [
        ActorHit(c, None, None, r.tok_start, r.tok_end, start, end, r.case, ref=True) for c in dict.fromkeys(countries)
    ]


def bases(word: str, morph: Morphology) -> list[str]:
    """The word and its possible stems without a case suffix (after an apostrophe, or fused); memoised."""
    memo = morph.bases_memo
    got = memo.get(word)
    if got is not None:
        return got
    cut = max(word.rfind("'"), word.rfind("’"))
    if cut > 0:
        out = [word, word[:cut]]
    else:
        out = [word]
        for n in morph.suffix_lengths:
            if len(word) - n >= 3 and word[-n:] in morph.suffix_case:
                out.append(word[:-n])
    if len(memo) < 100_000:
        memo[word] = out
    return out


def surname(hit: ActorHit, tokens: list[Token], morph: Morphology) -> str | None:
    """The surname of a named actor (its last word without case suffix), for later bare mentions."""
    if not hit.named:
        return None
    return bases(tokens[hit.tok_end - 1].text, morph)[-1]


def name_hits(
    tokens: list[Token], original: str, out: list[ActorHit], names: Names, morph: Morphology
) -> list[ActorHit]:
    """``out`` plus capitalised words that are the surname of someone named earlier in the document."""
    covered = {i for a in out for i in range(a.tok_start, a.tok_end)}
    extra = []
    for t in tokens:
        if t.index in covered or not original[t.start : t.start + 1].isupper():
            continue
        for base in bases(t.text, morph):
            if base in names:
                country, role = names[base]
                case = next((c for b, c in morph.analyse(t.text)[1:] if b == base), "nom")
                if case == "nom" and t.index + 1 < len(tokens):
                    case = morph.postpositions.get(tokens[t.index + 1].text, "nom")
                extra.append(ActorHit(country, role, None, t.index, t.index + 1, t.start, t.end, case, named=True))
                break
    return sorted(out + extra, key=lambda a: a.tok_start) if extra else out


def in_compound(r: Raw, tokens: list[Token], original: str) -> bool:
    """An entity joined by a hyphen to a neighbouring word is part of a compound name ("Bakü-Tiflis-Kars
    demiryolu", "pro-Armenian stance", "Azerbaijan-US relations"), not an actor."""
    if r.kind != "entity":
        return False
    s, e = tokens[r.tok_start].start, tokens[r.tok_end - 1].end
    return (s > 0 and original[s - 1] in "-‐‑") or (
        e < len(original) - 1 and original[e] in "-‐‑" and original[e + 1].isalpha() and original[e + 1].isupper()
    )


def comma_subject(raws: list[Raw], tokens: list[Token], original: str) -> list[Raw]:
    """SOV: a sentence-initial phrase followed by a comma is the subject ("Azerbaycan ve Ermenistan genelkurmay
    başkanları, ..."), so an ambiguous accusative there (-ları is also the possessive) is a nominative."""
    out = list(raws)
    for i, r in enumerate(out):
        k = r.tok_end
        if k > 6 or k >= len(tokens):
            break
        if original[tokens[k - 1].end : tokens[k].start].strip() == ",":
            if r.case == "acc" and r.kind != "party":
                out[i] = r._replace(case="nom")
            break
    return out


def recall_from(prior: list[ActorHit], recall: RoleRecall | None, morph: Morphology) -> RoleRecall | None:
    """Bare role nouns refer first to an actor earlier in the same sentence ("Kobakhidze ... said his
    government"), then to the document."""
    if recall is None:
        return None

    def local(role: str) -> str | None:
        compatible = morph.role_anaphora.get(role)
        if compatible is not None:
            for a in reversed(prior):
                if not a.ref and (a.role == role or a.role in compatible):
                    return a.country
        return recall(role)

    return local

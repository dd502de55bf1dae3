"""Clause-level helpers of the coder: embedded clauses, reciprocal phrases, and which date expression of a
sentence dates which trigger."""

from __future__ import annotations

from dyadwatch.coder.triggers import TriggerHit


def outside(exprs, tokens, hit: TriggerHit, islands) -> list:
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


def islands_of(
    tokens, text: str, relative: frozenset[str], attribution: frozenset[str] = frozenset()
) -> tuple[tuple[int, int], ...]:
    """Embedded clauses as token ranges: ", which ... ," (from the pronoun to the next comma), and a closing
    attribution ", the co-chairs said in a statement" (from the comma to the end of the sentence)."""
    out = []
    if attribution:
        for t in tokens:
            if t.text in attribution:
                comma = text.rfind(",", 0, t.start)
                first = next((u.index for u in tokens if u.start > comma), t.index) if comma >= 0 else t.index
                if comma >= 0 and 0 < t.index - first <= 6 and len(tokens) - t.index <= 6:
                    out.append((first, len(tokens)))  # ", X said (in a statement)." closes the sentence
    if not relative:
        return tuple(out)
    for t in tokens:
        if t.text in relative and text[: t.start].rstrip().endswith(","):
            comma = text.find(",", t.end)
            end = next((u.index for u in tokens if u.start > comma), len(tokens)) if comma >= 0 else len(tokens)
            out.append((t.index, end))
    return tuple(out)


def reciprocal(tokens, hit: TriggerHit, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """An "each other" / "bir-birini" phrase within four words of the trigger."""
    if not phrases:
        return False
    firsts = {p[0] for p in phrases}
    if not any(t.text in firsts for t in tokens):
        return False
    lo, hi = max(0, hit.first - 4), min(len(tokens), hit.last + 5)
    words = [t.text for t in tokens[lo:hi]]
    return any(tuple(words[i : i + len(p)]) == p for p in phrases for i in range(len(words) - len(p) + 1))


def in_complement(e, tokens, tstart: int, complement) -> bool:
    """A date followed, before the trigger, by the end of a complement clause dates that clause
    ("O'Brien'in Aralık ayında Bakü'ye gelmesine ... müsaade istemiştir")."""
    if complement is None:
        return False
    return any(e.end <= t.start < tstart and complement.search(t.text) for t in tokens)


def date_for(
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
        near = [e for e in exprs if lo <= e.start < tstart and not in_complement(e, tokens, tstart, complement)]
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

"""Actor lexicon: how texts in each language name countries, IGOs, institutions and office holders.

Data lives in ``dyadwatch/data/actors/*.yaml`` (validated against ``data/schema/actors.schema.json``).
Typical use::

    from dyadwatch.actors import load_lexicon, lower
    lex = load_lexicon()
    entries = lex.forms("tr")[lower("Aliyev", "tr")]
    lex.choose(entries, date(2000, 1, 1))  # -> (Heydar Aliyev's entry, "AZE", "head_of_state")
    lex.resolve(lex.get("blinken_antony"), date(2023, 11, 27))  # -> ("USA", "foreign_minister")
    lex.role_nouns("az")["xarici işlər naziri"]  # -> "foreign_minister"
"""

from dyadwatch.actors.lexicon import ActorLexicon, load_lexicon
from dyadwatch.actors.loader import default_data_dir, role_codes
from dyadwatch.actors.model import ROLE_RANK, ActorEntry, LexiconError, Tenure
from dyadwatch.actors.text import lower

__all__ = [
    "ROLE_RANK",
    "ActorEntry",
    "ActorLexicon",
    "LexiconError",
    "Tenure",
    "default_data_dir",
    "load_lexicon",
    "lower",
    "role_codes",
]

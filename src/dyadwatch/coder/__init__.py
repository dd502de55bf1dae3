"""Event coder: trigger matching, morphology, roles, modality, dates and ontology scores → ``Mention``.

>>> from dyadwatch.coder import Coder, mention_to_json, CODER_VERSION
"""

from __future__ import annotations

from dyadwatch.coder.coder import Coder
from dyadwatch.coder.output import mention_to_json
from dyadwatch.coder.resources import CoderDataError
from dyadwatch.coder.version import CODER_VERSION, TABLES_VERSION

__all__ = ["CODER_VERSION", "TABLES_VERSION", "Coder", "CoderDataError", "mention_to_json"]

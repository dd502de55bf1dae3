"""Text stages: language identification (``langid``) and sentence segmentation (``segment``).

Import the submodules directly (``from dyadwatch.text.segment import segment``); this package does not
import lingua on its own.
"""

__all__ = ["langid", "segment"]

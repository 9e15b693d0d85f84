"""aligner: sentence alignment of an original with its translations.

    >>> import aligner
    >>> result = aligner.align(source_text, [target_text])   # -> aligner.Alignment

The heavy parts (embedding model, optional MT) load lazily on first use.
"""
from .types import Alignment, Bead, Document, Sentence, TargetAlignment

__version__ = "0.1.0"
__all__ = ["align", "Alignment", "Bead", "Document", "Sentence", "TargetAlignment", "__version__"]


def align(*args, **kwargs):
    """Align ``source_text`` with each of ``target_texts``; see :func:`aligner.pipeline.align`."""
    from .pipeline import align as _align

    return _align(*args, **kwargs)

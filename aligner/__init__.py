"""aligner: sentence alignment of an original with its translations.

    >>> import aligner
    >>> result = aligner.align(source_text, [target_text])   # -> aligner.Alignment

The heavy parts (embedding model, optional MT) load lazily on first use.
"""
from .types import Alignment, Bead, Document, Sentence, TargetAlignment

__version__ = "0.1.0"
__all__ = ["align", "Alignment", "Bead", "Document", "Sentence", "TargetAlignment", "__version__"]

from . import align  # noqa: E402  (a callable subpackage: aligner.align(...) runs the pipeline)

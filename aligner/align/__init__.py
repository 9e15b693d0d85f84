"""Alignment: score tables -> beads.  No I/O, no models loaded here.

    band.py      which cells of the prefix grid the search visits
    search.py    the dynamic programme over bead gains
    passes.py    moved links, pruning, absorbing, ordering after the search
    pipeline.py  text -> sentences -> scores -> beads -> Alignment

``aligner.align(source_text, [target_text])`` calls :func:`aligner.align.pipeline.align`:
this package is also callable, so the public API and the subpackage share one name.
"""
from __future__ import annotations

import sys
import types


class _CallableModule(types.ModuleType):
    def __call__(self, *args, **kwargs):
        from .pipeline import align as _align

        return _align(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

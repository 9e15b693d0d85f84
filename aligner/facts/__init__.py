"""Facts inside matched sentences: numbers, dates and names, and where a translation
disagrees with its original on them.

    numbers.py   numerals, scale words, percentages, currencies, times, years, spelled numbers
    dates.py     day-month-year dates, months, weekdays
    names.py     capitalised names, loose spelling, which unmatched ones are real names
    compare.py   per linked bead: unmatched facts of each side -> Divergence
    words.py     the per-language word lists

Runs after alignment (text -> sentences -> scores -> beads -> facts -> rendering);
:func:`annotate` returns the beads with ``divergences`` filled in.
"""
from .compare import Comparer, annotate, sentence_facts

__all__ = ["Comparer", "annotate", "sentence_facts"]

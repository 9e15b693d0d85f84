"""The aligner's parameters: one frozen dataclass, tuned on the dev sets (``scripts/tune.py``).

The fused similarity and bead gains they enter are described in :mod:`aligner.scoring.pairs`;
the passes that read them in :mod:`aligner.align.passes` and :mod:`aligner.align.fragments`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..align.search import BEAD_TYPES


@dataclass(frozen=True)
class Params:
    skip: float = 1.2            # threshold on s: groups below it are better left unaligned...
    skip_per_weight: float = 0.8 # ...raised by this per unit weight of extra scorers (they add to s)
    w_len: float = 1.0
    w_anchor: float = 1.0
    w_lex: float = 0.5           # weight of the IBM-1 lexical scorer (z-normalised); 0 = off
    w_mt: float = 1.0            # weight of MT chrF (z-normalised), used when a translator is given
    merge_cost: float = 1.25     # per extra sentence in an m-n bead
    mn_cost: float = 1.0         # extra cost of beads with several sentences on both sides (2-2)
    big_cost: float = 1.0        # extra cost per sentence beyond four in a bead (1-4, 2-3, 1-5...)
    anchor_floor: float = 1.0    # m-n groups are built around cells at least this strong...
    member_floor: float = 0.5    # ...whose every member reaches this z with the other side
    top_k: int = 3               # m-n groups are considered around each sentence's top_k partners
    screen_margin: float = 0.5   # keep m-n groups whose approximate gain comes this close to 1-1 beads
    embed_runs: bool = True      # embed concatenated runs for real (else length-weighted sums)...
    embed_budget: float = 0.25   # ...at most this many runs per sentence of the pair, most promising first
    heading_penalty: float = 1.0
    contain_min: float = 0.9     # a left-over sentence this contained in a neighbour bead joins it...
    contain_sandwiched: float = 0.6  # ...or this, when it sits between two sentences of that bead
    contain_floor: float = 0.0   # ...if its z with that bead reaches this (1.0 = containment off)
    prune_below: float = 0.6     # an m-n member less contained than this in the other side leaves
    trim_debris: bool = True          # OCR debris at a bead's edge stays unaligned
    fragment_z: Optional[float] = -1.0 # a left-over piece continuing a linked neighbour joins it at this z (None: off)
    split_pairs: bool = True     # a 2-2 bead that is two 1-1 links side by side (or crossing) is split
    max_group: int = 5           # the absorb pass grows groups up to this many sentences a side
    gap_margin: float = 1.0      # a gap's sentences join as one bead when the group clears the skip by this (<0: off)
    clause_z: float = 2.0        # a left-over sentence this close (z) to a clause of a neighbour joins its bead
    move_threshold: float = 1.5  # s needed for a non-monotonic (moved) link...
    steal_margin: float = 1.0    # ...and this much more than the in-order 1-1 partner it takes over
    weak_threshold: float = 0.75 # links scoring below this (on [0, 1]) are flagged weak: loose paraphrases
    len_smooth: float = 30.0
    sigma_floor: float = 0.015
    shrink: float = 4.0          # pseudo-count pulling row/col statistics to the document's
    prior_weight: float = 30.0   # pseudo-count (cells) of the embedder's background in the document's
    max_bead: int = 6            # bead shapes searched: up to this many sentences in all (a + b)
    exclude_best: bool = False   # a sentence's best candidate is left out of its background...
    small_doc: int = 4           # ...always in documents with fewer sentences than this on a side (short texts)
    calibrated: bool = False     # gains are the log-odds of :mod:`aligner.scoring.calibration`
    offset: float = 0.0          # calibrated: added to every bead's log-odds (a single knob)
    move_logit: float = 3.0      # calibrated: log-odds needed for a moved link...
    steal_logit: float = 2.0     # ...and this much more than the in-order 1-1 partner it takes over
    weak_p: float = 0.5          # calibrated: links below this probability are flagged weak
    resegment: bool = True       # cut a sentence whose halves align to different sentences (raw text only)
    resegment_margin: float = 0.03  # ...when each half is this much closer (cosine) to its own part
    self_train: bool = True      # a second pass with a lexical model fitted to the first pass's links
    self_train_min: float = 0.9  # ...those scoring at least this (on [0, 1])...
    self_train_pairs: int = 8    # ...when there are at least this many

    @property
    def types(self) -> tuple:
        return tuple(t for t in BEAD_TYPES if t[0] + t[1] <= self.max_bead)

    def signature(self) -> str:
        return (f"skip:{self.skip}|len:{self.w_len}|anchor:{self.w_anchor}|lex:{self.w_lex}"
                f"|merge:{self.merge_cost}|mn:{self.mn_cost}|move:{self.move_threshold}"
                f"|contain:{self.contain_min}|head:{self.heading_penalty}")

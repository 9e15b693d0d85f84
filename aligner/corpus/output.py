"""Corpus mode's output folder: ``pairs.json``, ``index.html`` and one folder of reports per run.

Layout::

    OUTDIR/.aligner-output        marker: this folder is an aligner output (never read as input)
    OUTDIR/pairs.json             the result (points into the current run folder)
    OUTDIR/index.html             the same as a page, with links to the reports
    OUTDIR/run-YYYYmmdd-HHMMSS-XXXX/<source>__<target>.json|.html

A run writes its reports into a hidden staging folder, renames it to its run
folder, then replaces ``pairs.json`` and ``index.html`` (each atomically), and
only then deletes the previous run's folder, so an interrupted run leaves the
previous result whole and a finished one leaves no stale report beside the
new ``pairs.json``.  A folder that is not empty and not an aligner output is
refused rather than mixed into.  A pair whose files cannot be written is
reported (in ``pairs.json``, the index and the return value) and the others
are written.  File names are derived from the documents' names, cleaned,
shortened and given a hash when long; links are percent-encoded relative URLs
(``./run-.../name.html``), never raw names, and every page carries a Content
Security Policy that allows no script but its own.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import quote

from ..errors import InputError
from ..summary import summarise
from ..textio import display_name
from ..types import Alignment, TargetAlignment
from .documents import OUTPUT_MARKER
from .flow import CorpusPair, CorpusResult

INDEX_TEMPLATE = "corpus_index.html.j2"
RUN_PREFIX = "run-"
#: longest file name stem written (bytes; file systems allow 255 for the whole name)
MAX_STEM_BYTES = 120
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\\ud800-\udfff]")


@dataclass
class Written:
    run: str                                    # the run folder's name
    paths: list[str]                            # files written
    replaced: Optional[str] = None              # what the run replaced, in words
    failed: list[tuple[str, str]] = field(default_factory=list)  # (pair stem, reason)


def display_path(path: Optional[str]) -> Optional[str]:
    """A path as every output shows it (:func:`aligner.textio.display_name`), or None."""
    return None if path is None else display_name(path)


def _name_part(path: Optional[str], limit: int) -> str:
    stem = os.path.splitext(os.path.basename(path or "doc"))[0] or "doc"
    stem = _UNSAFE.sub("_", stem)
    while len(stem.encode("utf-8")) > limit:
        stem = stem[:-1]
    return stem


def pair_stem(source: Optional[str], target: Optional[str]) -> str:
    """``<source>__<target>``, cleaned; a long one is cut and given a hash of both full names."""
    stem = f"{_name_part(source, 255)}__{_name_part(target, 255)}"
    if len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return stem
    raw = f"{source}\0{target}".encode("utf-8", "surrogateescape")
    digest = hashlib.sha1(raw).hexdigest()[:12]
    half = (MAX_STEM_BYTES - len(digest) - 3) // 2
    return f"{_name_part(source, half)}__{_name_part(target, half)}-{digest}"


def href(relpath: str) -> str:
    """A relative link to a file of the output folder: ``./`` + percent-encoded path."""
    return "./" + quote(relpath, safe="/")


def pair_alignment(pair: CorpusPair, signature: str) -> Alignment:
    from .. import __version__

    return Alignment(source=pair.source, targets=[TargetAlignment(pair.target, list(pair.beads))],
                     signature=signature, version=__version__)


def summary(result: CorpusResult, files: Optional[list] = None, run: Optional[str] = None) -> dict:
    """The ``pairs.json`` content; ``files`` gives (json, html) relative paths, or an error, per pair."""
    pairs = []
    for n, pr in enumerate(result.pairs):
        d = {"source": display_path(pr.source.path), "target": display_path(pr.target.path),
             "source_lang": pr.source.lang, "target_lang": pr.target.lang,
             "coverage": pr.coverage, "score": pr.score,
             "direction": pr.direction, "direction_evidence": pr.evidence,
             "summary": summarise(TargetAlignment(pr.target, list(pr.beads)), len(pr.source.sentences)).to_dict()}
        if files:
            f = files[n]
            if isinstance(f, str):
                d["error"] = f
            else:
                d["json"], d["html"] = f
        pairs.append(d)
    unmatched = [{"path": display_path(u.path), "lang": u.lang, "nearest": display_path(u.nearest),
                  "reason": u.reason} for u in result.unmatched]
    out = {"signature": result.signature, "run": run, "pairs": pairs, "unmatched": unmatched}
    if result.failed:
        out["failed"] = [{"source": display_path(s), "target": display_path(t), "error": why}
                         for s, t, why in result.failed]
    return out


def prepare_outdir(outdir: str) -> Optional[dict]:
    """Create or check ``outdir``; return the previous run's ``pairs.json`` content, if any."""
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        raise InputError(f"{outdir}: exists and is not a folder")
    if os.path.isdir(outdir) and os.listdir(outdir) and not _ours(outdir):
        raise InputError(f"{outdir}: not empty and not an aligner output folder; choose a new or empty folder")
    try:
        os.makedirs(outdir, exist_ok=True)
        marker = os.path.join(outdir, OUTPUT_MARKER)
        if not os.path.exists(marker):
            with open(marker, "w", encoding="utf-8") as fh:
                fh.write('{"kind": "aligner corpus output"}\n')
    except OSError as e:
        raise InputError(f"{outdir}: cannot write ({e.strerror or e})") from None
    for name in os.listdir(outdir):  # staging folders of killed runs
        if name.startswith("." + RUN_PREFIX):
            shutil.rmtree(os.path.join(outdir, name), ignore_errors=True)
    try:
        with open(os.path.join(outdir, "pairs.json"), encoding="utf-8") as fh:
            old = json.load(fh)
        return old if isinstance(old, dict) else None
    except (OSError, ValueError):
        return None


def _ours(outdir: str) -> bool:
    """An aligner output: the marker, or a pairs.json of corpus mode from before the marker existed."""
    if os.path.exists(os.path.join(outdir, OUTPUT_MARKER)):
        return True
    try:
        with open(os.path.join(outdir, "pairs.json"), encoding="utf-8") as fh:
            return "|corpus:" in str(json.load(fh).get("signature", ""))
    except (OSError, ValueError, AttributeError):
        return False


def write_corpus(result: CorpusResult, outdir: str, templates_dir: Optional[str] = None,
                 progress: Optional[Callable[[str, int, int], None]] = None) -> Written:
    """Write a run's reports, then ``pairs.json`` and ``index.html``, then drop the previous run."""
    from jinja2 import TemplateError

    from ..jsonio import to_dict
    from ..render.html import render_html
    from ..textio import write_atomic

    old = prepare_outdir(outdir)
    run = f"{RUN_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"
    staging = os.path.join(outdir, "." + run)
    os.mkdir(staging)
    try:
        files, failed, seen = [], [], set()
        for n, pr in enumerate(result.pairs):
            stem = base = pair_stem(pr.source.path, pr.target.path)
            k = 2
            while stem in seen:
                stem = f"{base}-{k}"
                k += 1
            seen.add(stem)
            try:
                al = pair_alignment(pr, result.signature)
                write_atomic(os.path.join(staging, stem + ".json"),
                             json.dumps(to_dict(al), ensure_ascii=False, indent=1, allow_nan=False) + "\n")
                write_atomic(os.path.join(staging, stem + ".html"), render_html(al, templates_dir=templates_dir))
                files.append((f"{run}/{stem}.json", f"{run}/{stem}.html"))
            except TemplateError:
                raise
            except (InputError, OSError, ValueError) as e:
                for ext in (".json", ".html"):  # no half of a pair left behind
                    try:
                        os.unlink(os.path.join(staging, stem + ext))
                    except OSError:
                        pass
                files.append(f"not written: {e}")
                failed.append((stem, str(e)))
            if progress:
                progress("writing", n + 1, len(result.pairs))
        rundir = os.path.join(outdir, run)
        os.rename(staging, rundir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    data = summary(result, files, run)
    ppath, ipath = os.path.join(outdir, "pairs.json"), os.path.join(outdir, "index.html")
    write_atomic(ppath, json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n")
    write_atomic(ipath, render_index(data, templates_dir))
    replaced = _drop_previous(outdir, run, old)
    written = [os.path.join(outdir, f) for pair in files if not isinstance(pair, str) for f in pair]
    return Written(run, written + [ppath, ipath], replaced, failed)


def render_index(data: dict, templates_dir: Optional[str] = None) -> str:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

    loaders = [FileSystemLoader(templates_dir)] if templates_dir else []
    env = Environment(loader=ChoiceLoader(loaders + [PackageLoader("aligner", "render/templates")]),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    from ..summary import COUNT_KEYS, COUNTS_DEFINITION, COVERAGE_DEFINITION, percent

    links = [{"html": href(p["html"]), "json": href(p["json"])} if "html" in p else None for p in data["pairs"]]
    return env.get_template(INDEX_TEMPLATE).render(
        data=data, links=links, basename=os.path.basename, percent=percent, count_keys=COUNT_KEYS,
        coverage_definition=COVERAGE_DEFINITION, counts_definition=COUNTS_DEFINITION)


def _drop_previous(outdir: str, run: str, old: Optional[dict]) -> Optional[str]:
    """Delete earlier run folders and reports listed by the previous pairs.json; say what was replaced."""
    dropped = 0
    for name in os.listdir(outdir):
        path = os.path.join(outdir, name)
        if name.startswith(RUN_PREFIX) and name != run and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)
            dropped += 1
    for p in (old or {}).get("pairs", []) if isinstance(old, dict) else []:
        for key in ("json", "html"):  # reports of the layout before run folders: at the top level
            f = p.get(key) if isinstance(p, dict) else None
            if isinstance(f, str) and f and os.path.dirname(f) == "" and os.path.isfile(os.path.join(outdir, f)):
                os.unlink(os.path.join(outdir, f))
    if old is None:
        return None
    n = len(old.get("pairs", [])) if isinstance(old.get("pairs"), list) else 0
    when = old.get("run") or "an earlier run"
    return f"replaced the previous result ({when}, {n} pair{'s' if n != 1 else ''})"

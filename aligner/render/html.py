"""Side-by-side HTML report of an :class:`~aligner.types.Alignment`: the page itself.

:func:`render_html` builds the view-model (:func:`~aligner.render.report.build_report`:
one row per aligned group with its cells, kinds and CSS classes) and renders it
with the Jinja template, which only loops over it.  The page is self-contained:
``report.css`` and the one small script (``report.js``, which adds hover/click
highlighting, filters, difference navigation and the order switch) are inlined,
and its content security policy lets no other script run.

The view-model's names (:func:`build_report`, :func:`summarise`, :data:`LEGEND`...)
are importable from here too.
"""
from __future__ import annotations

import base64
import hashlib
import os
from typing import Optional

from markupsafe import Markup

from ..errors import InputError
from ..summary import plural
from ..types import Alignment
from ..textio import normalise_newlines
from .report import (DIFF_KINDS, LARGE_ROWS, LEGEND, NUMBERING, UNCOVERED_TITLE, Cell, Report, Row,
                     Segment, SentenceView, TargetSummary, build_report, embed_json, summarise)

__all__ = ["TEMPLATE", "LARGE_ROWS", "DIFF_KINDS", "UNCOVERED_TITLE", "LEGEND", "NUMBERING",
           "SentenceView", "Segment", "Cell", "Row", "TargetSummary", "Report",
           "summarise", "embed_json", "build_report", "content_security_policy", "render_html"]

TEMPLATE = "report.html.j2"


# ------------------------------------------------------------------ render

def _environment(templates_dir: Optional[str]):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader

    loaders = []
    if templates_dir is not None:
        if not os.path.isdir(templates_dir):
            raise InputError(f"{templates_dir}: templates folder not found")
        loaders.append(FileSystemLoader(templates_dir))
    loaders.append(PackageLoader("aligner.render", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["plural"] = plural
    return env


def _asset(env, name: str) -> Markup:
    """A CSS or JS file from the loader chain, inlined verbatim (not a template), newlines as LF."""
    source, _, _ = env.loader.get_source(env, name)
    return Markup(normalise_newlines(source))


def content_security_policy(script: str) -> str:
    """The report's CSP: nothing remote, no script but ``script`` itself (by its SHA-256), so
    markup that ever slipped through escaping (an inline ``<script>``, an ``onerror=``
    handler, a ``javascript:`` link) could not run.  The template must inline the script
    exactly, as ``<script>{{ js }}</script>``."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            f"img-src data:; base-uri 'none'; form-action 'none'")


def render_html(alignment: Alignment, templates_dir: str | None = None) -> str:
    """Render ``alignment`` as one self-contained HTML page (inline CSS and JS, no network).

    ``templates_dir`` is searched first for ``report.html.j2``, ``report.css``
    and ``report.js``; the package's own templates fill in the rest.
    Raises ``ValueError`` when a bead points outside its documents and
    :class:`~aligner.errors.InputError` when ``templates_dir`` is missing.
    """
    env = _environment(templates_dir)
    report = build_report(alignment)
    template = env.get_template(TEMPLATE)
    js = _asset(env, "report.js")
    return template.render(report=report, css=_asset(env, "report.css"), js=js,
                           csp=Markup(content_security_policy(js)))

"""Run the aligner CLI in a child process with the fast fake embedder (for signal and stdout tests).

    python tests/fake_cli.py align A B -o OUT

``ALIGNER_TEST_PAUSE=embed`` (or ``replace``) with ``ALIGNER_TEST_MARKER=FILE``
makes the run create FILE and sleep at that point (while embedding, or just
before the temporary output file is renamed into place), so that a test can
send a signal exactly there.
"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from conftest import HashEmbedder  # noqa: E402

import aligner.scoring.embed as embed_mod  # noqa: E402

PAUSE = os.environ.get("ALIGNER_TEST_PAUSE")
MARKER = os.environ.get("ALIGNER_TEST_MARKER")


def _pause() -> None:
    open(MARKER, "w").close()
    time.sleep(60)


class _Fake(HashEmbedder):
    def _embed_uncached(self, texts):
        if PAUSE == "embed":
            _pause()
        return super()._embed_uncached(texts)


embed_mod._default = _Fake()
if PAUSE == "replace":
    _replace = os.replace

    def _slow_replace(src, dst):
        _pause()
        _replace(src, dst)

    os.replace = _slow_replace

from aligner.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))

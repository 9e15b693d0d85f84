"""Where the shared dev data lives: $ALIGNER_SHARED, else ../shared beside the checkout (as in CI),
else /work/shared."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    env = os.environ.get("ALIGNER_SHARED")
    if env:
        return Path(env)
    beside = ROOT.parent / "shared"
    return beside if beside.exists() else Path("/work/shared")


SHARED = _shared()

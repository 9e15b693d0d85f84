#!/usr/bin/env python3
"""Build aligner/data/en-words.txt.gz: English common words (lowercase entries of SCOWL).

    apt-get install wamerican wbritish && python scripts/build_wordlist.py

The facts checker (aligner/facts/names.py) uses it to tell a capitalised common word
inside an English sentence ("the Security Council") from a name ("Dmitriev"): SCOWL
writes common words in lowercase and proper nouns capitalised.  Entries with an
apostrophe (possessives) are left out.  License: see aligner/data/WORDLIST-NOTICE.md.
"""
from __future__ import annotations

import argparse
import gzip
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ("/usr/share/dict/american-english", "/usr/share/dict/british-english")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "aligner", "data", "en-words.txt.gz"))
    args = ap.parse_args(argv)
    words: set[str] = set()
    for path in SOURCES:
        if not os.path.exists(path):
            sys.stderr.write(f"build_wordlist: {path} missing (apt-get install wamerican wbritish)\n")
            return 2
        with open(path, encoding="utf-8") as fh:
            words.update(w for w in (line.strip() for line in fh) if w[:1].islower() and "'" not in w)
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    print(f"wrote {args.out}: {len(words)} words, {os.path.getsize(args.out) // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Many documents at once: corpus mode (which documents translate which) and batch alignment.

    documents.py   which files are documents; reading one (regular files only)
    ann.py         nearest-neighbour candidate search (exact, or faiss HNSW at scale)
    matching.py    document vectors, verification evidence, pairing into stars
    direction.py   which side of a pair is the original
    flow.py        corpus mode end to end, as chunked tasks on an executor
    execution.py   executors: in this process, or on Dask (local cluster or a scheduler)
    output.py      corpus output folder: pairs.json, index.html, one folder of reports per run
    batch.py       ``aligner batch``: a manifest of pairs aligned into resumable part files

Nothing here imports Dask until a Dask executor is asked for.
"""
from __future__ import annotations

from .documents import DOCUMENT_SUFFIXES, TEXT_SUFFIXES, list_documents, read_document
from .flow import CorpusPair, CorpusResult, Unmatched, corpus_from_folder, find_translations
from .matching import CorpusParams, Evidence, accepted, decide, document_vectors, evidence_of, swap_beads
from .output import write_corpus

__all__ = ["DOCUMENT_SUFFIXES", "TEXT_SUFFIXES", "list_documents", "read_document", "CorpusPair", "CorpusResult", "Unmatched",
           "corpus_from_folder", "find_translations", "CorpusParams", "Evidence", "accepted", "decide",
           "document_vectors", "evidence_of", "swap_beads", "write_corpus"]

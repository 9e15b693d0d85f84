"""Evaluation: gold alignments, metrics, perturbed test documents, baselines and peers."""

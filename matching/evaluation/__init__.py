"""Measuring how well matching finds people and their duplicates (`svoboda eval_matching`).

dataset.py builds a synthetic, labelled evaluation set (no real person's record is used);
run.py scores matching.search and matching.scoring on it, next to two baselines (baselines.py).
"""

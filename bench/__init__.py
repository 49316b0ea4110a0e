"""Benchmarks of issue 2 ("Figures to reach"): ``python -m bench.seed`` then ``python -m bench.pages``."""

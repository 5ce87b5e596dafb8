"""Benchmarks, run by `make bench` (python -m bench).

Figures are medians; ratios compare approaches measured in the same run.
"""

"""Helpers for the tests: data-file builders, strategies, checkers."""

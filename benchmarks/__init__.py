"""Benchmarks: each module measures alternatives side by side in one run and prints ratios.

Absolute times drift on shared machines; ratios measured in the same run do not drift as much.
"""

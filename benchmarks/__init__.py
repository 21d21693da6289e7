"""Benchmarks: the from-scratch NumPy network against PyTorch, side by side, and the workbook's own speed.

Run ``python -m benchmarks`` (``--help`` for options). PyTorch is optional (``pip install -e ".[bench]"``);
without it the PyTorch columns are skipped and the rest runs. These are measurements printed as
tables, not tests: nothing here asserts a time.
"""

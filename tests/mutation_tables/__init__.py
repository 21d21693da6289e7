"""Mutation tables, one module an exercise: for every check, plausible wrong answers that must fail and correct
answers in other forms that must pass. Each module defines ``TABLE = {check name: (wrongs, rights)}`` with
``mutations.Wrong`` and ``mutations.Right`` entries; ``tests/test_mutations.py`` runs them all."""

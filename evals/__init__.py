"""Prompt-regression harness: datasets → solvers (the real graphs) → scorers → runs → compare and gate.

See evals/README.md. Nothing here is imported by agents/, tools/ or memory/.
"""

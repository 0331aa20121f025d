"""Imported, for its effect, by the parse pool's fork server when the workers tokenize (touyan/parse_pool.py
TOKENIZER_PRELOAD): jieba's dictionary is loaded there once, and every worker forks with it loaded."""

from tools.text import warm_up

warm_up()

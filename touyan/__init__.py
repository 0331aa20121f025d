"""touyan (投研): the command line and web face of the research assistant.

cli.py, commands/   the typer app, one module per command
settings.py         the only reader of the environment (.env, TOUYAN_*, OPENAI_*)
context_factory.py  Settings → Context; Engine (--engine); open_context closes what it opened
console.py          shared consoles and the engine announcement
web/                the local chat page (FastAPI + server-sent events)
"""

__version__ = "0.1.0"

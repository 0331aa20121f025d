"""touyan (投研): the command line and web face of the research assistant."""

__version__ = "0.1.0"

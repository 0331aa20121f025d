"""One module per `touyan` command; each builds what it needs through touyan/context_factory.py."""

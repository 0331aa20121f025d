"""The near-duplicate tests (tests/test_near_duplicates.py), collected a second time so that they run on
PostgreSQL and the Chroma server (this folder's `open_library`): the dup_* tables live in the team catalog."""

from tests.test_near_duplicates import *  # noqa: F403 - every test of that module, on the team backends

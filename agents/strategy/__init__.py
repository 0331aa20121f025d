"""Strategy proposal: core + satellite allocation from computed signals, industry views and fund styles."""

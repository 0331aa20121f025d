"""Converters: turn an outside format into eval items (`{id, task, input, reference, metadata}`)."""

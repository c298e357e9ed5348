"""Reusable widgets: tag pickers and small form helpers."""

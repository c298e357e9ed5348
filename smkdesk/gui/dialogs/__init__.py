"""Dialogs: edit, bulk edit, taxonomy, import, log use, profile."""

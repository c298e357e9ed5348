"""Editing the taxonomies: stages, personas, sectors and asset types."""

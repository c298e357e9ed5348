"""The catalogue: assets, their tags and taxonomies, importing, the lifecycle and its
audit trail."""

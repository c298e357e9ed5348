"""Word reports built on the core services (python-docx)."""

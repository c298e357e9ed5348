"""Storage underneath every feature: the database (``db.py``), the declarative base,
the content-addressed stored files (``files.py``) and recovery of a damaged database."""

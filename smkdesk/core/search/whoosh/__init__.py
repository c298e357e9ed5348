"""The Whoosh engine behind ``search/model.py``: the only package that imports Whoosh.

The index is derived from the database: callers hand it :class:`IndexDoc` values
and get asset ids back."""

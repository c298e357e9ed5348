"""Search: the service (``service.py``), the database-to-index sync (``sync.py``)
and the engine contract (``model.py``). Everything that touches Whoosh is in ``whoosh/``."""

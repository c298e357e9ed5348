"""The whole schema: every feature's tables on one metadata.

Each feature keeps its own tables (``catalogue/models.py``, ``usage/models.py``,
``search/models.py``, ``journeys/models.py``); importing this module registers
them all on :class:`Base`, which the migrations and their tests compare against.
"""

from __future__ import annotations

from smkdesk.core.catalogue import models as catalogue_models
from smkdesk.core.journeys import models as journey_models
from smkdesk.core.search import models as search_models
from smkdesk.core.store.base import Base
from smkdesk.core.usage import models as usage_models

FEATURE_MODELS = (catalogue_models, usage_models, search_models, journey_models)

__all__ = ["FEATURE_MODELS", "Base"]

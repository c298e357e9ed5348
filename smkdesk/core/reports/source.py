"""What a report reads: the library's services, named as the façade names them.

``Library`` satisfies this protocol. Reports take it rather than ``Library``
itself, so that the façade can offer reports without an import cycle.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from smkdesk.core.catalogue.assets import AssetService
from smkdesk.core.catalogue.lifecycle import LifecycleService
from smkdesk.core.catalogue.taxonomy import TaxonomyService
from smkdesk.core.journeys.templates import TemplateService
from smkdesk.core.journeys.workshops import JourneyService
from smkdesk.core.requests.service import RequestService
from smkdesk.core.search.dto import SearchQuery, SearchResults
from smkdesk.core.store.db import Database
from smkdesk.core.usage.dashboard import DashboardService
from smkdesk.core.usage.events import UsageService
from smkdesk.core.usage.review import ReviewService


class ReportSource(Protocol):
    path: Path
    db: Database
    assets: AssetService
    taxonomy: TaxonomyService
    lifecycle: LifecycleService
    usage: UsageService
    review: ReviewService
    requests: RequestService
    dashboard: DashboardService
    journeys: JourneyService
    templates: TemplateService

    def search(self, query: SearchQuery | str) -> SearchResults: ...

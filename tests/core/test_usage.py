"""Usage events: logged at once, with context, and counted in summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.library import Library
from smkdesk.core.models import Base
from smkdesk.core.usage import UsageContext, User


def test_log_is_durable_and_counted(tmp_path: Path) -> None:
    with Library.create(tmp_path / "lib") as lib:
        link = lib.assets.add_link("https://example.com/v", "Demo video")
        changes = lib.usage.log(
            link.id,
            "sent",
            User("Sam Rep", "sales rep"),
            UsageContext(account="Acme", opportunity="Renewal 2027", stage="Decision", note="ok"),
        )
        assert changes.assets == {link.id}
        lib.usage.log(link.id, "opened", User("Sam Rep", "sales rep"))
    # a fresh process view of the file: the events were committed
    with Library.open(tmp_path / "lib") as lib:
        summary = lib.assets.get(link.id)
        assert summary.use_count == 2
        assert summary.last_used is not None
        history = lib.usage.history(link.id)
        assert [h.action for h in history] == ["opened", "sent"]
        sent = history[1]
        assert (sent.account, sent.opportunity, sent.stage) == ("Acme", "Renewal 2027", "Decision")
        assert sent.user_role == "sales rep"


def test_bad_usage_input_is_refused(tmp_path: Path) -> None:
    with Library.create(tmp_path / "lib") as lib:
        link = lib.assets.add_link("https://example.com/v", "Demo video")
        with pytest.raises(ValidationError, match="Unknown action"):
            lib.usage.log(link.id, "printed")
        with pytest.raises(ValidationError, match="Unknown stage"):
            lib.usage.log(link.id, "sent", context=UsageContext(stage="Negotiation"))
        with pytest.raises(NotFoundError):
            lib.usage.log(9999, "opened")
        assert lib.assets.get(link.id).use_count == 0


def test_models_match_migrations(tmp_path: Path) -> None:
    """The ORM models and the Alembic scripts describe the same schema."""
    with Library.create(tmp_path / "lib") as lib, lib.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []

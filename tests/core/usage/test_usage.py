"""Usage events: logged at once, with context, and counted in summaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from smkdesk.core.changes import User
from smkdesk.core.errors import NotFoundError, ValidationError
from smkdesk.core.library import Library
from smkdesk.core.store.base import Base
from smkdesk.core.usage.events import UsageContext


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


def test_withdraw_takes_back_quick_logged_uses_and_their_totals(tmp_path: Path) -> None:
    from datetime import timedelta

    from smkdesk.core.usage.rollup import in_step
    from smkdesk.core.util.timeutil import utcnow

    rep = User("Sam Rep", "sales rep")
    with Library.create(tmp_path / "lib") as lib:
        a = lib.assets.add_link("https://example.com/a", "Case study").id
        b = lib.assets.add_link("https://example.com/b", "Battlecard").id
        lib.usage.log(a, "sent", rep, UsageContext(account="Acme", opportunity="Deal"))
        lib.usage.log(b, "sent", User("Other Rep"))
        since = utcnow() - timedelta(microseconds=1)
        for asset in (a, b):
            lib.usage.log(asset, "sent", rep, UsageContext(account="Acme", opportunity="Deal"))
        lib.usage.log(a, "opened", rep)
        changes = lib.usage.withdraw([a, b], "sent", rep, since)
        assert changes.usage and changes.assets == {a, b}
        assert [h.action for h in lib.usage.history(a)] == ["opened", "sent"]
        assert [h.user_name for h in lib.usage.history(b)] == ["Other Rep"]
        assert lib.assets.get(a).use_count == 2 and lib.assets.get(b).use_count == 1
        with lib.db.reader() as s:
            assert in_step(s)  # the totals still add up to the events
        assert lib.usage.withdraw([a], "sent", rep, since).empty  # nothing more to take back


def test_known_accounts_put_the_assets_own_accounts_first(tmp_path: Path) -> None:
    rep = User("Sam Rep", "sales rep")
    with Library.create(tmp_path / "lib") as lib:
        a = lib.assets.add_link("https://example.com/a", "Case study").id
        b = lib.assets.add_link("https://example.com/b", "Battlecard").id
        lib.usage.log(a, "sent", rep, UsageContext(account="Harbour & Pine"))
        lib.usage.log(b, "sent", rep, UsageContext(account="Acme Retail"))
        lib.usage.log(b, "sent", rep, UsageContext(account="Northwind"))
        lib.usage.log(a, "opened", rep)  # no account: not listed
        accounts = lib.usage.known_accounts(a)
        assert [(k.name, k.with_asset) for k in accounts] == [
            ("Harbour & Pine", True),
            ("Northwind", False),  # then the others, most recently used first
            ("Acme Retail", False),
        ]
        assert not any(k.with_asset for k in lib.usage.known_accounts(None))

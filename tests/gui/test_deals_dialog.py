"""Deals: mark opportunities won or lost; the loop closes on the dashboard data."""

from __future__ import annotations

import pytest

from smkdesk.core.changes import User
from smkdesk.core.usage.events import UsageContext
from smkdesk.gui.context import AppContext
from smkdesk.gui.usage.deals_dialog import DealsDialog

pytestmark = pytest.mark.gui


def test_mark_a_deal_won(qtbot, gh, lib, app_ctx: AppContext, qtmodeltester) -> None:
    aid = gh.add_link(lib, "CFO business case")
    rep = User("Sam Rep", "sales rep")
    lib.usage.log(aid, "sent", rep, UsageContext(account="Fjord Mutual", opportunity="Portal"))
    lib.usage.log(aid, "sent", rep, UsageContext(account="Beacon", opportunity="Fleet"))
    dialog = DealsDialog(app_ctx)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(dialog.model)
    assert not dialog.buttons["won"].isEnabled()
    row = next(r for r in range(2) if dialog.proxy.index(r, 0).data() == "Fjord Mutual")
    dialog.table.selectRow(row)
    assert dialog.buttons["won"].isEnabled() and not dialog.buttons["open"].isEnabled()
    with qtbot.waitSignal(app_ctx.bus.changed, timeout=10_000):
        dialog.buttons["won"].click()
    qtbot.waitUntil(
        lambda: (
            {(o.account, o.outcome) for o in dialog.model.rows()}
            == {("Fjord Mutual", "won"), ("Beacon", "open")}
        ),
        timeout=10_000,
    )
    won, _lost = lib.usage.influence()
    assert [(r.title, r.deals) for r in won] == [("CFO business case", 1)]
    gh.dispose(qtbot, app_ctx, dialog)

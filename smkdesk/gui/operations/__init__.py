"""One function per user action: each runs a core call as a task and reports
back (Anki's ``aqt/operations`` is the model). The window only wires menus to
them: ``mainwindow.COMMANDS`` maps each action of ``actions.SPECS`` to a
function taking the window (``selection.retire(window)``); helpers that pages
and dialogs share take ``(ctx, parent, ...)`` (``assets.quick_log``)."""

"""One function per user action: each runs a core call as a task and reports
back (Anki's ``aqt/operations`` is the model). The window only wires menus to
them."""

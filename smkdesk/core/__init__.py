"""smkdesk core: the content library without any GUI (never imports Qt).

Start at ``library.py`` (the façade the GUI and the CLI use). The feature packages
mirror the GUI's: ``catalogue``, ``search``, ``usage``, ``requests``, ``journeys``,
``reports``; ``store`` is the database and the stored files underneath them."""

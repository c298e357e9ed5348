"""App-wide dialogs: who is using the app, a library that is missing."""

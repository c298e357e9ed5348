"""The usage workspaces: review queue, content requests, dashboard."""

"""Usage: logged uses and deals, their rollups, the dashboard and the review queue."""

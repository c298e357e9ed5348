"""smkdesk: a local-first content library for sales and marketing teams."""

__version__ = "0.1.0"

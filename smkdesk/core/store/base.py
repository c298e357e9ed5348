"""The declarative base every feature's tables build on (``core/schema.py`` imports them all)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass

"""What a change touched, and who made it.

Every mutating service returns :class:`Changes`; the GUI's change bus carries it
to every view. :class:`User` is the person a change or a logged use is recorded for.
"""

from __future__ import annotations

from dataclasses import dataclass

from smkdesk.core.util.textclean import one_line


@dataclass(frozen=True)
class Changes:
    """What a mutating service changed; the GUI broadcasts it to every view."""

    assets: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()
    taxonomy: bool = False
    index: bool = False
    usage: bool = False  # usage events or opportunity outcomes
    requests: bool = False  # content requests (search log)
    journeys: bool = False  # journey templates and workshops

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            assets=self.assets | other.assets,
            deleted=self.deleted | other.deleted,
            taxonomy=self.taxonomy or other.taxonomy,
            index=self.index or other.index,
            usage=self.usage or other.usage,
            requests=self.requests or other.requests,
            journeys=self.journeys or other.journeys,
        )

    @property
    def empty(self) -> bool:
        flags = self.taxonomy or self.index or self.usage or self.requests or self.journeys
        return not (self.assets or self.deleted or flags)


@dataclass(frozen=True)
class User:
    name: str = ""
    role: str = ""


def user_name(user: User | str) -> str:
    return one_line(user.name if isinstance(user, User) else user)

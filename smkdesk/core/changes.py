"""What a change touched, and who made it.

Every mutating service returns :class:`Changes`; the GUI's change bus carries it
to every view. :class:`User` is the person a change or a logged use is recorded for.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from smkdesk.core.util.textclean import one_line


@dataclass(frozen=True)
class Changes:
    """What a mutating service changed; the GUI broadcasts it to every view.

    ``initiator`` is who asked for the change (a page, a dialog), set by the GUI
    with :meth:`by`: that view has shown the change already and need not reload
    for it. It takes no part in equality, and survives ``|`` only when both sides
    agree. The core never sets it.
    """

    assets: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()
    taxonomy: bool = False
    index: bool = False
    usage: bool = False  # usage events or opportunity outcomes
    requests: bool = False  # content requests (search log)
    journeys: bool = False  # journey templates and workshops
    initiator: object | None = field(default=None, compare=False, repr=False)

    def by(self, initiator: object) -> Changes:
        """The same changes, made by ``initiator``."""
        return replace(self, initiator=initiator)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            assets=self.assets | other.assets,
            deleted=self.deleted | other.deleted,
            taxonomy=self.taxonomy or other.taxonomy,
            index=self.index or other.index,
            usage=self.usage or other.usage,
            requests=self.requests or other.requests,
            journeys=self.journeys or other.journeys,
            initiator=self.initiator if self.initiator is other.initiator else None,
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

"""The validated, immutable contacts a directory holds."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass

from kontakt._hours import Hours
from kontakt._phones import Phone


class Kind(enum.StrEnum):
    PERSON = "person"
    SERVICE = "service"


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str
    domain: str
    """Personal addresses at this domain follow förnamn.efternamn@domain."""
    region: str = "SE"
    phone: Phone | None = None
    """The switchboard (växel)."""
    email: str | None = None
    address: str | None = None
    email_space: str = ""
    """What a space inside a name becomes in an address: ``""`` or ``"-"``."""


@dataclass(frozen=True, slots=True)
class Contact:
    """A person or a service (a shared function or mailbox), with normalised fields.

    For a person ``name`` is the display name; ``first_name`` and ``last_name`` are the names the
    address is built from. A service has neither.
    """

    kind: Kind
    id: str
    name: str
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    department: str | None = None
    email: str | None = None
    email_exception: str | None = None
    phones: tuple[Phone, ...] = ()
    topics: tuple[str, ...] = ()
    address: str | None = None
    hours: Hours | None = None
    """Opening hours (a service) or phone time (a person)."""
    url: str | None = None
    on_call: bool = False
    """An on-call line, offered when the entry that answers a question is closed."""
    public: bool = True
    """``False`` keeps the entry for admins' tools but out of every public answer."""
    line: int = 0
    """The line of the entry in its data file (1-based; 0 when it was not read from a file)."""

    @property
    def full_name(self) -> str:
        """The legal name: first and last name for a person, the name for a service."""
        if self.first_name and self.last_name:
            return f"{self.first_name} {self.last_name}"
        return self.name

    @property
    def public_phones(self) -> tuple[Phone, ...]:
        return tuple(p for p in self.phones if p.public)

    @property
    def callable_phones(self) -> tuple[Phone, ...]:
        """Public numbers one may call: never an SMS-only number."""
        return tuple(p for p in self.phones if p.public and not p.sms_only)

    def without_hidden_phones(self) -> Contact:
        """This contact with only its public numbers."""
        if all(p.public for p in self.phones):
            return self
        return dataclasses.replace(self, phones=self.public_phones)

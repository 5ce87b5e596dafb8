"""E-mail addresses: syntax, normal form and the förnamn.efternamn rule."""

from __future__ import annotations

import functools
from collections.abc import Collection

from email_validator import EmailNotValidError, validate_email
from rapidfuzz.distance import OSA

from kontakt._errors import AddressError
from kontakt._names import fold_for_address
from kontakt._phones import REMEMBERED


@functools.lru_cache(maxsize=REMEMBERED)
def normalise_address(raw: str) -> str:
    """The address in its stored form: syntax checked offline, all in lower case.

    Raises :class:`AddressError` with email-validator's explanation. Deliverability is never
    checked: that would need DNS, which neither the admins' machines nor CI can rely on. Results
    are remembered, as numbers are (see :data:`kontakt._phones.REMEMBERED`).
    """
    try:
        valid = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AddressError(str(exc)) from None
    # Mailboxes at Swedish municipalities are case-insensitive; one case makes duplicates visible.
    return valid.normalized.lower()


def expected_address(first_name: str, last_name: str, domain: str, *, space: str = "") -> str:
    """The address the rule förnamn.efternamn@domain gives this name."""
    first = fold_for_address(first_name, space=space)
    last = fold_for_address(last_name, space=space)
    return f"{first}.{last}@{domain.lower()}"


def follows_rule(
    address: str, first_name: str, last_name: str, domain: str, *, space: str = ""
) -> bool:
    """Whether ``address`` is the rule's address, allowing a numeric suffix (``erik.svensson2``)."""
    expected_local, _, expected_domain = expected_address(
        first_name, last_name, domain, space=space
    ).partition("@")
    local, _, actual_domain = address.lower().rpartition("@")
    if actual_domain != expected_domain or not local.startswith(expected_local):
        return False
    suffix = local[len(expected_local) :]
    return not suffix or (suffix.isascii() and suffix.isdigit())


def is_at_domain(address: str, domain: str) -> bool:
    return address.lower().rpartition("@")[2] == domain.lower()


def domain_slip(domain: str, organisation_domain: str) -> int | None:
    """How many typed letters (1 or 2: one left out, added, changed, or two swapped) separate
    ``domain`` from the organisation's, when it looks like a slip of it; else ``None``.

    Not a slip: the domain itself, a subdomain either way (``skola.lessebo.se``), or the same
    name under a top-level domain two or more letters from the organisation's (``lessebo.nu``),
    which is chosen, not mistyped (``lessebo.sr`` is a slip). A short domain allows one letter
    only: two would reach too many real ones.
    """
    domain, organisation_domain = domain.lower(), organisation_domain.lower()
    if domain == organisation_domain:
        return None
    if domain.endswith("." + organisation_domain) or organisation_domain.endswith("." + domain):
        return None
    name, _, top = domain.rpartition(".")
    own_name, _, own_top = organisation_domain.rpartition(".")
    if name == own_name and OSA.distance(top, own_top, score_cutoff=1) > 1:
        return None
    limit = 1 if len(organisation_domain) < _SHORT_DOMAIN else 2
    edits = OSA.distance(domain, organisation_domain, score_cutoff=limit)
    return edits if edits <= limit else None


_SHORT_DOMAIN = 8
"""Fewer characters than this (``ale.se``, ``mark.se``) is a short domain."""


def unusable_name(first_name: str, last_name: str, *, space: str = "") -> str | None:
    """Why the rule cannot build an address from this name (no a-z left), or ``None``."""
    for name, part in ((first_name, "first"), (last_name, "last")):
        if not fold_for_address(name, space=space):
            return f"the {part} name '{name}' has no letters an address can use"
    return None


def next_free_address(
    first_name: str,
    last_name: str,
    domain: str,
    taken: Collection[str],
    *,
    space: str = "",
) -> str:
    """The rule's address for a new colleague: the plain one if free, else the lowest free suffix.

    With ``erik.svensson@`` and ``erik.svensson2@`` in ``taken`` (compared in lower case) this is
    ``erik.svensson3@``. Raises :class:`AddressError` when a name has nothing an address can use.
    """
    unusable = unusable_name(first_name, last_name, space=space)
    if unusable is not None:
        raise AddressError(unusable)
    local, _, at_domain = expected_address(first_name, last_name, domain, space=space).partition(
        "@"
    )
    used = {address.lower() for address in taken}
    candidate, number = f"{local}@{at_domain}", 2
    while candidate in used:
        candidate, number = f"{local}{number}@{at_domain}", number + 1
    return normalise_address(candidate)

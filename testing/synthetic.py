"""Synthetic directories with Faker's sv_SE names, seeded so every run sees the same data.

Faker's sv_SE phone numbers are not valid Swedish numbers, so numbers are made here from real
area codes (Lessebo's 0478 and mobile prefixes) and are unique per person.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from faker import Faker

from kontakt._emails import expected_address

TITLES = (
    "Rektor",
    "Förskollärare",
    "Lärare",
    "Socialsekreterare",
    "Biståndshandläggare",
    "Undersköterska",
    "Enhetschef hemtjänst",
    "Bygglovshandläggare",
    "Miljöinspektör",
    "Gatu- och parkchef",
    "Ekonom",
    "Löneadministratör",
    "HR-konsult",
    "IT-tekniker",
    "Kommunikatör",
    "Vaktmästare",
    "Kock",
    "Lokalvårdare",
    "Planarkitekt",
    "Nämndsekreterare",
    "Fritidsledare",
    "Bibliotekarie",
    "Arbetsterapeut",
    "Sjuksköterska",
    "Fastighetsförvaltare",
    "Kultur- och fritidschef",
    "Skolskjutshandläggare",
    "Upphandlare",
    "Controller",
    "Jurist",
)
DEPARTMENTS = (
    "Kommunledningsförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Utbildningsförvaltningen",
    "Socialförvaltningen",
    "Kultur- och fritidsförvaltningen",
)
TOPICS = (
    "bygglov",
    "snöröjning",
    "hemtjänst",
    "förskoleplats",
    "skolskjuts",
    "ekonomiskt bistånd",
    "lediga jobb",
    "sophämtning",
    "vattenläcka",
    "gatubelysning",
    "bibliotek",
    "föreningsbidrag",
    "god man",
    "färdtjänst",
    "parkering",
    "lön",
    "fakturor",
    "allmänna handlingar",
    "trygghetslarm",
    "avlopp",
    "livsmedelskontroll",
    "bostadsanpassning",
    "lekplatser",
    "idrottshallar",
)
MOBILE_PREFIXES = ("070", "072", "073", "076", "079")
AREA_CODES = ("0478", "0470", "0471", "0474")  # Lessebo, Växjö, Uppvidinge, Alvesta


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str
    title: str
    department: str
    email: str
    landline: str
    mobile: str
    sms_only: bool
    topics: tuple[str, ...]


def people(count: int, *, seed: int = 20261127) -> list[Person]:
    """``count`` distinct synthetic staff; the same list for the same seed."""
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    taken: set[str] = set()
    landlines = _unique_numbers(
        rng, lambda r: f"{r.choice(AREA_CODES)}-{r.randrange(100, 1000)} {r.randrange(0, 100):02d}"
    )
    mobiles = _unique_numbers(
        rng,
        lambda r: (
            f"{r.choice(MOBILE_PREFIXES)}-{r.randrange(100, 1000)} "
            f"{r.randrange(0, 100):02d} {r.randrange(0, 100):02d}"
        ),
    )
    result = []
    for _ in range(count):
        first, last = fake.first_name(), fake.last_name()
        email = _free_address(first, last, taken)
        result.append(
            Person(
                first_name=first,
                last_name=last,
                title=rng.choice(TITLES),
                department=rng.choice(DEPARTMENTS),
                email=email,
                landline=next(landlines),
                mobile=next(mobiles),
                sms_only=rng.random() < 0.2,
                topics=tuple(rng.sample(TOPICS, 2)),
            )
        )
    return result


HOURS = (
    "Mo-Fr 08:00-16:30; PH off",
    "Tu,Th 08:30-09:30",
    "Mo-Th 08:00-16:30; Fr 08:00-15:00; PH off",
    "Mo-Fr 08:00-12:00,13:00-16:30; Dec 24 off; PH off",
)
"""Phone times as admins write them, one per person in turn when a file has hours."""


def data_file(staff: list[Person], *, hours: bool = False) -> str:
    """The YAML data file for ``staff``, written as an admin would; with ``hours``, everyone
    has a phone time."""
    lines = [
        "organisation:",
        "  name: Lessebo kommun",
        "  domain: lessebo.se",
        "  phone: 0478-125 00",
        "people:",
    ]
    for index, person in enumerate(staff):
        sms = "\n        sms_only: true" if person.sms_only else ""
        phone_time = f"\n    hours: {HOURS[index % len(HOURS)]}" if hours else ""
        lines.append(
            f"  - first_name: {person.first_name}\n"
            f"    last_name: {person.last_name}\n"
            f"    title: {person.title}\n"
            f"    department: {person.department}\n"
            f"    email: {person.email}\n"
            f"    phones:\n"
            f"      - {person.landline}\n"
            f"      - number: {person.mobile}{sms}\n"
            f"    topics: [{', '.join(person.topics)}]{phone_time}"
        )
    return "\n".join(lines) + "\n"


def _free_address(first: str, last: str, taken: set[str]) -> str:
    base = expected_address(first, last, "lessebo.se")
    local, _, domain = base.partition("@")
    address, number = base, 2
    while address in taken:
        address = f"{local}{number}@{domain}"
        number += 1
    taken.add(address)
    return address


def _unique_numbers(rng: random.Random, make: Callable[[random.Random], str]) -> Iterator[str]:
    seen: set[str] = set()
    while True:
        number = make(rng)
        digits = "".join(ch for ch in number if ch.isdigit())
        if digits not in seen:
            seen.add(digits)
            yield number

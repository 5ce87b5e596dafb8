"""A target for YAML tags that would run code if anything constructed them.

``!!python/object/apply:support.yamltrap.spring [...]`` calls :func:`spring`, and
``!!python/name:support.yamltrap.anything`` looks a name up in this module; both leave a record in
:data:`SPRUNG`. Tests put such tags into data files and assert the list stays empty.
"""

from __future__ import annotations

SPRUNG: list[object] = []


def spring(*args: object) -> str:
    SPRUNG.append(args)
    return "sprung"


def __getattr__(name: str) -> object:
    # The names the tags look up are recorded; other probes of the module (by pytest or mock,
    # which look for names such as _mock_name) are not tags and are refused as usual.
    if name not in LOOKED_UP:
        raise AttributeError(name)
    SPRUNG.append(name)
    return spring


LOOKED_UP = frozenset({"looked_up", "Thing"})
APPLY_TAG = "!!python/object/apply:support.yamltrap.spring"
NAME_TAG = "!!python/name:support.yamltrap.looked_up"

"""Three-way merge of one part: what the editor started from (base), what is saved now
(theirs) and what the leader sends (mine), field by field.

A field only one side changed takes that side's value; a field both changed to different
values is a conflict, which `prefer` ("theirs" or "mine") settles when the leader chose.
Pure functions over dicts, so every row kind (and the scalar fields, as {"value": ...}) merges
the same way.
"""

from dataclasses import dataclass

PREFERENCES = ("theirs", "mine")


@dataclass(frozen=True)
class Merged:
    values: dict[str, str]
    conflicts: tuple[str, ...]  # the fields both sides changed differently, left unsettled


def three_way(base: dict | None, theirs: dict, mine: dict, prefer: str | None = None) -> Merged:
    """`theirs` with the fields only `mine` changed; a `base` of None knows no field's start,
    so any field where the two differ counts as changed by both."""
    values, conflicts = dict(theirs), []
    for name, my_value in mine.items():
        their_value = theirs.get(name, "")
        start = None if base is None else base.get(name)
        if my_value in (their_value, start):
            continue  # we agree, or I left it as it was
        if start is not None and their_value == start:
            values[name] = my_value  # only I changed it
        elif prefer == "mine":
            values[name] = my_value
        elif prefer != "theirs":
            conflicts.append(name)
    return Merged(values, tuple(conflicts))

"""Hypothesis strategies: whole meetings as interchange documents, with marked secrets.

Every word that must never reach a public document is a *secret token* (`Zqs…`); words
that may be published are *public tokens* (`Zqp…`). Tokens are letters only (Latin with
accents, Greek, Cyrillic), never contain "Z" after the prefix, so one can never be found
inside another or inside template text, and searching an export for them is exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

SECRET_PREFIX = "Zqs"
PUBLIC_PREFIX = "Zqp"
_LETTERS = "abcdefghijklmnopqrstuvwxyéèłßøñçğαβγδАБВГДжш"
ATTENDEES = ("Andy Opie", "Chris Lyons", "Councillor Syed Ghani", "DCI Priya Shah")
_FILLER = ("the board noted", "partners agreed", "officers reported", "members asked")


def tokens(prefix: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=_LETTERS, min_size=4, max_size=9).map(lambda s: prefix + s)


@dataclass
class Scenario:
    """A generated meeting document and the words that must (not) appear publicly."""

    document: dict[str, Any]
    secrets: set[str] = field(default_factory=set)
    public_minutes: set[str] = field(default_factory=set)  # text of unrestricted items
    # Reasons for amendments to open items, which the public minutes list.
    public_amendments: set[str] = field(default_factory=set)


@st.composite
def sentences(draw: st.DrawFn, prefix: str, found: set[str]) -> str:
    words = draw(st.lists(tokens(prefix), min_size=1, max_size=3))
    found.update(words)
    filler = draw(st.sampled_from(_FILLER))
    return f"{words[0]} {filler} " + " ".join(words[1:]) + "."


@st.composite
def scenarios(draw: st.DrawFn, *, date: dt.date = dt.date(2022, 10, 5)) -> Scenario:
    """A board meeting with 1-4 topical items, some restricted, with papers, decisions,
    ACTION lines (and their action records, some with updates), a restricted action in an
    open item, and forward-plan entries, some restricted."""
    secrets: set[str] = set()
    public: set[str] = set()
    items: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    item_count = draw(st.integers(min_value=1, max_value=4))
    restricted_flags = draw(st.lists(st.booleans(), min_size=item_count, max_size=item_count))
    restricted_flags[0] = True  # at least one restricted item in every example
    for index, restricted in enumerate(restricted_flags, start=1):
        bag = secrets if restricted else public
        prefix = SECRET_PREFIX if restricted else PUBLIC_PREFIX
        title_word = draw(tokens(PUBLIC_PREFIX))  # titles are published, even restricted
        paragraphs = [draw(sentences(prefix, bag)) for _ in range(draw(st.integers(1, 2)))]
        for order in range(draw(st.integers(0, 2))):
            owner = draw(st.sampled_from(ATTENDEES))
            task = draw(sentences(prefix, bag))
            line = f"ACTION: {owner} to {task}"
            paragraphs.append(line)
            update_text = draw(sentences(prefix, bag)) if restricted else None
            actions.append(
                {
                    "owners": [owner],
                    "text": f"{owner} to {task}",
                    "item": str(index),
                    "status": "open",
                    "restricted": False,
                    "source_line": line,
                    "source_order": order,
                    "updates": (
                        [
                            {
                                "made_at": f"{date.isoformat()}T12:00:00",
                                "source": "manual",
                                "author": "test.user",
                                "text": update_text,
                            }
                        ]
                        if update_text
                        else []
                    ),
                }
            )
        papers = []
        for _ in range(draw(st.integers(0, 2))):
            paper_restricted = restricted or draw(st.booleans())
            name_word = draw(tokens(SECRET_PREFIX if paper_restricted else PUBLIC_PREFIX))
            if paper_restricted:
                secrets.add(name_word)
            # Version 2: a paper may be listed without a name, with its type.
            nameless = not paper_restricted and draw(st.booleans())
            papers.append(
                {
                    "name": None if nameless else f"{name_word} report",
                    "kind": draw(st.sampled_from([None, "PDF", "DOCX"])),
                    "size_bytes": draw(st.sampled_from([None, 120 * 1024, 94 * 1024])),
                    "restricted": paper_restricted,
                }
            )
        decision_bag: set[str] = set()
        decisions = [draw(sentences(prefix, decision_bag)) for _ in range(draw(st.integers(0, 1)))]
        if restricted:
            secrets.update(decision_bag)
        # Publication: a restricted item may publish a summary instead of its minute.
        summary = (
            draw(st.one_of(st.none(), sentences(PUBLIC_PREFIX, public))) if restricted else None
        )
        agenda_text = draw(st.one_of(st.none(), sentences(prefix, bag)))
        items.append(
            {
                "number": str(index),
                "title": f"{'RESTRICTED: ' if restricted else ''}{title_word} update",
                "kind": "topical",
                "presenter": "Andy Opie",
                "minutes_allocated": 15,
                "restricted": restricted,
                "public_summary": summary,
                "verbal_update": draw(st.booleans()),
                "agenda_text": agenda_text,
                "minutes_text": "\n".join(paragraphs),
                "decisions": decisions,
                "papers": papers,
            }
        )
    # An action marked restricted by itself, raised in an unrestricted item.
    if draw(st.booleans()):
        secret_task = draw(sentences(SECRET_PREFIX, secrets))
        actions.append(
            {
                "owners": ["Chris Lyons"],
                "text": f"Chris Lyons to {secret_task}",
                "item": str(len(items)),
                "status": "in_progress",
                "restricted": True,
                "updates": [],
            }
        )
    # Declarations of interest: at a restricted item the whole declaration is withheld
    # (its nature is a secret); at an open item it is published.
    declarations = []
    for index, restricted in enumerate(restricted_flags, start=1):
        if not draw(st.booleans()) and index != 1:
            continue
        nature = draw(sentences(SECRET_PREFIX if restricted else PUBLIC_PREFIX, set()))
        if restricted:
            secrets.update(w.strip(".") for w in nature.split() if w.startswith(SECRET_PREFIX))
        declarations.append(
            {
                "person": draw(st.sampled_from(ATTENDEES)),
                "item": str(index),
                "nature": nature,
                "withdrew": draw(st.booleans()),
            }
        )
    plan = []
    for _ in range(draw(st.integers(0, 2))):
        # Titles are published like restricted item titles (a restricted entry scheduled
        # into the next agenda becomes a restricted item, whose title is shown); the
        # notes of a restricted entry are secret.
        plan_restricted = draw(st.booleans())
        notes = draw(sentences(SECRET_PREFIX if plan_restricted else PUBLIC_PREFIX, set()))
        if plan_restricted:
            secrets.update(w for w in notes.split() if w.startswith(SECRET_PREFIX))
        plan.append(
            {
                "title": f"{draw(tokens(PUBLIC_PREFIX))} review",
                "presenter": "Andy Opie",
                # Version 2: "removed", and unknown (null) kept.
                "status": draw(st.sampled_from(["planned", "deferred", "removed", None])),
                "raised_here": True,
                "aimed_here": False,
                "target_month": "2023-01",
                "raised_under_item": draw(st.sampled_from([None, "1"])),
                "restricted": plan_restricted,
                "notes": notes,
            }
        )
    # An approved meeting may carry amendments made after approval: on a restricted item
    # the whole amendment (old and new text, reason) is secret; on an open item its reason
    # is published in the minutes' list of amendments.
    approved = draw(st.booleans())
    amendments: list[dict[str, Any]] = []
    public_amendments: set[str] = set()
    for index, restricted in enumerate(restricted_flags, start=1):
        if not approved:
            break
        count = draw(st.integers(1 if index == 1 else 0, 2))
        for order in range(count):
            bag = secrets if restricted else set()
            prefix = SECRET_PREFIX if restricted else PUBLIC_PREFIX
            reason_bag = secrets if restricted else public_amendments
            amendments.append(
                {
                    "item": str(index),
                    "field": "minutes_text",
                    "old_value": draw(sentences(prefix, bag)),
                    "new_value": draw(sentences(prefix, bag)),
                    "reason": draw(sentences(prefix, reason_bag)),
                    "author": "test.user",
                    "made_at": f"{(date + dt.timedelta(days=100)).isoformat()}T09:{order:02d}:00",
                }
            )
    document = {
        "format": "csp-desktop/meeting",
        "version": 2,
        "public": False,
        "meeting": {
            "body": {
                "name": "Community Safety Partnership Board",
                "short_name": "CSP",
                "kind": "board",
                "chair": draw(st.sampled_from([None, "Councillor Syed Ghani"])),
                "minutes_show_timings": draw(st.booleans()),
                "minutes_show_organisations": draw(st.booleans()),
            },
            "date": date.isoformat(),
            "start_time": "10:00",
            "end_time": "13:00",
            "venue": "MS Teams",
            "status": "approved" if approved else "minutes_drafted",
            "approved_on": (date + dt.timedelta(days=98)).isoformat() if approved else None,
        },
        "attendance": [
            {"person": name, "status": "present", "member": draw(st.sampled_from([True, None]))}
            for name in ATTENDEES
        ],
        "agenda_items": items,
        "actions_raised": actions,
        "actions_reviewed": [],
        "declarations": declarations,
        "subgroup_reports": [],
        "forward_plan": plan,
        "next_meeting": {"date": "2023-01-11", "start_time": "10:00", "venue": "MS Teams"},
        "amendments": amendments,
    }
    return Scenario(
        document=document,
        secrets=secrets,
        public_minutes=public,
        public_amendments=public_amendments,
    )

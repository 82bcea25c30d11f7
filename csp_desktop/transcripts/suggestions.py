"""Sentences that read as commitments, offered to the note taker as suggested actions.

Never inserted by themselves: the window shows each with its speaker and time, and one
key turns it into an `ACTION:` line (or dismisses it). The rules favour precision: a
task must start with a verb of doing (send, circulate, pick up, follow up…), and the
things people say to run a call ("I'll share my screen", "can you hear me", "I'll hand
over to…") are left out.

Four shapes are recognised:
* someone named takes it on: "Andy to send…", "Helen's team will pick that up";
* the speaker takes it on: "I'll circulate… by Friday", "we will arrange…", "leave it with me";
* the speaker asks someone: "can you pick that up", "Andy, could you share…";
* the word itself: "action on Daniel to…", "can we take that as an action".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from csp_desktop.transcripts.turns import Turn

_VERBS = (
    r"send|circulate|share|provide|bring|arrange|pick(?: \w+)? up|follow(?: \w+)? up|"
    r"look into|look at|check|update|invite|set up|draft|write(?: up)?|report back|"
    r"come back|feed ?back|liaise|contact|speak (?:to|with)|talk to|confirm|organi[sz]e|"
    r"review|chase|escalate|e-?mail|forward|present|prepare|find out|investigate|"
    r"schedule|book|add|(?:put|pull)(?: \w+){0,3} together|take (?:that|this|it) away|"
    r"take (?:the|that|this|it|a|an)\b|"
    r"pass (?:that|this|it|them) on|raise|distribute|produce|compile|reach out|"
    r"link (?:in|up)|co-?ordinate|sort(?: \w+)? out|make sure|ensure|get (?:that|this|it|"
    r"the|a|those|these|them)\b|do a|put (?:that|this|it|something|a)\b|include|"
    r"re-?circulate|recirculate|flag|map|identify|write to|ask|nominate|submit"
)
_VERB = rf"(?:{_VERBS})"
_ADVERBS = r"(?:(?:just|also|then|happily|certainly|definitely|quickly|gladly|personally|both)\s+)*"
_NAME = r"[A-Z][a-z’'-]+(?:\s[A-Z][a-z’'-]+)?"
_NOT_OWNERS = {
    "I",
    "We",
    "You",
    "They",
    "It",
    "That",
    "This",
    "There",
    "He",
    "She",
    "Who",
    "What",
    "Which",
    "Someone",
    "Somebody",
    "Everyone",
    "Anyone",
    "Nobody",
    "People",
    "Members",
    "Partners",
    "So",
    "And",
    "But",
    "Thanks",
    "Thank",
    "Yes",
    "No",
    "Okay",
    "OK",
    "Well",
    "Then",
    "Now",
    "Also",
    "Just",
    "Hopefully",
    "Obviously",
    "Actually",
    "Really",
}
_THIRD = re.compile(
    rf"\b(?P<owner>{_NAME}(?:’s|'s)?(?:\s(?:team|colleagues|office|service))?|"
    rf"(?:the\s)?[A-Z][A-Za-z]+\s(?:team|colleagues))\s+"
    rf"(?:to|will|agreed to|has agreed to|have agreed to|is going to|are going to|is to)\s+"
    rf"{_ADVERBS}(?P<task>{_VERB}\b.*)"
)
_FIRST = re.compile(
    rf"\b(?P<who>I(?:’ll|'ll| will| can| shall|’m going to|'m going to| am going to)|"
    rf"[Ww]e(?:’ll|'ll| will| can| shall|’re going to|'re going to| are going to)|"
    rf"I(?:’m|'m| am) happy to|[Ll]et me)\s+{_ADVERBS}(?P<task>{_VERB}\b.*)"
)
_REQUEST = re.compile(
    rf"(?:(?P<vocative>{_NAME}),\s+)?\b(?i:can|could|would|will)\s+you(?:\s+please)?"
    rf"(?:\s+be able to)?\s+{_ADVERBS}(?P<task>(?i:{_VERBS})\b.*)"
)
# Cheap first look (a set, not a regex: 10x faster on a three-hour call): most sentences
# hold no verb of doing and no "action" at all. The first word of each verb in _VERBS.
_FIRST_WORDS_OF_VERBS = frozenset(
    [
        "send",
        "circulate",
        "share",
        "provide",
        "bring",
        "arrange",
        "pick",
        "follow",
        "look",
        "check",
        "update",
        "invite",
        "set",
        "draft",
        "write",
        "report",
        "come",
        "feed",
        "feedback",
        "liaise",
        "contact",
        "speak",
        "talk",
        "confirm",
        "organise",
        "organize",
        "review",
        "chase",
        "escalate",
        "email",
        "e-mail",
        "forward",
        "present",
        "prepare",
        "find",
        "investigate",
        "schedule",
        "book",
        "add",
        "put",
        "pull",
        "take",
        "pass",
        "raise",
        "distribute",
        "produce",
        "compile",
        "reach",
        "link",
        "coordinate",
        "co-ordinate",
        "sort",
        "make",
        "ensure",
        "get",
        "do",
        "include",
        "recirculate",
        "re-circulate",
        "flag",
        "map",
        "identify",
        "ask",
        "nominate",
        "submit",
        "action",
        "leave",
    ]
)
_WORD = re.compile(r"[a-z][a-z-]*")


def _may_commit(sentence: str) -> bool:
    return not _FIRST_WORDS_OF_VERBS.isdisjoint(_WORD.findall(sentence.casefold()))


_EXPLICIT = re.compile(
    rf"(?<!\bno )(?<!\bany )\b(?:an? |the )?action (?:on|for) (?P<owner>{_NAME})(?P<task>.*)|"
    r"\b(?:take|put|capture|record|note|have) (?:that|this|it) (?:down )?as an action\b|"
    r"\b(?i:leave) (?:that|it|this) with me\b|"
    r"\b(?i:happy|glad) to take (?:that|this|it) (?:on|away)\b"
)
_EXPLICIT_WORDS = re.compile(r"\baction\b|\bwith me\b|\btake (?:that|this|it)\b")
_FIRST_WORDS = re.compile(r"\b(?:i|we)(?:’|'|\s)|\blet me\b")
# Things said to run a call, not commitments.
_CALL_TALK = re.compile(
    r"\b(?:screen|hand (?:it |you )?over|handing over|(?:^|, )over to (?:you|him|her|[A-Z])|"
    r"take (?:questions|us through|you through)|"
    r"move on|moving on|a (?:second|moment|minute)|the chat|my camera|on mute|unmute|"
    r"the recording|be brief|keep (?:it|this) brief|your questions|the slides? up|"
    r"pass (?:it |you )?over)\b",
    re.IGNORECASE,
)
# Requests that are questions about the call or about facts, not tasks.
_NOT_TASK_REQUEST = re.compile(
    r"^(?:check|confirm) (?:that )?(?:you|everyone) can\b", re.IGNORECASE
)
# A task done there and then ("I'll share the dashboard now") is not a commitment.
_DONE_LIVE = re.compile(r"\b(?:now|right now|at the moment|as we speak|here)$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z“\"'])")


@dataclass(frozen=True)
class Suggestion:
    """A sentence that reads as a commitment.

    Attributes:
        turn_index: the turn it was said in (index in the list given).
        sentence: the words as said.
        owner: who would do it ("Andy", "Opie, Andy (LBBD)"); "" when unclear.
        action_text: the task as an ACTION line body: "Andy to send the figures by Friday".
    """

    turn_index: int
    sentence: str
    owner: str
    action_text: str


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def _task(text: str) -> str:
    task = text.strip().rstrip(".?!,;: ")
    task = re.sub(r"^(?:please\s+)", "", task)
    return task


def _suggest(sentence: str, speaker: str, next_speaker: str) -> tuple[str, str] | None:
    """(owner, task) for a commitment sentence, or None."""
    if not _may_commit(sentence) or _CALL_TALK.search(sentence):
        return None
    lowered = sentence.casefold()
    explicit = _EXPLICIT.search(sentence) if _EXPLICIT_WORDS.search(lowered) else None
    if explicit:
        owner = explicit.group("owner") or speaker
        task = _task(explicit.group("task") or "")
        task = re.sub(r"^(?:to|is to|,)\s+", "", task)
        if not task:
            task = "follow up: " + sentence.rstrip(".?! ")
        return owner, task
    request = _REQUEST.search(sentence) if " you" in lowered else None
    if request and not _NOT_TASK_REQUEST.match(request.group("task")):
        owner = request.group("vocative") or next_speaker
        if owner in _NOT_OWNERS:
            owner = next_speaker
        return owner, _task(request.group("task"))
    first = _FIRST.search(sentence) if _FIRST_WORDS.search(lowered) else None
    if first and not _DONE_LIVE.search(_task(first.group("task"))):
        return speaker, _task(first.group("task"))
    third = _THIRD.search(sentence)
    if third:
        owner = third.group("owner")
        if owner.split()[0] in _NOT_OWNERS:
            return None
        return re.sub(r"(?:’s|'s)$", "", owner), _task(third.group("task"))
    return None


def spoken_name(speaker: str) -> str:
    """ "Opie, Andy (LBBD)" -> "Andy Opie"; room and unknown speakers stay as they are."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", speaker).strip()
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last:
            return f"{first} {last}"
    return name or speaker


def suggest_actions(turns: Sequence[Turn]) -> list[Suggestion]:
    """Every commitment-like sentence of the turns, in order."""
    found: list[Suggestion] = []
    for index, turn in enumerate(turns):
        speaker = spoken_name(turn.speaker)
        next_speaker = next(
            (
                spoken_name(t.speaker)
                for t in turns[index + 1 : index + 4]
                if t.speaker != turn.speaker
            ),
            "",
        )
        for sentence in sentences(turn.text):
            result = _suggest(sentence, speaker, next_speaker)
            if result is None:
                continue
            owner, task = result
            action = f"{owner} to {task}" if owner else task
            found.append(Suggestion(index, sentence, owner, action[:1].upper() + action[1:]))
    return found

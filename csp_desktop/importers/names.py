"""Name shapes in published minutes: who is a person, and what follows their name.

General rules, not fitted to any one council: an optional title or rank ("Councillor",
"Mrs", "Chief Inspector", "CC"), then a first name or initials and a surname; what
follows (a role in brackets, an organisation after a comma, a wide gap or a title
word) is split off. Organisations are told from people by their words ("Council",
"Police", "Trust", acronyms), and a single word is a person only with a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Titles and ranks written before names, longest first.
_TITLES = (
    "Detective Chief Superintendent",
    "Chief Supt",
    "Det Supt",
    "Det Insp",
    "Ch Supt",
    "Ch Insp",
    "Rt Hon",
    "Baroness",
    "Alderman",
    "Insp",
    "Sgt",
    "Detective Chief Inspector",
    "Detective Superintendent",
    "Detective Inspector",
    "Detective Sergeant",
    "Assistant Chief Constable",
    "Deputy Chief Constable",
    "Chief Superintendent",
    "Chief Inspector",
    "County Councillors",
    "County Councillor",
    "Superintendent",
    "Councillors",
    "Councillor",
    "Professor",
    "Inspector",
    "Sergeant",
    "Reverend",
    "Cllrs",
    "Cllr",
    "Prof",
    "Supt",
    "Revd",
    "Dame",
    "Lord",
    "Lady",
    "Miss",
    "Mrs",
    "Sir",
    "Rev",
    "Mr",
    "Ms",
    "Mx",
    "Dr",
    "CC",
    "DCC",
    "ACC",
    "DCI",
    "DI",
    "DS",
    "PC",
)
_TITLE_PATTERN = re.compile(
    r"^(?P<title>" + "|".join(re.escape(t) for t in _TITLES) + r")\.?(?=\s)", re.UNICODE
)
# Words that make a run of capitalised words an organisation or a role, not a person.
ORGANISATION_WORDS = frozenset(
    [
        "council",
        "councils",
        "police",
        "service",
        "services",
        "trust",
        "nhs",
        "board",
        "boards",
        "partnership",
        "partnerships",
        "authority",
        "authorities",
        "team",
        "teams",
        "officer",
        "officers",
        "manager",
        "managers",
        "director",
        "directors",
        "head",
        "heads",
        "chief",
        "executive",
        "assistant",
        "admin",
        "administration",
        "administrative",
        "coordinator",
        "co-ordinator",
        "adviser",
        "advisor",
        "commander",
        "constable",
        "sector",
        "association",
        "federation",
        "forum",
        "group",
        "groups",
        "unit",
        "department",
        "directorate",
        "office",
        "commission",
        "commissioner",
        "commissioner's",
        "agency",
        "county",
        "borough",
        "city",
        "district",
        "safety",
        "community",
        "communities",
        "health",
        "housing",
        "probation",
        "youth",
        "children",
        "children's",
        "childrens",
        "magistrates",
        "prison",
        "prisons",
        "fire",
        "rescue",
        "government",
        "london",
        "support",
        "victim",
        "victims",
        "college",
        "school",
        "schools",
        "university",
        "alliance",
        "network",
        "project",
        "programme",
        "interim",
        "deputy",
        "depute",
        "acting",
        "lead",
        "leads",
        "strategy",
        "strategic",
        "development",
        "planning",
        "performance",
        "policy",
        "safeguarding",
        "enterprise",
        "highland",
        "transport",
        "road",
        "roads",
        "education",
        "operational",
        "integrated",
        "scrutiny",
        "cabinet",
        "member",
        "members",
        "chair",
        "chairman",
        "chairperson",
        "vice",
        "secretary",
        "clerk",
        "panel",
        "committee",
        "analyst",
        "worker",
        "practitioner",
        "consultant",
        "company",
        "ltd",
        "limited",
        "homes",
        "trading",
        "standards",
        "crime",
        "reduction",
        "justice",
        "criminal",
        "offending",
        "delivery",
        "governors",
        "play",
        "centre",
        "civic",
        "minutes",
        "apologies",
        "present",
        "attendees",
        "attendance",
        "notes",
        "item",
        "items",
        "agenda",
        "meeting",
        "welcome",
        "introductions",
        "action",
        "actions",
        "update",
        "updates",
        "report",
        "officials",
        "staff",
        "protection",
        "operations",
        "resources",
        "finance",
        "corporate",
        "customer",
        "public",
        "environmental",
        "regeneration",
        "neighbourhood",
        "neighbourhoods",
        "local",
        "regional",
        "national",
        "metropolitan",
        "fiscal",
        "procurator",
        "crown",
        "liaison",
        "division",
        "divisional",
        "command",
        "secretariat",
        "designate",
        "inclusion",
        "family",
        "achievement",
        "headteachers",
        "primary",
        "secondary",
        "needs",
        "people",
        "people's",
        "schools",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "several",
        "representative",
        "representatives",
        "commissioning",
        "commissioned",
        "services'",
        "management",
        "inspection",
        "inspectorate",
        "nurse",
        "specialist",
        "advisory",
        "independent",
        "coordinating",
        "co-ordinating",
        "framework",
        "plan",
        "points",
        "discussion",
        "distribution",
        "contents",
        "foreword",
        "matters",
        "arising",
        "declarations",
        "interest",
        "interests",
        "business",
        "apology",
        "absence",
        "substitutes",
        "chaired",
        "location",
        "venue",
        "time",
        "date",
        "title",
        "points",
        "key",
        "deliverable",
        "municipal",
        "parish",
        "town",
        "unitary",
        "fund",
        "foundation",
        "charity",
        "charities",
        "limited",
        "plc",
        "cic",
        "cps",
        "hmps",
        "hmcs",
        "hmpps",
        "mopac",
        "yos",
        "yjb",
        "lscb",
        "camhs",
        "csp",
        "cpp",
        "pcc",
        "pcp",
        "lbbd",
    ]
)
# Capitalised words that open sentences or labels, never a person's first name.
_NOT_FIRST_NAMES = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "there",
        "it",
        "its",
        "a",
        "an",
        "all",
        "and",
        "no",
        "not",
        "also",
        "in",
        "on",
        "at",
        "for",
        "of",
        "to",
        "by",
        "with",
        "from",
        "as",
        "following",
        "welcome",
        "thanks",
        "thank",
        "apologies",
        "minutes",
        "item",
        "agenda",
        "matters",
        "any",
        "other",
        "date",
        "time",
        "venue",
        "location",
        "meeting",
        "notes",
        "points",
        "key",
        "deliverable",
        "previous",
        "standing",
        "decision",
        "action",
        "actions",
        "resolved",
        "agreed",
        "chair",
        "vice",
        "he",
        "she",
        "they",
        "we",
        "his",
        "her",
        "their",
        "our",
        "if",
        "when",
        "where",
        "while",
        "after",
        "before",
        "during",
        "members",
        "present",
        "absent",
        "attendees",
        "attending",
        "apology",
        "however",
        "further",
        "new",
        "next",
        "last",
        "first",
        "second",
        "third",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "july",
        "september",
        "october",
        "november",
        "december",
        "page",
        "printed",
        "east",
        "west",
        "north",
        "south",
        "central",
        "greater",
        "upper",
        "lower",
        "royal",
        "scottish",
        "welsh",
        "english",
        "british",
        "irish",
        "northern",
        "contact",
        "email",
        "tel",
        "telephone",
        "phone",
        "mobile",
        "see",
        "view",
        "share",
        "additional",
        "documents",
        "supporting",
        "proposal",
        "information",
        "discuss",
        "update",
        "report",
        "reports",
        "papers",
        "paper",
    ]
)
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del"})
# "Young" + "Cleveland": a surname run into the organisation after it.
_CAMEL = re.compile(r"(?<=[a-z]{3})(?<!Mac)(?<!Mc)(?=[A-Z][a-z])")
_NAME_WORD = re.compile(
    r"^(?:[A-Z][A-Za-zÀ-ÿ’'\-]*[a-zà-ÿ][A-Za-zÀ-ÿ’'\-]*|[A-Z]\.?|O[’'][A-Z][a-z]+)$"
)
_INITIAL = re.compile(r"^[A-Z]\.?$")
_ROLE_MARKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\binterim\s+chair", re.I), "interim_chair"),
    (re.compile(r"\b(?:vice|deputy|depute)[\s-]*chair", re.I), "vice_chair"),
    (re.compile(r"\b(?:co[\s-]*)?chair(?:man|person|woman)?\b", re.I), "chair"),
    (
        re.compile(r"\b(?:note|minute)s?[\s-]*taker|^\s*minutes\s*$|^\s*notes\s*$", re.I),
        "note_taker",
    ),
)
_SUBSTITUTE_IN_BRACKETS = re.compile(
    r"^(?:(?P<sub>.+?)\s+(?:represented|deputising for|substituting for|for)\s+(?P<for>.+)"
    r"|on behalf of\s+(?P<behalf>.+)|(?:sub(?:stitute)?|deputy)\s+for\s+(?P<subfor>.+))$",
    re.IGNORECASE,
)
_SUBSTITUTED_TAIL = re.compile(
    r"^[-–—:]?\s*(?P<sub>.+?)\s+(?:substituted|attended as substitute|deputised)\.?$", re.I
)
_GAP = re.compile(r"\s{3,}|\t+")
_WORD = re.compile(r"\S+")
_INITIALS_LEGEND = re.compile(r"^[A-Z][A-Za-z]{1,2}$")


@dataclass(frozen=True)
class NameMatch:
    name: str  # with its title: "Councillor Robin Currie"
    title: str | None
    rest: str  # what follows the name on the line


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words of `text`, each with whether a gap (3+ spaces, a tab) came before it."""
    tokens: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(text):
        gap = bool(_GAP.fullmatch(text[position : match.start()])) if tokens else False
        tokens.append((match.group(0), gap))
        position = match.end()
    return tokens


def is_organisation_word(word: str) -> bool:
    bare = word.strip(",.;:()’'").lower()
    return bare in ORGANISATION_WORDS or (len(bare) >= 2 and word.strip(",.;:()").isupper())


@lru_cache(maxsize=8192)
def name_at_start(text: str, *, plural_title: str | None = None) -> NameMatch | None:
    """The person's name `text` opens with, or None if it does not open with one."""
    text = _CAMEL.sub("   ", text.strip())
    title: str | None = None
    match = _TITLE_PATTERN.match(text)
    if match is not None:
        title = match.group("title")
        text = text[match.end() :].lstrip(". ")
    tokens = _tokens(text)
    words: list[str] = []
    full_words = 0
    initials = 0
    consumed = 0
    for index, (raw, gap) in enumerate(tokens):
        if index and gap:
            break
        word = raw.rstrip(",;:")
        ends_clause = raw != word
        if word.lower() in _PARTICLES and words and index + 1 < len(tokens):
            words.append(word)
            consumed = index + 1
            continue
        if not _NAME_WORD.match(word):
            break
        if _INITIAL.match(word):
            if full_words:
                break  # "Smith J" reads as a surname, then something else
            initials += 1
        else:
            bare = word.strip("’'").lower()
            if bare in ORGANISATION_WORDS or (not words and bare in _NOT_FIRST_NAMES):
                break
            if full_words >= 2:
                # A third name word only when the name plainly ends after it.
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                boundary = following is None or following[1] or following[0].startswith("(")
                if not (boundary or ends_clause) or is_organisation_word(word):
                    break
            if full_words >= 3:
                break
            full_words += 1
        words.append(word)
        consumed = index + 1
        if ends_clause:
            break
    while words and (_INITIAL.match(words[-1]) or words[-1].lower() in _PARTICLES):
        words.pop()
        consumed -= 1
        initials = sum(1 for w in words if _INITIAL.match(w))
    full_words = sum(1 for w in words if not _INITIAL.match(w) and w.lower() not in _PARTICLES)
    if not words:
        return None
    title = _singular(title or plural_title)
    if not (full_words >= 2 or (full_words == 1 and (initials or title))):
        return None
    rest_tokens = tokens[consumed:]
    rest = " ".join(t for t, _ in rest_tokens)
    if rest_tokens and rest_tokens[0][1]:
        rest = "   " + rest
    name = " ".join(words)
    return NameMatch(name=f"{title} {name}" if title else name, title=title, rest=rest)


def role_of(text: str) -> str | None:
    for pattern, role in _ROLE_MARKS:
        if pattern.search(text):
            return role
    return None


@dataclass
class PersonDraft:
    name: str
    organisation: str | None = None
    role: str | None = None
    substitute_for: str | None = None
    initials: str | None = None
    status: str | None = None  # a status mark of its own (grid "√", "Apols")
    substitute: PersonDraft | None = None  # someone who came in this person's place


def _take_bracket(rest: str) -> tuple[str, str]:
    """The text of a leading "(...)" and what follows it; an unclosed one runs to the end."""
    rest = rest.lstrip()
    depth_end = rest.find(")")
    inner_open = rest.find("(", 1)
    if inner_open > 0 and (depth_end < 0 or inner_open < depth_end):
        # "(RB Kensington Alastair Jeffrey (Met Police)": a column's text ran into the
        # next person; the words before the inner bracket end with that person's name.
        before = rest[1:inner_open].split()
        for size in (2, 3):
            if len(before) > size:
                candidate = " ".join(before[-size:])
                found = name_at_start(candidate)
                if found is not None and not found.rest.strip():
                    organisation = " ".join(before[:-size])
                    return organisation, candidate + " " + rest[inner_open:]
        return rest[1:inner_open], rest[inner_open:]
    if depth_end < 0:
        return rest[1:], ""
    return rest[1:depth_end], rest[depth_end + 1 :]


def people_in_text(text: str, *, plural_title: str | None = None) -> list[PersonDraft]:
    """Everyone a piece of an attendance list names, in order.

    Handles "A, B and C", "Name, Role, Organisation; Name, ...", "Name Role (Chair)",
    "Name (IN) Organisation", "Name (X represented Y)", "Name - X substituted" and runs
    of names with no separators at all ("Alison Barlow (Co Chair) Debbie Piggott ...").
    """
    text = re.sub(r"\(\d{1,2}\)", " ", text)
    text = re.sub(r"^\s*(?:[-•·*▪§Ø]|\d{1,2}[.)])\s+", "", text)
    titles = list(_title_positions(text))
    if len(titles) >= 2:
        starts = [0, *titles] if titles[0] else titles
        parts = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=False)]
        people: list[PersonDraft] = []
        for part in parts:
            if part.strip():
                people.extend(people_in_text(part))
        return people
    people = []
    current_plural = plural_title
    plural_full = False
    for segment in re.split(r"\s*;\s*", text):
        last: PersonDraft | None = None
        for piece in _pieces(segment):
            piece = re.sub(r"^(?:and|&)\s+", "", piece.strip(" ."))
            if not piece:
                continue
            found = name_at_start(piece, plural_title=current_plural)
            if found is None:
                if last is not None and len(piece.split()) <= 12:
                    words, _, bracket = piece.partition("(")
                    if last.organisation is None and words.strip(" -–"):
                        last.organisation = words.strip(" -–")
                    if bracket:
                        read_bracket(last, bracket.rstrip(") "), [])
                continue
            own_title = _TITLE_PATTERN.match(piece.strip())
            bare = name_at_start(piece) if own_title is None else None
            full = bare is not None and not _INITIAL.match(bare.name.split()[0])
            if current_plural and bare is not None and full and not plural_full:
                # "County Councillors Kay and Taylor and Nicola Bamford": a full name
                # after surnames ends the shared title.
                found, current_plural = bare, None
            plural = own_title
            if plural and plural.group("title") in ("Councillors", "County Councillors", "Cllrs"):
                current_plural = plural.group("title")
                rest_words = piece.strip()[plural.end() :].split()
                plural_full = len(rest_words) >= 2 and not _INITIAL.match(rest_words[0])
            drafts = _person_and_rest(found, current_plural)
            people.extend(drafts)
            last = drafts[-1]
    return people


def _pieces(segment: str) -> list[str]:
    """Comma pieces, split again at "and"/"&" unless the right side is an organisation's
    words ("Argyll and Bute Council", "Children & Young People's Strategy")."""
    pieces: list[str] = []
    for comma_piece in re.split(r",\s*", segment):
        parts = re.split(r"\s+(and|&)\s+", comma_piece)
        merged = [parts[0]]
        for joiner, part in zip(parts[1::2], parts[2::2], strict=False):
            words = part.split("(")[0].split()
            starts_a_name = bool(words) and bool(_INITIAL.match(words[0]))
            organisation = not starts_a_name and (
                any(is_organisation_word(w) for w in words)
                or (bool(words) and words[0][:1].islower())
            )
            if organisation and not _TITLE_PATTERN.match(part):
                merged[-1] = f"{merged[-1]} {joiner} {part}"
            else:
                merged.append(part)
        pieces.extend(merged)
    return pieces


def _singular(title: str | None) -> str | None:
    """ "County Councillors Kay and Taylor": each is a County Councillor."""
    if title in ("Councillors", "County Councillors", "Cllrs"):
        return title[:-1]
    return title


def _title_positions(text: str) -> list[int]:
    """Where honorifics (Mr, Mrs, Ms, Dr ...) start new names in a run-on list."""
    positions: list[int] = []
    covered = -1
    for match in re.finditer(
        r"(?:^|(?<=\s))(?:"
        + "|".join(re.escape(t) for t in _TITLES if t[1:].islower())
        + r")\.?\s+[A-Z]",
        text,
    ):
        if match.start() > covered:
            positions.append(match.start())
        covered = match.end()
    return positions


def _person_and_rest(found: NameMatch, plural: str | None) -> list[PersonDraft]:
    person = PersonDraft(name=found.name)
    drafts = [person]
    rest = found.rest
    organisation_parts: list[str] = []
    while rest.strip():
        stripped = rest.strip()
        if stripped.startswith("("):
            inner, rest = _take_bracket(stripped)
            read_bracket(person, inner.strip(), organisation_parts)
            continue
        tail = _SUBSTITUTED_TAIL.match(stripped)
        if tail is not None:
            substitute = name_at_start(tail.group("sub"))
            if substitute is not None:
                person.substitute = PersonDraft(
                    name=substitute.name, role="substitute", substitute_for=person.name
                )
                break
        following = name_at_start(stripped)
        if following is not None and not organisation_parts:
            drafts.extend(_person_and_rest(following, plural))
            break
        # Organisation or role words up to the next bracket.
        cut = stripped.find("(")
        words = stripped if cut < 0 else stripped[:cut]
        organisation_parts.append(words.strip(" -–,"))
        rest = "" if cut < 0 else stripped[cut:]
        if cut >= 0:
            # After "Role (Chair)", another name may follow in a run-on list.
            inner, after = _take_bracket(rest)
            read_bracket(person, inner.strip(), organisation_parts)
            nxt = name_at_start(after.strip()) if after.strip() else None
            if nxt is not None:
                drafts.extend(_person_and_rest(nxt, plural))
                break
            rest = after
    text = " ".join(p for p in organisation_parts if p)
    if text:
        role = role_of(text) if len(text.split()) <= 3 else None
        if role and person.role is None:
            person.role = role
        else:
            person.organisation = person.organisation or text
    return drafts


def read_bracket(person: PersonDraft, inner: str, organisation_parts: list[str]) -> None:
    if not inner:
        return
    if _INITIALS_LEGEND.match(inner) and sum(1 for c in inner if c.isupper()) >= 2:
        first = (_TITLE_PATTERN.sub("", person.name).split() or [""])[0]
        if first[:1] == inner[:1]:
            person.initials = inner
            return
    substitute = _SUBSTITUTE_IN_BRACKETS.match(inner)
    if substitute is not None:
        if substitute.group("behalf") or substitute.group("subfor"):
            person.role = "substitute"
            person.substitute_for = (
                substitute.group("behalf") or substitute.group("subfor")
            ).strip()
            return
        found = name_at_start(substitute.group("sub"))
        if found is not None:
            person.substitute = PersonDraft(
                name=found.name, role="substitute", substitute_for=person.name
            )
            return
    role = role_of(inner)
    if role and len(inner.split()) <= 3:
        person.role = person.role or role
        return
    if person.organisation is None and not organisation_parts:
        person.organisation = inner
    else:
        organisation_parts.append(inner)


def initials_run(text: str) -> list[str]:
    """A legend of initials in a flattened table ("AB DP MB GF JE"): three or more."""
    best: list[str] = []
    run: list[str] = []
    for word in text.split():
        if re.fullmatch(r"[A-Z]{2,3}", word):
            run.append(word)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best if len(best) >= 3 else []

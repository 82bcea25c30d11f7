"""People and organisations: names split into title/first/last, found again however typed.

Minutes write the same person many ways ("Councillor Syed Ghani", "Cllr Ghani",
"Angela D’Urso" with a curly apostrophe). Matching ignores the title, case, spacing and
the kind of apostrophe, so a person is recorded once.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from csp_desktop import models
from csp_desktop.errors import NotFound, ValidationError
from csp_desktop.models import AttendanceStatus, Person, schema
from csp_desktop.text_rules import clean_stored_text

# Titles written before names in the minutes. Multi-word titles first so the longest wins.
TITLES: tuple[str, ...] = (
    "Detective Chief Superintendent",
    "Detective Superintendent",
    "Detective Chief Inspector",
    "Detective Inspector",
    "Detective Sergeant",
    "Detective Constable",
    "Chief Superintendent",
    "Chief Inspector",
    "Det Supt",
    "Det Insp",
    "Ch Supt",
    "Ch Insp",
    "Councillor",
    "Cllr",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rev",
    "Revd",
    "Reverend",
    "Superintendent",
    "Supt",
    "Inspector",
    "Insp",
    "Sergeant",
    "Sgt",
    "DCS",
    "DSU",
    "DCI",
    "DI",
    "DS",
    "DC",
    "PC",
    "PCSO",
)

# Spellings of one title that should match each other ("Cllr Ghani" is "Councillor Ghani").
TITLE_EQUIVALENTS: dict[str, str] = {
    "cllr": "councillor",
    "professor": "prof",
    "revd": "rev",
    "reverend": "rev",
    "supt": "superintendent",
    "det supt": "detective superintendent",
    "dsu": "detective superintendent",
    "ch supt": "chief superintendent",
    "dcs": "detective chief superintendent",
    "insp": "inspector",
    "sgt": "sergeant",
    "dci": "detective chief inspector",
    "di": "detective inspector",
    "det insp": "detective inspector",
    "ds": "detective sergeant",
    "dc": "detective constable",
    "ch insp": "chief inspector",
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})
_TRAILING_MARK = re.compile(r"\s*\([^)]*\)\s*$")  # "(CHAIR)", "(NOTE TAKER)"


@dataclass(frozen=True)
class PersonRow:
    """A person as lists and pickers show them."""

    id: int
    display_name: str
    name: str
    title: str | None
    organisation: str | None
    first_name: str = ""
    last_name: str = ""


def clean_text(text: str) -> str:
    """Straight apostrophes and hyphens, single spaces, no surrounding blanks."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_DASHES)
    return " ".join(text.split())


def name_key(text: str) -> str:
    """The form two spellings of one name share: lower case, straight apostrophes."""
    return clean_text(text).casefold()


def title_key(title: str | None) -> str | None:
    """A title reduced so that "Cllr" and "Councillor" compare equal."""
    if not title:
        return None
    key = name_key(title).rstrip(".")
    return TITLE_EQUIVALENTS.get(key, key)


def tidy_spaces(text: str) -> str:
    """Single spaces, no surrounding blanks; every character otherwise kept as typed."""
    return " ".join(unicodedata.normalize("NFC", clean_stored_text(text)).split())


def split_title(text: str) -> tuple[str | None, str]:
    """Split a leading title off a name: "Cllr. Ghani" -> ("Cllr", "Ghani")."""
    cleaned = tidy_spaces(text)
    words = cleaned.split(" ")
    for title in TITLES:
        size = len(title.split(" "))
        if len(words) <= size:
            continue  # a title alone is not a name
        written = " ".join(words[:size]).rstrip(".")
        # Police ranks written as capitals ("DI") must be capitals: "Di Smith" is a name.
        same = written == title if title.isupper() else written.casefold() == title.casefold()
        if same:
            # Keep the user's capitalisation unless it was all lower case.
            return (written if not written.islower() else title), " ".join(words[size:])
    return None, cleaned


def split_name(text: str) -> tuple[str | None, str, str]:
    """Split a name as the minutes write it into (title, first name, last name).

    "Councillor Syed Ghani" -> ("Councillor", "Syed", "Ghani"); "Angela D’Urso" ->
    (None, "Angela", "D’Urso"); "Chris" -> (None, "Chris", ""). A trailing mark such
    as "(CHAIR)" is dropped. Everything after the first name is the last name, so
    "Mary van der Berg" keeps "van der Berg" together.

    Raises:
        ValidationError: the text holds no name.
    """
    # Spelling is kept as typed (curly apostrophes too); matching uses `name_key`.
    cleaned = _TRAILING_MARK.sub("", tidy_spaces(text)).strip(" ,.;:")
    if not cleaned:
        raise ValidationError(f"{text.strip()!r} is not a person's name.")
    title, rest = split_title(cleaned)
    first, _, last = rest.partition(" ")
    return title, first, last.strip()


def _org_key(name: str) -> str:
    return name_key(name).rstrip(".")


def find_organisation(session: Session, name: str) -> models.Organisation | None:
    """An organisation by name or short name, ignoring case and apostrophe style."""
    key = _org_key(name)
    if not key:
        return None
    for organisation in session.scalars(select(models.Organisation)):
        if key in (_org_key(organisation.name), _org_key(organisation.short_name or "")):
            return organisation
    return None


def find_or_create_organisation(session: Session, name: str) -> models.Organisation:
    """The organisation called `name` (or with that short name), created if new."""
    cleaned = tidy_spaces(name)
    if not cleaned:
        raise ValidationError("An organisation needs a name.")
    existing = find_organisation(session, cleaned)
    if existing is not None:
        return existing
    organisation = models.Organisation(name=cleaned)
    session.add(organisation)
    session.flush()
    return organisation


def find_people(session: Session, text: str) -> list[Person]:
    """Everyone whose name matches `text`, ignoring title, case and apostrophe style.

    "Councillor Ghani" (a title and one name, as the June 2022 minutes write the chair)
    also finds the one person with that surname, preferring one with that title.
    """
    title, first, last = split_name(text)
    wanted = name_key(f"{first} {last}")
    # A partnership has hundreds of people at most: compare in Python, where the
    # apostrophe and case rules live, rather than in SQL.
    everyone = session.scalars(select(Person).order_by(Person.id)).all()
    matches = [p for p in everyone if name_key(p.name) == wanted]
    if matches or not (title and not last):
        return matches
    surname = [p for p in everyone if p.last_name and name_key(p.last_name) == wanted]
    same_title = [p for p in surname if title_key(p.title) == title_key(title)]
    if len(same_title) == 1:
        return same_title
    return surname if len(surname) == 1 else []


def _short_form_of(session: Session, title: str | None, first: str, last: str) -> Person | None:
    """A person first recorded as "Councillor Ghani", now named in full ("Syed Ghani")."""
    if not (title and last):
        return None
    wanted = name_key(last)
    found = [
        p
        for p in session.scalars(select(Person).where(Person.last_name == "")).all()
        if name_key(p.first_name) == wanted and title_key(p.title) == title_key(title)
    ]
    return found[0] if len(found) == 1 else None


def find_or_create_person(
    session: Session,
    text: str,
    *,
    organisation: str | None = None,
    index: PeopleIndex | None = None,
) -> Person:
    """The person `text` names, created if there is nobody of that name.

    The match ignores title, case, spacing and curly/straight apostrophes; a title
    with a surname alone ("Councillor Ghani") finds the one person of that surname. A
    title or organisation given here fills a blank on an existing person but never
    replaces one already recorded (the minutes are not always consistent).

    `index` (one `PeopleIndex` per transaction) answers the lookups from memory and is
    kept in step with the people this creates or completes: for many names at once.
    """
    title, first, last = split_name(text)
    matches = index.find(text) if index else find_people(session, text)
    org: models.Organisation | None = None
    if organisation:
        org = (
            index.organisation(organisation)
            if index
            else find_or_create_organisation(session, organisation)
        )
    changed = False  # a blank filled in or a short name completed: flushed and re-indexed
    if not matches:
        short = (
            index.short_form(title, first, last)
            if index
            else _short_form_of(session, title, first, last)
        )
        if short is not None:
            # Complete the name rather than record the same councillor twice.
            short.first_name, short.last_name = first, last
            matches, changed = [short], True
    if matches:
        person = matches[0]
        if org is not None:
            # Prefer the namesake already at that organisation.
            same_org = [p for p in matches if p.organisation_id == org.id]
            person = same_org[0] if same_org else person
            if person.organisation_id is None:
                person.organisation = org
                changed = True
        if title and not person.title:
            person.title = title
            changed = True
        if index is None or changed:
            # With an index nothing needs a flush for a person found as recorded: the
            # flush per name was most of an import's time.
            session.flush()
            if index:
                index.remember(person)  # a completed name or a title filled in
        return person
    person = Person(title=title, first_name=first, last_name=last, organisation=org)
    session.add(person)
    session.flush()
    if index:
        index.remember(person)
    return person


class PeopleIndex:
    """Everyone (and every organisation) on record, read once, for matching many names.

    `find_people` reads every person for each name it is asked about, and each of those
    queries autoflushed the session first: importing a meeting into a ten-year archive
    cost O(names x people). One index per transaction answers the same questions from
    memory with the same rules (reading plain columns, not whole rows);
    `find_or_create_person(..., index=)` keeps it in step as it creates people and
    organisations, completes a short name or fills a title. People changed by other
    means in the same transaction are not seen: build a fresh index then.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_name: dict[str, list[int]] = {}
        self._by_last_name: dict[str, list[int]] = {}
        self._short_forms: dict[str, list[int]] = {}  # no last name, by first name
        self._filed: dict[int, tuple[str | None, list[tuple[dict[str, list[int]], str]]]] = {}
        with session.no_autoflush:
            rows = session.execute(
                select(Person.id, Person.title, Person.first_name, Person.last_name).order_by(
                    Person.id
                )
            ).all()
            organisations = list(
                session.scalars(select(models.Organisation).order_by(models.Organisation.id))
            )
        # By name and short name; the first (oldest) wins, as find_organisation's scan does.
        self._organisations: dict[str, models.Organisation] = {}
        for organisation in reversed(organisations):
            self._file_organisation(organisation)
        for person_id, title, first, last in rows:
            self._file(person_id, title, first, last)

    def _file(self, person_id: int, title: str | None, first: str, last: str) -> None:
        name = " ".join(part for part in (first, last) if part)
        buckets = [(self._by_name, name_key(name))]
        if last:
            buckets.append((self._by_last_name, name_key(last)))
        else:
            buckets.append((self._short_forms, name_key(first)))
        for bucket, key in buckets:
            insort(bucket.setdefault(key, []), person_id)  # find_people's order: by id
        self._filed[person_id] = (title, buckets)

    def remember(self, person: Person) -> None:
        """(Re)index `person` (flushed, so it has an id) under its current name and title."""
        self.forget(person)
        self._file(person.id, person.title, person.first_name, person.last_name)

    def forget(self, person: Person) -> None:
        """Drop `person` from the index (where it was filed, whatever its name is now)."""
        _, buckets = self._filed.pop(person.id, (None, []))
        for bucket, key in buckets:
            bucket[key] = [i for i in bucket.get(key, []) if i != person.id]

    def _title_key(self, person_id: int) -> str | None:
        return title_key(self._filed[person_id][0])

    def _people(self, ids: list[int]) -> list[Person]:
        with self.session.no_autoflush:
            found = [self.session.get(Person, person_id) for person_id in ids]
        return [person for person in found if person is not None]

    def find(self, text: str) -> list[Person]:
        """What `find_people(session, text)` answers, without reading everyone."""
        return self._people(self._find_ids(text))

    def knows(self, text: str) -> bool:
        """Whether `find_people(session, text)` would find anyone."""
        return bool(self._find_ids(text))

    def _find_ids(self, text: str) -> list[int]:
        title, first, last = split_name(text)
        wanted = name_key(f"{first} {last}")
        matches = self._by_name.get(wanted, [])
        if matches or not (title and not last):
            return list(matches)
        surname = self._by_last_name.get(wanted, [])
        same_title = [i for i in surname if self._title_key(i) == title_key(title)]
        if len(same_title) == 1:
            return same_title
        return list(surname) if len(surname) == 1 else []

    def short_form(self, title: str | None, first: str, last: str) -> Person | None:
        """What `_short_form_of` answers, without a query."""
        if not (title and last):
            return None
        found = [
            i
            for i in self._short_forms.get(name_key(last), [])
            if self._title_key(i) == title_key(title)
        ]
        return self._people(found)[0] if len(found) == 1 else None

    def organisation(self, name: str) -> models.Organisation:
        """What `find_or_create_organisation` answers, reading the organisations once."""
        cleaned = tidy_spaces(name)
        if not cleaned:
            raise ValidationError("An organisation needs a name.")
        found = self._organisations.get(_org_key(cleaned))
        if found is not None:
            return found
        organisation = models.Organisation(name=cleaned)
        self.session.add(organisation)
        self.session.flush()
        self._file_organisation(organisation)
        return organisation

    def _file_organisation(self, organisation: models.Organisation) -> None:
        for key in (_org_key(organisation.short_name or ""), _org_key(organisation.name)):
            if key:
                self._organisations[key] = organisation


def known_people(session: Session, names: Iterable[str]) -> list[bool]:
    """For each name, whether the archive already has that person (one read for all)."""
    index = PeopleIndex(session)
    return [index.knows(name) for name in names]


def person_row(person: Person) -> PersonRow:
    return PersonRow(
        id=person.id,
        display_name=person.display_name,
        name=person.name,
        title=person.title,
        organisation=person.organisation.name if person.organisation else None,
        first_name=person.first_name,
        last_name=person.last_name,
    )


def list_people(session: Session) -> list[PersonRow]:
    """Everyone on record, sorted by surname then first name."""
    people = session.scalars(
        select(Person)
        .options(selectinload(Person.organisation))
        .order_by(func.lower(Person.last_name), func.lower(Person.first_name), Person.id)
    ).all()
    return [person_row(p) for p in people]


def display_names(session: Session, person_ids: Iterable[int]) -> list[tuple[str, int]]:
    """(display name, id) of the given people, in `list_people`'s order.

    Plain columns for a few people: building every `PersonRow` on record (500 in a
    10-year archive) to pick out an owner list cost a fifth of an Actions tab switch.
    """
    wanted = set(person_ids)
    if not wanted:
        return []
    rows = session.execute(
        select(Person.id, Person.title, Person.first_name, Person.last_name)
        .where(Person.id.in_(wanted))
        .order_by(func.lower(Person.last_name), func.lower(Person.first_name), Person.id)
    )
    return [
        (" ".join(part for part in (title, first, last) if part), person_id)
        for person_id, title, first, last in rows
    ]


def list_organisations(session: Session) -> list[str]:
    """Organisation names, alphabetically."""
    return list(
        session.scalars(
            select(models.Organisation.name).order_by(func.lower(models.Organisation.name))
        ).all()
    )


def update_person(
    session: Session,
    person_id: int,
    *,
    title: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    organisation: str | None = None,
    job_title: str | None = None,
    email: str | None = None,
) -> Person:
    """Correct a person's details; a None argument leaves that detail as it is.

    An empty string clears an optional detail (title, organisation, job title, email).

    Raises:
        NotFound: no such person.
        ValidationError: the first name would be blank.
    """
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    if first_name is not None:
        if not tidy_spaces(first_name):
            raise ValidationError("A person needs a name.")
        person.first_name = tidy_spaces(first_name)
    if last_name is not None:
        person.last_name = tidy_spaces(last_name)
    if title is not None:
        person.title = tidy_spaces(title).rstrip(".") or None
    if organisation is not None:
        person.organisation = (
            find_or_create_organisation(session, organisation) if organisation.strip() else None
        )
    if job_title is not None:
        person.job_title = tidy_spaces(job_title) or None
    if email is not None:
        person.email = email.strip() or None
    session.flush()
    return person


def possible_duplicates(session: Session) -> list[tuple[PersonRow, ...]]:
    """Groups of people recorded more than once under one name (title and case aside)."""
    groups: dict[str, list[Person]] = {}
    for person in session.scalars(
        select(Person).options(selectinload(Person.organisation)).order_by(Person.id)
    ):
        groups.setdefault(name_key(person.name), []).append(person)
    return [tuple(person_row(p) for p in group) for group in groups.values() if len(group) > 1]


def merge_people(session: Session, keep_id: int, duplicate_id: int) -> Person:
    """Fold a duplicate record into the person kept, then delete the duplicate.

    Everything that named the duplicate (attendance, memberships, action ownership,
    declarations, substitutions) names the kept person instead. Where both were on
    one meeting's attendance, the kept row stays, taking the duplicate's mark if it
    had been left absent. Blank details of the kept person are filled from the
    duplicate.

    Raises:
        NotFound: either person does not exist.
        ValidationError: both ids are the same person.
    """
    if keep_id == duplicate_id:
        raise ValidationError("Choose two different people to merge.")
    keep = session.get(Person, keep_id)
    duplicate = session.get(Person, duplicate_id)
    if keep is None or duplicate is None:
        missing = keep_id if keep is None else duplicate_id
        raise NotFound(f"There is no person with id {missing}.")
    # Rows that would clash with the kept person's own (one per meeting / action).
    kept_rows = {
        a.meeting_id: a
        for a in session.scalars(
            select(models.Attendance).where(models.Attendance.person_id == keep_id)
        )
    }
    for row in session.scalars(
        select(models.Attendance).where(models.Attendance.person_id == duplicate_id)
    ):
        kept = kept_rows.get(row.meeting_id)
        if kept is None:
            continue
        # Keep the stronger mark: anything beats absent, absent beats not yet marked.
        weak = {AttendanceStatus.UNMARKED: 0, AttendanceStatus.ABSENT: 1}
        if kept.status in weak and weak.get(row.status, 2) > weak[kept.status]:
            kept.status, kept.role = row.status, kept.role or row.role
            kept.arrived_at, kept.left_at = (
                kept.arrived_at or row.arrived_at,
                kept.left_at or row.left_at,
            )
        session.delete(row)
    owned = set(
        session.scalars(
            select(models.ActionOwner.action_id).where(models.ActionOwner.person_id == keep_id)
        )
    )
    for link in session.scalars(
        select(models.ActionOwner).where(models.ActionOwner.person_id == duplicate_id)
    ):
        if link.action_id in owned:
            session.delete(link)
    session.flush()
    # Every other reference to the duplicate, whichever table holds it (found from the
    # schema, so a table added later is not missed).
    person_table = schema().tables["person"]
    for table in schema().sorted_tables:
        for foreign_key in table.foreign_keys:
            if foreign_key.column.table is person_table:
                session.execute(
                    update(table)
                    .where(foreign_key.parent == duplicate_id)
                    .values({foreign_key.parent.name: keep_id})
                )
    for detail in ("title", "job_title", "email", "organisation_id"):
        if getattr(keep, detail) is None and getattr(duplicate, detail) is not None:
            setattr(keep, detail, getattr(duplicate, detail))
    session.flush()
    session.expire_all()
    duplicate = session.get(Person, duplicate_id)
    if duplicate is not None:
        session.delete(duplicate)
    session.flush()
    merged = session.get(Person, keep_id)
    assert merged is not None
    return merged

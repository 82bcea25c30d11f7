"""A demo archive that reads like the real thing, built through the services.

Two years of a (fictional) London borough's Community Safety Partnership: the board with
its five subgroups plus the Safer Neighbourhood Board and Safeguarding Boards reporting
in, the plan's five priorities, ten quarterly board meetings and a handful of subgroup
meetings. Everything goes through the same service functions the window uses:
`create_meeting` lays out standing items, roster, forward-plan items and the actions
carried forward; attendance is marked, the live clock run item by item, minutes typed
and their ACTION lines captured by `sync_item_actions`, actions updated from returned
trackers, subgroup reports written, forward-plan entries raised, deferred and done,
minutes approved at the next meeting and one approved record amended.

Structure, topics and wording follow the published minutes in `shared/seeds/`; the
people are invented (no name from the seeds), the organisations are real-looking.
The result is deterministic: the same seed gives the same archive.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csp_desktop.models import (
    Action,
    ActionReview,
    ActionStatus,
    ActionUpdateSource,
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Body,
    BodyKind,
    ForwardPlanStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Paper,
    Person,
    Priority,
    Rag,
    ReportStatus,
)
from csp_desktop.services import actions as action_service
from csp_desktop.services import agenda, attendance, forward_plan, item_records, subgroups
from csp_desktop.services.action_parser import find_action_lines
from csp_desktop.services.bodies import add_membership, create_body
from csp_desktop.services.formatting import uk_date
from csp_desktop.services.meetings import create_meeting, set_meeting_status
from csp_desktop.services.minutes import amend_minutes, approve_minutes, save_minutes
from csp_desktop.services.people import find_or_create_person

DEMO_SEED = 20240918
DEMO_USER = "hannah.doyle"
PLAN = "2023-2026"

COUNCIL = "London Borough of Eastmarsh"
MET = "Metropolitan Police Service"
LFB = "London Fire Brigade"
PROBATION = "Probation Service (London)"
ICB = "NHS North East London Integrated Care Board"
MOPAC = "Mayor's Office for Policing and Crime"
WOMENS_AID = "Eastmarsh Women's Aid"
CVS = "Eastmarsh Council for Voluntary Service"
DWP = "Department for Work and Pensions"
VRU = "London Violence Reduction Unit"
YOUTH_CHARITY = "Safe Streets Eastmarsh"
SNB_ORG = "Eastmarsh Safer Neighbourhood Board"
SAB_ORG = "Eastmarsh Safeguarding Adults Board"

# key: (name as the minutes print it, organisation, job title). All invented.
PEOPLE: dict[str, tuple[str, str, str]] = {
    "chair": ("Councillor Priya Chandran", COUNCIL, "Cabinet Member for Community Safety"),
    "cllr_health": ("Councillor Thomas Hargreaves", COUNCIL, "Cabinet Member for Adult Care"),
    "cllr_children": ("Councillor Grace Okafor", COUNCIL, "Cabinet Member for Children"),
    "head_cs": ("Rachel Whitfield", COUNCIL, "Head of Community Safety"),
    "csp_manager": ("Marcus Bennett", COUNCIL, "Community Safety Partnership Manager"),
    "supt": ("Superintendent Helen Marsh", MET, "Superintendent, East Area BCU"),
    "dci": ("DCI Owen Pritchard", MET, "Detective Chief Inspector, Public Protection"),
    "lfb": ("Karen Lowe", LFB, "Borough Commander"),
    "probation": ("Femi Adeyemi", PROBATION, "Head of Probation Delivery Unit"),
    "icb": ("Dr Sarah Kaur", ICB, "Director of Place"),
    "children": ("Joanne Fletcher", COUNCIL, "Operational Director, Children's Care"),
    "public_health": ("Imran Siddiqui", COUNCIL, "Public Health Lead, Drugs and Alcohol"),
    "womens_aid": ("Beverley Crane", WOMENS_AID, "Chief Executive"),
    "yjs": ("Neil Townsend", COUNCIL, "Head of Youth Justice Service"),
    "dwp": ("Gordon Baptiste", DWP, "Partnership Manager"),
    "cvs": ("Yvonne Ashworth", CVS, "Chief Executive"),
    "note_taker": ("Hannah Doyle", COUNCIL, "Community Safety Partnership Officer"),
    "analyst": ("Kwame Mensah", COUNCIL, "Senior Community Safety Analyst"),
    "vawg_lead": ("Ellie Nakamura", COUNCIL, "VAWG Strategy Lead"),
    "prevent": ("Aisha Rahman", COUNCIL, "Prevent Coordinator"),
    "mopac": ("Lucy Ferreira", MOPAC, "Partnership Manager"),
    "vru": ("Oliver Grant", VRU, "Partnership Lead"),
    "inspector": ("Inspector Gareth Lewis", MET, "Neighbourhood Inspector"),
    "youth_charity": ("Ben Carter", YOUTH_CHARITY, "Project Lead"),
    "snb_chair": ("Raymond Pike", SNB_ORG, "Chair"),
    "sab_chair": ("Margaret Ellison", SAB_ORG, "Independent Chair"),
    "consultant": ("Dr Nadia Hussain", COUNCIL, "Consultant in Public Health"),
    "ch_insp": ("Chief Inspector Dominic Hale", MET, "Chief Inspector, Neighbourhoods"),
    "housing": ("Sophie Laing", COUNCIL, "Housing Options Manager"),
    "asb": ("Callum Reid", COUNCIL, "Anti-social Behaviour Team Leader"),
    "idva": ("Jade Whitmore", WOMENS_AID, "IDVA Service Manager"),
}

# (key, from, to): the board's seats; one partner leaves and another joins mid-way.
BOARD_SEATS: list[tuple[str, str, dt.date | None, dt.date | None]] = [
    ("chair", "Chair", None, None),
    ("cllr_health", "Member", None, None),
    ("cllr_children", "Member", None, None),
    ("head_cs", "Vice Chair", None, None),
    ("csp_manager", "Member", None, None),
    ("supt", "Member", None, None),
    ("dci", "Member", None, None),
    ("lfb", "Member", None, None),
    ("probation", "Member", None, None),
    ("icb", "Member", None, None),
    ("children", "Member", None, None),
    ("public_health", "Member", None, None),
    ("womens_aid", "Member", None, None),
    ("yjs", "Member", None, None),
    ("dwp", "Member", None, dt.date(2025, 5, 31)),
    ("cvs", "Member", dt.date(2025, 6, 1), None),
]

# name, short name, kind, chair key, plan priority it owns, members (keys)
SUBGROUPS: list[tuple[str, str, BodyKind, str, int | None, tuple[str, ...]]] = [
    (
        "Contextual Safeguarding and Exploitation",
        "CSE",
        BodyKind.SUBGROUP,
        "children",
        1,
        ("yjs", "dci", "youth_charity"),
    ),
    (
        "IVOLT",
        "IVOLT",
        BodyKind.SUBGROUP,
        "csp_manager",
        2,
        ("inspector", "analyst", "lfb", "housing", "asb"),
    ),
    ("Reducing Re-offending", "RRO", BodyKind.SUBGROUP, "probation", 3, ("housing", "dwp")),
    (
        "Hate Crime, Intolerance and Extremism and Tension Monitoring",
        "HCIE",
        BodyKind.SUBGROUP,
        "prevent",
        4,
        ("inspector", "cvs"),
    ),
    (
        "Violence Against Women and Girls",
        "VAWG",
        BodyKind.SUBGROUP,
        "vawg_lead",
        5,
        ("womens_aid", "dci", "icb", "housing", "idva"),
    ),
    ("Safer Neighbourhood Board", "SNB", BodyKind.OTHER, "snb_chair", None, ()),
    ("Safeguarding Boards", "SGB", BodyKind.OTHER, "sab_chair", None, ()),
]

PRIORITIES = [
    (
        1,
        "Keeping children and young people safe",
        "A contextual safeguarding approach across the council and partners; exploitation, "
        "serious youth violence and safe places for children.",
    ),
    (
        2,
        "Tackling crimes that affect people the most",
        "Hotspots, repeat victimisation, anti-social behaviour, fire safety and MOPAC's "
        "high-harm crimes, using the Victim, Offender, Location and Time model.",
    ),
    (
        3,
        "Reducing re-offending",
        "Accommodation, education, training, employment and treatment for people on "
        "probation; Integrated Offender Management.",
    ),
    (
        4,
        "Standing up to hate, intolerance and extremism",
        "More reporting of hate crime, supportive bystanders, Prevent and community tension "
        "monitoring.",
    ),
    (
        5,
        "Tackling violence against women and girls",
        "Support survivors, educate and communicate, challenge abusive behaviour and include "
        "lived experience.",
    ),
]

BOARD_DATES = [
    dt.date(2024, 9, 18),
    dt.date(2024, 12, 11),
    dt.date(2025, 3, 19),
    dt.date(2025, 6, 18),
    dt.date(2025, 9, 17),
    dt.date(2025, 12, 10),
    dt.date(2026, 3, 18),
    dt.date(2026, 6, 17),
    dt.date(2026, 9, 16),
    dt.date(2026, 12, 9),
]
IN_PERSON = "BLC Conference Room"
ONLINE = "MS Teams"
CONTACT = "Hannah Doyle, Community Safety Partnership Officer"


@dataclass(frozen=True)
class Topic:
    """A topical agenda item and the minutes the note taker will type for it.

    Text may name people as {key} ("Councillor Chandran", "Kwame Mensah"), {key.full},
    {key.first} or {key.initials}, and figures as {n1}..{n3}, {big}, {p1}..{p3}, {rank}.
    Each action is (owners, task): the line typed is "ACTION: <owners> to <task>."
    """

    title: str
    presenter: str
    minutes: int
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...] = ()
    discussion: tuple[str, ...] = ()
    actions: tuple[tuple[str, str], ...] = ()
    decisions: tuple[str, ...] = ()
    restricted: bool = False
    paper: tuple[str, int] | None = None


# fmt: off
BOARD_TOPICS: list[list[Topic]] = [
    [  # September 2024
        Topic("Crime and Disorder Strategic Assessment 2024: project plan", "analyst", 15,
              ("The Crime and Disorder Strategic Assessment (CDSA) gathers the evidence the "
               "partnership uses to set its priorities for the year ahead and informs the "
               "three-year Community Safety Partnership Plan. {analyst} presented the project "
               "plan for the 2024 refresh.",),
              ("The CDSA refresh was announced to the board today.",
               "Data collection runs from October to November with each partner's analyst.",
               "The final draft will be signed off by senior management by mid-January.",
               "The findings will be presented to each sub-group between February and March."),
              ("{csp_manager} asked whether the analysts still had access to police systems. "
               "{analyst} confirmed that access now comes through the BCU's analysts and that "
               "heads of service would be asked for the context behind their figures.",),
              (("{analyst.full}", "circulate the CDSA data request to every partner analyst by "
                "the end of October"),),
              paper=("CDSA 2024 project plan", 58)),
        Topic("Serious Violence Duty: strategic needs assessment", "vru", 20,
              ("The Serious Violence Duty requires the council, police, fire, probation, youth "
               "justice and health to share data, produce a strategic needs assessment and "
               "publish a serious violence strategy. {vru} outlined the London Violence "
               "Reduction Unit's offer to boroughs.",),
              ("Knife crime with injury (under 25s): {n1} offences, {p1}% down on last year.",
               "Hospital admissions for assault with a sharp object: {n2}.",
               "Three hotspot wards account for {p2}% of serious youth violence."),
              ("{cllr_children} questioned how schools would be involved. {yjs} responded that "
               "the Youth Justice Service sits on the task and finish group and will bring in "
               "the schools' designated safeguarding leads.",),
              (("{vru.full} and {csp_manager.full}", "set up a task and finish group to complete "
                "the strategic needs assessment"),),
              restricted=True, paper=("Serious Violence Duty briefing", 121)),
        Topic("Safer Streets: Eastmarsh Town Centre findings", "youth_charity", 15,
              ("Safe Streets Eastmarsh ran six months of activations outside Eastmarsh station: "
               "seating, planting, lighting and performances, with a survey of {n1} passers-by. "
               "{youth_charity} presented the findings.",),
              ("{p1}% noticed the activations and {p2}% said they changed how safe the area felt.",
               "Reports of feeling safe outside the station rose by {p3}%.",
               "Night-time lighting was the most requested change."),
              ("{chair} commended the work and asked for the approach to be repeated at "
               "Northgate station if funding allows.",),
              (("{csp_manager.full}", "invite Safe Streets Eastmarsh to the next Town Centre "
                "problem-solving group"),),
              decisions=("The board endorsed the Safer Streets recommendations for "
                         "Eastmarsh Town Centre.",)),
    ],
    [  # December 2024
        Topic("Crime and Disorder Strategic Assessment 2023/24", "analyst", 25,
              ("{analyst} presented the CDSA 2023/24: an analysis of crime, disorder, substance "
               "misuse and environmental harm affecting residents, ranked by volume, harm and "
               "cost.",
               "Performance overview:"),
              ("There were {big} offences in total, up {p1}% on the previous year.",
               "Violence against the person accounted for {p2}% of the increase.",
               "Robbery of personal property fell by {p3}%.",
               "Town Centre ward again had the highest volume of crime."),
              ("{supt} noted that sanction detection rates remain low across London and set out "
               "the BCU's plan to improve them.",),
              (("{analyst.initials}", "share the ward-level data with each sub-group chair"),),
              decisions=("The board approved the Crime and Disorder Strategic Assessment "
                         "2023/24.",
                         "Each sub-group to review the assessment and say how it will deliver "
                         "its actions."),
              restricted=True, paper=("CDSA 2023/24", 1430)),
        Topic("Violence Against Women and Girls Strategy refresh", "vawg_lead", 20,
              ("The VAWG strategy expires in March. {vawg_lead} set out the plan for the "
               "refresh, aligned with the CSP Plan's priorities and shaped by survivors.",),
              ("Survivor consultation through {womens_aid.full}'s lived experience panel.",
               "Workshops with housing, health and the police in January.",
               "A draft to the board in March and sign-off in June."),
              ("{womens_aid} asked that the refresh includes the waiting list for refuge "
               "places. {vawg_lead} agreed.",),
              (("{vawg_lead.full} and {womens_aid.full}", "bring the draft VAWG strategy to the "
                "March board"),)),
        Topic("Prevent update", "prevent", 15,
              ("{prevent} updated the board on Prevent delivery and the local counter-terrorism "
               "profile.",),
              ("Channel Panel referrals: {n1} this quarter, mostly from schools.",
               "Workshops on online radicalisation were delivered in {rank} schools.",
               "No local graffiti or stickering has been identified this quarter."),
              ("{cllr_children} asked about take-up of the training in special schools. "
               "{prevent} responded that schools are keen and a SEND version is being piloted.",),
              (("{prevent.full}", "circulate the Prevent training offer to board members"),),
              restricted=True),
    ],
    [  # March 2025
        Topic("Combating Drugs Partnership: needs assessment findings", "consultant", 20,
              ("The national drug strategy asks each area to break supply chains, deliver a "
               "world-class treatment and recovery system and reduce demand. {consultant} "
               "presented the local needs assessment.",),
              ("{n1} adults are in structured treatment, {p1}% more than last year.",
               "Alcohol remains the most common substance for people starting treatment.",
               "Continuity of care from prison to community treatment is {p2}%."),
              ("{probation} welcomed the focus on prison leavers and offered probation's data.",),
              (("{public_health.full}", "return with a local drugs and alcohol action plan"),
               ("{consultant.full} and partners", "agree shared measures for the partnership "
                "dashboard")),
              paper=("Drugs and alcohol needs assessment summary", 212)),
        Topic("Reducing Reoffending Plan: progress", "probation", 15,
              ("{probation} reported on the regional Reducing Reoffending Plan and local "
               "delivery.",),
              ("Employment six weeks after release rose to {p1}%.",
               "{p2}% of prison leavers were housed on the night of release.",
               "Commissioned Rehabilitative Services now include a dependency and recovery "
               "strand."),
              ("{cllr_health} asked how the council's housing team was involved. {probation} "
               "confirmed a housing officer now attends the Integrated Offender Management "
               "panel weekly.",),
              decisions=("The board agreed to use the Reducing Reoffending Plan as the "
                         "overarching theme for the Reducing Re-offending sub-group.",)),
    ],
    [  # June 2025
        Topic("Police and Crime Plan: MOPAC partnership offer", "mopac", 15,
              ("{mopac} presented MOPAC's offer to boroughs under the Police and Crime Plan.",),
              ("Preventing and reducing violence.", "Better support for victims.",
               "Trust and confidence between the public and the police.",
               "Protecting people from exploitation and harm."),
              ("{chair} asked about police visibility in town centres. {supt} said that "
               "neighbourhood teams are back at full strength for the first time in three years.",),
              (("{mopac.full}", "contact {csp_manager.full} about MOPAC's commissioned services "
                "for victims"),)),
        Topic("Youth Safety Summit findings", "youth_charity", 20,
              ("The Young People's Safety Summit gathers secondary pupils' views on safety "
               "online and around the borough. {youth_charity} presented this year's findings.",),
              ("Parks were named as the least safe places by {p1}% of pupils.",
               "Pupils trust anonymous reporting apps more than face-to-face reporting.",
               "Talks by people with lived experience were the most valued input."),
              ("{inspector} noted an overlap between the places pupils named and recent "
               "reports of robbery.",),
              (("{inspector.full}", "map the unsafe places named by pupils against robbery "
                "reports"),
               ("{csp_manager.first}", "ask the IVOLT group to analyse crime in parks")),
              restricted=True),
        Topic("Domestic Abuse Improvement Plan update", "vawg_lead", 15,
              ("{vawg_lead} reported progress on the Domestic Abuse Improvement Plan.",),
              ("The MARAC steering group has met twice.",
               "IDVA caseloads average {n1} per worker.",
               "Repeat referrals to MARAC stand at {p1}%."),
              ("{cllr_health} asked that the board hold itself to account for delivery, not "
               "only endorse the plan.",),
              (("{vawg_lead.full}", "report MARAC repeat referral figures to each board"),),
              decisions=("The board agreed the MARAC steering group terms of reference.",),
              restricted=True, paper=("Domestic Abuse Improvement Plan progress", 96)),
    ],
    [  # September 2025
        Topic("Serious Violence Strategy: annual review", "vru", 20,
              ("{vru} and {csp_manager} presented the first annual review of the Serious "
               "Violence Strategy.",),
              ("Knife crime with injury (under 25s) down {p1}%.",
               "{n1} young people were supported by hospital-based youth workers.",
               "The summer diversion programme reached {n2} young people."),
              ("{icb} offered the A&E data-sharing agreement as a model for other partners.",),
              (("{vru.full}", "share the hospital data-sharing agreement with partners"),),
              restricted=True),
        Topic("Anti-social behaviour in parks: analysis", "analyst", 15,
              ("{analyst} presented the IVOLT analysis of crime and anti-social behaviour in "
               "the borough's parks.",),
              ("{n1} ASB reports in parks over twelve months, {p1}% in the evening.",
               "Criminal damage is concentrated in two parks.",
               "Lighting faults were reported in {rank} locations."),
              ("{lfb} added that deliberate grass fires peaked in August.",),
              (("{asb.full}", "agree a summer patrol plan for the two parks with the police"),)),
        Topic("National Referral Mechanism: devolved decision-making pilot", "children", 15,
              ("Eastmarsh is one of the pilot sites where the council makes National Referral "
               "Mechanism decisions for children. {children} presented the evaluation.",),
              ("Decisions now take about a month instead of up to a year.",
               "{p1}% of referrals came from social workers.",
               "{p2}% of children had disclosed exploitation."),
              ("{cllr_children} asked how the gains would be kept after the pilot. {children} "
               "said the Home Office has extended the funding to March.",)),
    ],
    [  # December 2025
        Topic("Crime and Disorder Strategic Assessment 2024/25", "analyst", 25,
              ("{analyst} presented the CDSA 2024/25.",
               "Current priorities:"),
              ("Non-domestic abuse violence with injury (with a focus on serious youth violence).",
               "Robbery of personal property.",
               "Domestic abuse and sexual offences (mandatory high-harm priorities).",
               "Arson (low volume, high harm).",
               "Anti-social behaviour."),
              ("{supt} stated that burglary is a new priority for the Commissioner and asked "
               "that it be considered for the next plan.",),
              (("{analyst.full}", "add burglary to the analysis for the 2026-2029 plan"),),
              decisions=("The board approved the Crime and Disorder Strategic Assessment "
                         "2024/25.",),
              restricted=True, paper=("CDSA 2024/25", 1512)),
        Topic("Hate Crime Awareness Week review", "prevent", 10,
              ("{prevent} reviewed National Hate Crime Awareness Week, which focused this year "
               "on disability and LGBTQ+ hate crime.",),
              ("{n1} residents visited the information stall in the town centre.",
               "Third-party reporting centres received {rank} reports during the week."),
              ("{cvs} offered the voluntary sector forum as a route to under-reporting "
               "communities.",),
              (("{prevent.full} and {cvs.full}", "set up two third-party reporting sessions in "
                "community venues"),)),
        Topic("Fire safety and arson reduction", "lfb", 15,
              ("{lfb} presented London Fire Brigade's borough plan.",),
              ("Deliberate fires: {n1} this year, {p1}% fewer than last year.",
               "Home fire safety visits: {n2}, prioritising people who live alone.",),
              ("{cllr_health} asked for adult social care referrals for home fire safety "
               "visits to be automatic.",),
              (("{lfb.full}", "agree an automatic referral route with adult social care"),)),
    ],
    [  # March 2026
        Topic("CSP Plan 2026-2029: consultation findings", "head_cs", 25,
              ("Every three years the partnership must publish a Community Safety Partnership "
               "Plan. {head_cs} presented the consultation findings.",),
              ("{n1} residents responded to the survey.",
               "Feeling safe after dark was the top concern for women.",
               "Respondents asked for more visible patrols and better lighting."),
              ("{chair} asked that the plan say how residents will see progress.",),
              (("{head_cs.full}", "publish a 'you said, we did' summary of the consultation"),),
              decisions=("The board agreed the five priorities for the CSP Plan 2026-2029.",),
              paper=("CSP Plan consultation report", 388)),
        Topic("Drugs and Alcohol Strategy: progress", "public_health", 15,
              ("{public_health} reported progress on the five-year Drugs and Alcohol Strategy.",),
              ("Treatment numbers are up {p1}%.",
               "A criminal justice team now links custody, courts and treatment.",
               "Naloxone is carried by all outreach workers."),
              (),
              (("{public_health.full}", "bring the Combating Drugs Partnership annual report "
                "to the September board"),)),
        Topic("Prevent update", "prevent", 15,
              ("{prevent} presented the Prevent update and the local risk picture.",),
              ("Channel referrals: {n1} this quarter.",
               "Online risk is rising, particularly among younger teenagers."),
              (),
              (),
              restricted=True),
    ],
    [  # June 2026
        Topic("VAWG Strategy: year one progress", "vawg_lead", 20,
              ("{vawg_lead} presented the first year of the refreshed VAWG strategy.",),
              ("{n1} survivors supported by the IDVA service.",
               "Sanction detection rate for VAWG offences: {p1}%.",
               "Safe spaces scheme joined by {rank} businesses."),
              ("{dci} set out the Met's work to raise detection rates.",),
              (("{vawg_lead.full}", "bring the women's safety audit to the December board"),)),
        Topic("Rescue and Response: county lines update", "yjs", 15,
              ("{yjs} updated the board on county lines and the Rescue and Response project.",),
              ("{n1} referrals from Eastmarsh this year.",
               "{p1}% of young people engaged with the intervention."),
              ("{children} assured the board that support continues past 18 until another "
               "service takes over.",),
              (("{yjs.full} and {children.full}", "review transitions for 18-year-olds leaving "
                "youth services"),),
              restricted=True),
        Topic("Safer Streets lighting evaluation", "asb", 10,
              ("{asb} presented the evaluation of the new lighting in Eastmarsh Town Centre.",),
              ("Evening footfall up {p1}%.", "Reports of ASB after dark down {p2}%."),
              (),
              ()),
    ],
    [  # September 2026: the richest meeting
        Topic("Strategic Assessment 2025/26: project plan", "analyst", 10,
              ("{analyst} presented the timetable for the 2025/26 assessment.",),
              ("Data request to partners in October.", "Draft in January, sign-off in February."),
              (),
              (("{analyst.full}", "issue the data request to partners"),),
              restricted=True),
        Topic("Serious violence: summer hotspot review", "ch_insp", 20,
              ("{ch_insp}, attending for {supt}, reviewed serious violence over the summer in "
               "the three hotspot wards.",),
              ("{n1} offences of violence with injury, {p1}% down on last summer.",
               "Weapons sweeps in parks recovered {rank} knives.",
               "Youth workers engaged {n2} young people through the diversion programme."),
              ("{chair} thanked the police and youth services. {cllr_children} asked that the "
               "diversion programme run through the October half-term.",),
              (("{ch_insp.full} and {yjs.full}", "extend the diversion programme through the "
                "October half-term"),
               ("{csp_manager.first}", "update the serious violence action plan")),
              restricted=True, paper=("Summer hotspot review", 240)),
        Topic("Resettlement and housing for prison leavers", "probation", 15,
              ("{probation} presented the Community Accommodation Service for prison leavers.",),
              ("{p1}% housed on the night of release, up from {p2}%.",
               "{n1} people have used the transitional housing scheme."),
              ("{housing} joined for this item and offered a named housing officer for "
               "Integrated Offender Management.",),
              (("{probation.full} and {housing.full}", "agree a protocol for prison leavers at "
                "risk of homelessness"),),
              decisions=("The board endorsed the accommodation pathway.",)),
    ],
    [  # December 2026: draft agenda
        Topic("CSP Plan 2026-2029: delivery plan", "head_cs", 20, ()),
    ],
]

SUBGROUP_SUMMARIES: dict[str, tuple[str, ...]] = {
    "CSE": (
        "The missing and child sexual exploitation group meets monthly and is linked into "
        "the Lost Hours campaign. The Youth Justice Board inspection is expected in spring.",
        "The exploitation strategy refresh is under way; partners are asked to nominate a "
        "lead for the contextual safeguarding working group.",
    ),
    "IVOLT": (
        "The weekly tasking meeting continues to share crime, ASB and CCTV data so that "
        "partnership resources go to the priority areas.",
        "Parks analysis completed; lighting faults passed to highways.",
    ),
    "RRO": (
        "The group met with a thematic focus on drugs and alcohol, from test on arrest "
        "through to treatment.",
        "Accommodation for prison leavers remains the main risk; the new housing protocol "
        "is in draft.",
    ),
    "HCIE": (
        "Under-reporting of hate crime remains the key issue; third-party reporting centres "
        "have been refreshed and the tension monitoring network widened.",
        "Community tensions were monitored closely after national events; no local incidents "
        "were reported.",
    ),
    "VAWG": (
        "The VAWG strategic group has met and agreed its action plan; the MARAC steering "
        "group reports to it.",
        "The women's safety audit of the town centre is complete and will come to the board.",
    ),
    "SNB": ("The Safer Neighbourhood Board held its public meeting and ward panel "
            "priorities were refreshed.",),
    "SGB": ("The Safeguarding Adults Board agreed its strategic plan; an action plan will "
            "set out how the priorities will be achieved.",),
}
# fmt: on


class _DemoClock:
    """The demo's time: moved by hand from meeting to meeting; the note taker's name."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def now(self) -> dt.datetime:
        return self.current

    def today(self) -> dt.date:
        return self.current.date()

    def user(self) -> str:
        return DEMO_USER

    def set(self, day: dt.date, hour: int = 9, minute: int = 0) -> None:
        self.current = dt.datetime.combine(day, dt.time(hour, minute))

    def advance(self, minutes: float) -> None:
        self.current += dt.timedelta(minutes=minutes)


class _Name:
    """A person as the minutes text names them: {key}, {key.full}, {key.first}..."""

    def __init__(self, person: Person) -> None:
        self.full = person.name
        self.first = person.first_name
        self.initials = person.initials
        self.short = (
            f"{person.title} {person.last_name}" if person.title == "Councillor" else person.name
        )

    def __str__(self) -> str:
        return self.short

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` made, for the command's message and the tests."""

    bodies: int
    people: int
    meetings: int
    board_meetings: int
    actions: int
    richest_meeting_id: int
    richest_label: str


@dataclass
class _Demo:
    session: Session
    clock: _DemoClock
    rng: random.Random
    people: dict[str, Person] = field(default_factory=dict)
    names: dict[str, _Name] = field(default_factory=dict)
    board: Body | None = None
    bodies: dict[str, Body] = field(default_factory=dict)
    priorities: dict[int, Priority] = field(default_factory=dict)

    # --------------------------------------------------------------------- set-up

    def person(self, key: str) -> Person:
        return self.people[key]

    def add_topic(self, meeting: Meeting, topic: Topic) -> None:
        """Put a topical item on the meeting's agenda, presented by the topic's person."""
        agenda.add_item(
            self.session,
            meeting.id,
            agenda.ItemSpec(
                title=topic.title,
                presenter=self.person(topic.presenter).display_name,
                minutes_allocated=topic.minutes,
                is_restricted=topic.restricted,
            ),
            self.clock,
        )

    def set_up(self) -> None:
        for key, (name, organisation, job_title) in PEOPLE.items():
            person = find_or_create_person(self.session, name, organisation=organisation)
            person.job_title = job_title
            self.people[key] = person
            self.names[key] = _Name(person)
        board = create_body(
            self.session,
            "Community Safety Partnership Board",
            "CSP",
            BodyKind.BOARD,
            quorum=5,
            default_venue=ONLINE,
            default_start=dt.time(10, 0),
            default_end=dt.time(13, 0),
        )
        self.board = board
        for key, role, start, end in BOARD_SEATS:
            add_membership(
                self.session,
                board.id,
                self.person(key).id,
                role=role,
                from_date=start or dt.date(2024, 4, 1),
                to_date=end,
            )
        for number, title, description in PRIORITIES:
            priority = Priority(plan=PLAN, number=number, title=title, description=description)
            self.session.add(priority)
            self.priorities[number] = priority
        self.session.flush()
        for name, short, kind, chair, priority_number, members in SUBGROUPS:
            body = create_body(
                self.session,
                name,
                short,
                kind,
                parent=board,
                quorum=3 if kind is BodyKind.SUBGROUP else None,
                default_venue=ONLINE,
                default_start=dt.time(14, 0),
                default_end=dt.time(15, 30),
            )
            self.bodies[short] = body
            add_membership(
                self.session,
                body.id,
                self.person(chair).id,
                role="Chair",
                from_date=dt.date(2024, 4, 1),
            )
            for member in members:
                add_membership(
                    self.session,
                    body.id,
                    self.person(member).id,
                    from_date=dt.date(2024, 4, 1),
                )
            if priority_number is not None:
                self.priorities[priority_number].owners.append(body)
        self.session.flush()

    # --------------------------------------------------------------------- text

    def figures(self) -> dict[str, str]:
        rng = self.rng
        return {
            "n1": f"{rng.randint(40, 980):,}",
            "n2": f"{rng.randint(120, 4200):,}",
            "n3": f"{rng.randint(10, 90):,}",
            "big": f"{rng.randint(18000, 23500):,}",
            "p1": f"{rng.uniform(2, 40):.1f}",
            "p2": f"{rng.uniform(2, 60):.1f}",
            "p3": f"{rng.uniform(1, 25):.1f}",
            "rank": str(rng.randint(3, 24)),
        }

    def fill(self, template: str, figures: dict[str, str], presenter: str) -> str:
        return template.format(**self.names, **figures, presenter=self.names[presenter])

    def minutes_for(self, topic: Topic) -> tuple[str, list[str]]:
        """The item's minutes text and the ACTION lines in it."""
        figures = self.figures()
        blocks = [self.fill(p, figures, topic.presenter) for p in topic.paragraphs]
        if topic.bullets:
            blocks.append(
                "\n".join(f"- {self.fill(b, figures, topic.presenter)}" for b in topic.bullets)
            )
        blocks.extend(self.fill(d, figures, topic.presenter) for d in topic.discussion)
        lines = [
            f"ACTION: {self.fill(owners, figures, topic.presenter)} to "
            f"{self.fill(task, figures, topic.presenter)}."
            for owners, task in topic.actions
        ]
        blocks.extend(lines)
        return "\n\n".join(blocks), lines

    # --------------------------------------------------------------------- meetings

    def write_item(self, item: AgendaItem, text: str) -> list[int]:
        """Type the minutes and capture their ACTION lines, as the note taker would."""
        save_minutes(self.session, item.id, text, self.clock)
        if not find_action_lines(text):
            return []  # nothing to capture (the window syncs anyway; the result is the same)
        result = action_service.sync_item_actions(self.session, item.id, self.clock)
        return list(result.created)

    def run_board_meeting(self, index: int, previous: Meeting | None) -> Meeting:
        assert self.board is not None
        date = BOARD_DATES[index]
        final = index == len(BOARD_DATES) - 1
        self.between_meetings(previous, date)
        self.clock.set(date - dt.timedelta(days=21))
        venue = IN_PERSON if index % 3 == 1 else ONLINE
        meeting = create_meeting(
            self.session, self.board.id, date, self.clock, venue=venue, contact_officer=CONTACT
        )
        topics = {topic.title: topic for topic in BOARD_TOPICS[index]}
        scheduled = {item.title for item in meeting.items}
        for topic in BOARD_TOPICS[index]:
            if topic.title not in scheduled:
                self.add_topic(meeting, topic)
        self.session.refresh(meeting)
        for item in meeting.items:
            planned = topics.get(item.title)
            if planned and planned.paper:
                name, kilobytes = planned.paper
                item.papers.append(
                    Paper(name=name, size_bytes=kilobytes * 1024, is_restricted=planned.restricted)
                )
            if item.kind is ItemKind.PREVIOUS_MINUTES and previous is not None:
                item.papers.append(
                    Paper(name=f"Minutes of {uk_date(previous.date)}", size_bytes=117 * 1024)
                )
        if final:
            self.session.flush()
            return meeting  # the next meeting: a draft agenda, nothing minuted yet
        set_meeting_status(self.session, meeting.id, MeetingStatus.AGENDA_ISSUED, self.clock)
        self.mark_attendance(meeting, index)
        self.minute_meeting(meeting, index, previous, topics)
        return meeting

    def between_meetings(self, previous: Meeting | None, date: dt.date) -> None:
        """Owners send back the tracker: progress notes, some done, one dropped."""
        if previous is None:
            return
        self.clock.set(date - dt.timedelta(days=24), 15, 30)
        open_actions = self.session.scalars(
            select(Action)
            .where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
            .order_by(Action.reference)
        ).all()
        for number, action in enumerate(open_actions):
            roll = self.rng.random()
            if action.status is ActionStatus.OPEN and roll < 0.35:
                action_service.set_action_status(
                    self.session,
                    action.id,
                    ActionStatus.IN_PROGRESS,
                    self.clock,
                    note=self.rng.choice(PROGRESS_NOTES),
                    source=ActionUpdateSource.TRACKER,
                )
            elif roll < 0.45:
                action_service.set_action_status(
                    self.session,
                    action.id,
                    ActionStatus.COMPLETED,
                    self.clock,
                    note="Done; confirmed by the owner on the returned tracker.",
                    source=ActionUpdateSource.TRACKER,
                )
            elif roll > 0.97 or (number == 0 and previous.date == BOARD_DATES[5]):
                action_service.set_action_status(
                    self.session,
                    action.id,
                    ActionStatus.DROPPED,
                    self.clock,
                    note="No longer needed: overtaken by the CSP Plan 2026-2029 work.",
                    source=ActionUpdateSource.TRACKER,
                )
            elif roll < 0.65:
                action_service.add_action_update(
                    self.session,
                    action.id,
                    self.rng.choice(PROGRESS_NOTES),
                    self.clock,
                    source=ActionUpdateSource.TRACKER,
                )

    def mark_attendance(self, meeting: Meeting, index: int) -> None:
        chair_away = index == 4
        rows = attendance.roster(self.session, meeting.id)
        by_person = {row.person_id: row for row in rows}
        must_attend = {"csp_manager", "head_cs", "chair"} | _owner_keys(index)
        if chair_away:
            must_attend.discard("chair")
        for key, person in self.people.items():
            row = by_person.get(person.id)
            if row is None:
                continue
            if key in must_attend:
                status = AttendanceStatus.PRESENT
            elif key == "chair" and chair_away:
                status = AttendanceStatus.APOLOGIES
            elif key == "supt" and index == 8:
                status = AttendanceStatus.APOLOGIES  # a substitute comes instead
            else:
                roll = self.rng.random()
                status = (
                    AttendanceStatus.PRESENT
                    if roll < 0.78
                    else AttendanceStatus.APOLOGIES
                    if roll < 0.94
                    else AttendanceStatus.ABSENT
                )
            attendance.mark(self.session, row.id, status)
        if chair_away:
            # The chair's seat role comes with the roster; today someone else chairs.
            attendance.set_role(self.session, by_person[self.person("chair").id].id, None)
        chair_key = "head_cs" if chair_away else "chair"
        chair_row = by_person[self.person(chair_key).id]
        attendance.set_role(
            self.session,
            chair_row.id,
            AttendanceRole.INTERIM_CHAIR if chair_away else AttendanceRole.CHAIR,
        )
        self.add_guest(meeting, "note_taker", AttendanceRole.NOTE_TAKER)
        presenters = {topic.presenter for topic in BOARD_TOPICS[index]}
        for key in sorted(must_attend, key=list(PEOPLE).index):
            if self.person(key).id not in by_person:
                role = AttendanceRole.PRESENTER if key in presenters else None
                self.add_guest(meeting, key, role)
        if index == 8:
            substitute = self.add_guest(meeting, "ch_insp", AttendanceRole.SUBSTITUTE)
            attendance.set_role(
                self.session,
                substitute,
                AttendanceRole.SUBSTITUTE,
                substitute_for_id=self.person("supt").id,
            )
            self.add_guest(meeting, "housing", None)
        if index in (3, 8):
            self.add_guest(meeting, "mopac", None)

    def add_guest(self, meeting: Meeting, key: str, role: AttendanceRole | None) -> int:
        name, organisation, _job = PEOPLE[key]
        row = attendance.add_attendee(
            self.session, meeting.id, f"{name}, {organisation}", role=role
        )
        return row.id

    def minute_meeting(
        self,
        meeting: Meeting,
        index: int,
        previous: Meeting | None,
        topics: dict[str, Topic],
    ) -> None:
        self.clock.set(meeting.date, 10, self.rng.randint(0, 4))
        agenda.start_meeting(self.session, meeting.id, self.clock)
        late = self.late_arrival(meeting)
        items = list(meeting.items)
        raised_at_item: dict[int, list[int]] = {}
        for position, item in enumerate(items):
            if position == 3 and late is not None:
                attendance.stamp_arrival(self.session, late, self.clock)
            text = self.standing_text(meeting, item, index, previous)
            topic = topics.get(item.title)
            if topic is not None:
                text, _lines = self.minutes_for(topic)
            if text:
                raised_at_item[item.id] = self.write_item(item, text)
            if topic is not None:
                for decision in topic.decisions:
                    item_records.add_decision(self.session, item.id, decision)
            if item.kind is ItemKind.DECLARATIONS and index in (2, 8):
                self.declare(meeting, items, index)
            allocated = item.minutes_allocated or 5
            self.clock.advance(allocated * self.rng.uniform(0.7, 1.3))
            if position == len(items) - 2 and index == 8:
                leaver = self.early_leaver(meeting)
                if leaver is not None:
                    attendance.stamp_departure(self.session, leaver, self.clock)
            if position < len(items) - 1:
                agenda.next_item(self.session, meeting.id, self.clock)
        agenda.end_meeting(self.session, meeting.id, self.clock)
        self.report_in(meeting, index)
        self.plan_ahead(meeting, index)
        self.set_due_dates(raised_at_item, index)
        next_date = BOARD_DATES[index + 1]
        item_records.set_next_meeting(
            self.session,
            meeting.id,
            item_records.NextMeeting(
                date=next_date,
                start_time=dt.time(10, 0),
                end_time=dt.time(13, 0),
                venue=IN_PERSON if (index + 1) % 3 == 1 else ONLINE,
                chair=self.names["chair"].short,
            ),
        )
        set_meeting_status(self.session, meeting.id, MeetingStatus.MINUTES_DRAFTED, self.clock)
        if previous is not None:
            approve_minutes(self.session, previous.id, self.clock, at_meeting_id=meeting.id)
            if index == 6:
                self.amend(previous, meeting)

    def late_arrival(self, meeting: Meeting) -> int | None:
        present = [
            row
            for row in meeting.attendance
            if row.is_member and row.status is AttendanceStatus.PRESENT and row.role is None
        ]
        present.sort(key=lambda row: row.position)
        return self.rng.choice(present).id if present else None

    def early_leaver(self, meeting: Meeting) -> int | None:
        present = [
            row
            for row in meeting.attendance
            if row.is_member
            and row.status is AttendanceStatus.PRESENT
            and row.role is None
            and row.arrived_at is None
        ]
        present.sort(key=lambda row: row.position)
        return present[-1].id if present else None

    def declare(self, meeting: Meeting, items: Sequence[AgendaItem], index: int) -> None:
        topical = [item for item in items if item.kind is ItemKind.TOPICAL]
        if index == 2:
            item_records.add_declaration(
                self.session,
                meeting.id,
                self.person("womens_aid").id,
                agenda_item_id=topical[0].id,
                nature="Eastmarsh Women's Aid receives funding from the drugs and alcohol "
                "treatment contract.",
                withdrew=False,
            )
        else:
            item_records.add_declaration(
                self.session,
                meeting.id,
                self.person("cllr_health").id,
                agenda_item_id=topical[-1].id,
                nature="Trustee of a local housing charity that bids for the accommodation "
                "service.",
                withdrew=True,
            )

    def standing_text(
        self, meeting: Meeting, item: AgendaItem, index: int, previous: Meeting | None
    ) -> str:
        names = self.names
        chair = names["head_cs"] if index == 4 else names["chair"]
        if item.kind is ItemKind.INTRODUCTIONS:
            return (
                f"{chair} opened the {meeting.date:%B %Y} Community Safety Partnership (CSP) "
                "board, welcomed members and noted apologies."
            )
        if item.kind is ItemKind.DECLARATIONS:
            return "" if index in (2, 8) else "No declarations of interest to note."
        if item.kind is ItemKind.PREVIOUS_MINUTES:
            return self.review_text(meeting, previous)
        if item.kind is ItemKind.FORWARD_PLAN:
            upcoming = BOARD_TOPICS[index + 1]
            lines = "\n".join(
                f"- {topic.title} ({self.names[topic.presenter].full})" for topic in upcoming
            )
            return (
                "The board reviewed the CSP forward plan and agreed the items listed for the "
                f"{BOARD_DATES[index + 1]:%B %Y} board:\n\n{lines}\n\n"
                f"ACTION: {names['note_taker'].first} to update the forward plan and circulate "
                f"it to members with the {BOARD_DATES[index + 1]:%B %Y} agenda."
            )
        if item.kind is ItemKind.ANY_OTHER_BUSINESS:
            if index % 3 != 2:
                return "No notable updates."
            return (
                f"{names['cvs' if index > 3 else 'dwp']} asked that the voluntary sector forum "
                "is invited to contribute to the next strategic assessment.\n\n"
                f"ACTION: {names['analyst'].full} to invite the voluntary sector forum to "
                "contribute data to the strategic assessment by the end of "
                f"{meeting.date + dt.timedelta(days=45):%B %Y}."
            )
        if item.kind is ItemKind.SUBGROUP_UPDATES:
            text = "Sub-group chairs presented their updates; see the sub-group reports."
            if index % 2 == 1:
                text += (
                    "\n\nThe board reminded chairs that every sub-group should report each "
                    f"quarter.\n\nACTION: {names['csp_manager'].full} to write to sub-group "
                    f"chairs who did not provide an update for the {meeting.date:%B %Y} board."
                )
            return text
        if item.kind is ItemKind.NEXT_MEETING:
            following = BOARD_DATES[index + 1]
            venue = IN_PERSON if (index + 1) % 3 == 1 else ONLINE
            return (
                f"Community Safety Partnership Board\n{uk_date(following)}, 10:00-13:00\n"
                f"{venue}\nChair: {names['chair'].short}"
            )
        return ""

    def review_text(self, meeting: Meeting, previous: Meeting | None) -> str:
        if previous is None:
            return (
                "This is the first meeting of the refreshed board; there are no previous "
                "minutes to approve."
            )

        reviews = self.session.scalars(
            select(ActionReview)
            .where(ActionReview.meeting_id == meeting.id)
            .order_by(ActionReview.position)
        ).all()
        done: list[str] = []
        outstanding: list[str] = []
        for review in reviews:
            action = review.action
            text = action.text.rstrip(".")
            if action.status is ActionStatus.COMPLETED or self.rng.random() < 0.35:
                done.append(f"- ACTION: {text} (COMPLETED).")
            else:
                outstanding.append(f"- ACTION: {text}.")
        blocks = [
            f"The minutes of the meeting held on {uk_date(previous.date)} were agreed as a "
            "correct record."
        ]
        if done:
            blocks += ["The following actions have been completed:", "\n".join(done)]
        if outstanding:
            blocks += ["The following actions remain outstanding:", "\n".join(outstanding)]
        return "\n\n".join(blocks)

    def report_in(self, meeting: Meeting, index: int) -> None:
        """Each subgroup's update: written, verbal or not provided, with a RAG rating."""
        for row in subgroups.list_reports(self.session, meeting.id):
            body = self.session.get(Body, row.subgroup_id)
            assert body is not None
            spec = next(s for s in SUBGROUPS if s[1] == body.short_name)
            roll = self.rng.random()
            if roll < 0.2 and not (index == 8 and body.short_name in ("VAWG", "HCIE")):
                continue  # no update provided by the subgroup chair
            summary = self.rng.choice(SUBGROUP_SUMMARIES[body.short_name])
            if index == 8 and body.short_name == "HCIE":
                summary += (
                    "\n\nACTION: Aisha Rahman to share the Hate Crime Awareness Week "
                    "programme with board members."
                )
            subgroups.set_summary(self.session, row.id, summary, self.clock)
            subgroups.set_status(
                self.session,
                row.id,
                ReportStatus.WRITTEN if roll < 0.75 else ReportStatus.VERBAL,
            )
            subgroups.set_author(self.session, row.id, self.names[spec[3]].full)
            rag = self.rng.choices([Rag.GREEN, Rag.AMBER, Rag.RED], weights=[5, 3, 1])[0]
            subgroups.set_rag(self.session, row.id, rag)
            if spec[4] is not None:
                subgroups.set_priorities(self.session, row.id, [self.priorities[spec[4]].id])

    def plan_ahead(self, meeting: Meeting, index: int) -> None:
        """Forward plan: next meeting's first topic is asked for here, so `create_meeting`
        schedules it; one entry deferred; entries delivered today marked done."""
        assert self.board is not None
        for entry in forward_plan.list_entries(self.session, self.board.id):
            if entry.agenda_item_id is not None and entry.status is ForwardPlanStatus.SCHEDULED:
                item = self.session.get(AgendaItem, entry.agenda_item_id)
                if item is not None and item.meeting_id == meeting.id:
                    forward_plan.set_status(self.session, entry.id, ForwardPlanStatus.DONE)
        upcoming = BOARD_TOPICS[index + 1][0]
        forward_plan.add_entry(
            self.session,
            self.board.id,
            forward_plan.EntrySpec(
                title=upcoming.title,
                presenter=self.person(upcoming.presenter).display_name,
                target_month=BOARD_DATES[index + 1].replace(day=1),
                minutes_allocated=upcoming.minutes,
                is_restricted=upcoming.restricted,
            ),
            raised_at_meeting_id=meeting.id,
        )
        if index == 5:
            deferred = forward_plan.add_entry(
                self.session,
                self.board.id,
                forward_plan.EntrySpec(
                    title="Resettlement and housing for prison leavers",
                    presenter=self.person("probation").display_name,
                    target_month=BOARD_DATES[7].replace(day=1),
                    minutes_allocated=15,
                ),
                raised_at_meeting_id=meeting.id,
            )
            forward_plan.defer_entry(
                self.session,
                deferred,
                self.clock,
                to_month=BOARD_DATES[8].replace(day=1),
                reason="the accommodation pathway evaluation reports in August",
            )
        if index == 8:
            held_over = forward_plan.add_entry(
                self.session,
                self.board.id,
                forward_plan.EntrySpec(
                    title="Serious Violence Duty: year two strategy",
                    presenter=self.person("vru").display_name,
                    target_month=BOARD_DATES[9].replace(day=1),
                    minutes_allocated=20,
                    is_restricted=True,
                ),
                raised_at_meeting_id=meeting.id,
            )
            forward_plan.defer_entry(
                self.session,
                held_over,
                self.clock,
                to_month=dt.date(2027, 3, 1),
                reason="the VRU's London-wide review will not report until February",
            )
            for title, presenter, month in (
                ("Women's safety audit of Eastmarsh Town Centre", "vawg_lead", dt.date(2027, 3, 1)),
                ("Combating Drugs Partnership annual report", "public_health", dt.date(2027, 3, 1)),
                ("Youth Safety Summit 2027 findings", "youth_charity", dt.date(2027, 6, 1)),
            ):
                forward_plan.add_entry(
                    self.session,
                    self.board.id,
                    forward_plan.EntrySpec(
                        title=title,
                        presenter=self.person(presenter).display_name,
                        target_month=month,
                        minutes_allocated=15,
                    ),
                    raised_at_meeting_id=meeting.id,
                )

    def set_due_dates(self, raised: dict[int, list[int]], index: int) -> None:
        due = BOARD_DATES[index + 1]
        for action_ids in raised.values():
            for action_id in action_ids:
                if self.rng.random() < 0.6:
                    action_service.set_action_fields(
                        self.session,
                        action_id,
                        self.clock,
                        due_date=due - dt.timedelta(days=14),
                        due_text=f"Before the {due:%B %Y} board",
                    )

    def amend(self, approved: Meeting, at: Meeting) -> None:
        item = next(i for i in approved.items if i.kind is ItemKind.INTRODUCTIONS)
        amend_minutes(
            self.session,
            item.id,
            item.minutes_text + f" Apologies were also received from {self.names['cvs'].full}.",
            f"Confirmed as correct at the meeting of {uk_date(at.date)} with the addition of "
            f"{self.names['cvs'].full}'s apologies.",
            self.clock,
            agreed_at_meeting_id=at.id,
        )

    # --------------------------------------------------------------------- subgroups

    def run_subgroup_meetings(self) -> int:
        count = 0
        plans = {
            "VAWG": [
                dt.date(2025, 10, 8),
                dt.date(2026, 1, 14),
                dt.date(2026, 4, 15),
                dt.date(2026, 7, 8),
            ],
            "IVOLT": [dt.date(2026, 2, 4), dt.date(2026, 5, 6), dt.date(2026, 8, 5)],
        }
        for short, dates in plans.items():
            body = self.bodies[short]
            previous: Meeting | None = None
            for number, date in enumerate(dates):
                self.clock.set(date - dt.timedelta(days=14))
                meeting = create_meeting(self.session, body.id, date, self.clock)
                topic = SUBGROUP_TOPICS[short][number % len(SUBGROUP_TOPICS[short])]
                self.add_topic(meeting, topic)
                self.session.refresh(meeting)
                for row in attendance.roster(self.session, meeting.id):
                    roll = self.rng.random()
                    attendance.mark(
                        self.session,
                        row.id,
                        AttendanceStatus.PRESENT if roll < 0.8 else AttendanceStatus.APOLOGIES,
                    )
                chair = next(
                    row
                    for row in attendance.roster(self.session, meeting.id)
                    if row.person_id == self.person(SUBGROUP_CHAIRS[short]).id
                )
                attendance.mark(self.session, chair.id, AttendanceStatus.PRESENT)
                attendance.set_role(self.session, chair.id, AttendanceRole.CHAIR)
                self.add_guest(meeting, "note_taker", AttendanceRole.NOTE_TAKER)
                self.clock.set(date, 14, 0)
                agenda.start_meeting(self.session, meeting.id, self.clock)
                for position, item in enumerate(meeting.items):
                    if item.title == topic.title:
                        text, _ = self.minutes_for(topic)
                    else:
                        text = self.subgroup_standing_text(item, previous, meeting)
                    if text:
                        self.write_item(item, text)
                    self.clock.advance((item.minutes_allocated or 5) * self.rng.uniform(0.7, 1.2))
                    if position < len(meeting.items) - 1:
                        agenda.next_item(self.session, meeting.id, self.clock)
                agenda.end_meeting(self.session, meeting.id, self.clock)
                set_meeting_status(
                    self.session, meeting.id, MeetingStatus.MINUTES_DRAFTED, self.clock
                )
                if previous is not None:
                    approve_minutes(self.session, previous.id, self.clock, at_meeting_id=meeting.id)
                previous = meeting
                count += 1
        return count

    def subgroup_standing_text(
        self, item: AgendaItem, previous: Meeting | None, meeting: Meeting
    ) -> str:
        if item.kind is ItemKind.INTRODUCTIONS:
            return "The chair welcomed members and apologies were noted."
        if item.kind is ItemKind.DECLARATIONS:
            return "No declarations of interest to note."
        if item.kind is ItemKind.PREVIOUS_MINUTES:
            return self.review_text(meeting, previous)
        if item.kind is ItemKind.ANY_OTHER_BUSINESS:
            return "No notable updates."
        return ""


SUBGROUP_CHAIRS = {spec[1]: spec[3] for spec in SUBGROUPS}


def _owner_keys(index: int) -> set[str]:
    """Everyone who presents or is named as an action owner at board meeting `index`:
    they are in the room, so their ACTION lines match them."""
    keys = {"note_taker"}
    for topic in BOARD_TOPICS[index]:
        keys.add(topic.presenter)
        for owners, _task in topic.actions:
            keys.update(re.findall(r"\{(\w+)\.", owners))
    if index % 3 == 2:
        keys.add("analyst")  # named in that meeting's any-other-business action
    return keys


# fmt: off
SUBGROUP_TOPICS: dict[str, list[Topic]] = {
    "VAWG": [
        Topic("MARAC performance", "idva", 20,
              ("{idva} presented MARAC performance for the quarter.",),
              ("{n3} cases heard; repeat referrals at {p1}%.",
               "Average IDVA caseload: {n3} per worker."),
              ("{dci} noted the police referral rate is rising after training.",),
              (("{idva.full}", "share the MARAC dataset with the subgroup before each meeting"),)),
        Topic("Safe spaces scheme", "vawg_lead", 15,
              ("{vawg_lead} updated on businesses joining the safe spaces scheme.",),
              ("{rank} businesses signed up; training delivered to {n3} staff.",),
              (),
              (("{vawg_lead.first}", "write to the town centre business forum about the scheme"),)),
        Topic("Refuge capacity and waiting list", "womens_aid", 15,
              ("{womens_aid} presented refuge capacity and the waiting list.",),
              ("{n3} women waiting for a place at the end of the quarter.",),
              ("{housing} offered a monthly case review with housing options.",),
              (("{housing.full} and {womens_aid.full}", "hold a monthly refuge move-on review"),),
              restricted=True),
        Topic("Domestic abuse perpetrator programme", "dci", 15,
              ("{dci} presented the first results of the perpetrator programme.",),
              ("{n3} referrals; {p1}% completed the course.",),
              (),
              (("{dci.full} and {vawg_lead.full}", "report re-referral rates for programme "
                "completers"),)),
    ],
    "IVOLT": [
        Topic("Hotspot tasking review", "inspector", 20,
              ("{inspector} reviewed the month's hotspots from the weekly tasking meeting.",),
              ("Robbery down {p1}% in Town Centre ward.", "ASB calls: {n2} this quarter."),
              (),
              (("{inspector.full} and {asb.full}", "run a joint weekend operation in the two "
                "parks"),)),
        Topic("Fire setting and arson data", "lfb", 15,
              ("{lfb} presented the quarter's deliberate fire data.",),
              ("{n3} deliberate fires, mostly refuse and grass.",),
              (),
              (("{lfb.full}", "share arson hotspot maps with the ASB team"),)),
        Topic("Licensed premises review", "asb", 15,
              ("{asb} reviewed violence and disorder linked to licensed premises.",),
              ("{rank} premises account for most late-night incidents.",),
              (),
              (("{asb.full}", "arrange licensing visits to the three highest-risk premises"),)),
    ],
}

PROGRESS_NOTES = (
    "Meeting arranged for later this month.",
    "Draft shared with partners for comment.",
    "Data received from two of three partners; chasing the third.",
    "Owner on leave; update expected at the next board.",
    "Work started; first findings due before the board.",
)
# fmt: on


def count_meetings(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Meeting)) or 0


def count_bodies(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Body)) or 0


def build_demo(session: Session, *, seed: int = DEMO_SEED) -> DemoSummary:
    """Fill an empty database with the demo archive (flushed, not committed).

    The demo keeps its own time, so the archive is the same whenever it is built.
    """
    clock = _DemoClock(dt.datetime(2024, 4, 1, 9, 0))
    demo = _Demo(session=session, clock=clock, rng=random.Random(seed))
    demo.set_up()
    previous: Meeting | None = None
    boards: list[Meeting] = []
    for index in range(len(BOARD_DATES)):
        meeting = demo.run_board_meeting(index, previous)
        boards.append(meeting)
        previous = meeting
    subgroup_meetings = demo.run_subgroup_meetings()
    session.flush()
    # The plan, milestones, linked actions and chases (issue 17), added after the meetings.
    from csp_desktop.services.demo_plan import add_demo_plan

    add_demo_plan(session, PLAN, "Eastmarsh Community Safety Partnership Plan 2023-2026")
    richest = boards[-2]
    return DemoSummary(
        bodies=session.scalar(select(func.count()).select_from(Body)) or 0,
        people=session.scalar(select(func.count()).select_from(Person)) or 0,
        meetings=len(boards) + subgroup_meetings,
        board_meetings=len(boards),
        actions=session.scalar(select(func.count()).select_from(Action)) or 0,
        richest_meeting_id=richest.id,
        richest_label=f"{richest.body.name}, {uk_date(richest.date)}",
    )


def attendance_rows(meeting: Meeting) -> list[Attendance]:
    """The meeting's attendance in roster order (a helper for the demo's tests)."""
    return sorted(meeting.attendance, key=lambda row: (row.position, row.id))

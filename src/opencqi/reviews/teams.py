"""Review teams: who sits on which team and which team reviews which case (PQCR Process Guide
IV.H-J, V.H-J and the CDSS/CWDA guidelines on host-county staff).

Team assignment is a constraint problem. `build_teams` proposes a plan that keeps every hard
rule it can; `plan_problems` checks any plan (proposed or edited by hand) and names each rule
it breaks, so the page can say what is still wrong.

The rules (RULES):
- every interviewer signs a confidentiality statement before seeing case material: the plan
  may hold someone who has not signed yet (they see no case material until they do), and says
  so;
- a former employee of the host county only with the host's consent;
- host-county staff only if both co-chairs agreed beforehand and once they are trained
  (training date recorded), and then only as timekeeper or observer;
- host-county staff not from the interviewee's region, where practical;
- no member familiar with the case; no member in a supervisory relationship with the
  interviewee;
- 2 to 4 members per team, two of them from peer counties (an interviewer and a recorder);
- no more cases than a team can interview in the event week.

Balanced composition: peer reviewers are dealt to the teams in turn, sorted by background
(supervisors, social workers, probation officers ...) and county, so each team gets a mix; at
most one host-county staff member per team.

Plain Python: no Django.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

ROTATING = "rotating"
TIMEKEEPER = "timekeeper"
OBSERVER = "observer"
ROLE_LABELS = {
    ROTATING: "Interviewer, recorder or timekeeper (rotating)",
    TIMEKEEPER: "Timekeeper",
    OBSERVER: "Observer",
}
HOST_STAFF_ROLES = (TIMEKEEPER, OBSERVER)

RULES = {
    "confidentiality": "Every interviewer signs a confidentiality statement before seeing case "
    "material",
    "former_employee": "No former host-county employee without the host's consent",
    "host_staff_agreement": "Host-county staff only when both co-chairs agreed beforehand",
    "host_staff_training": "Host-county staff only once trained (training date recorded)",
    "host_staff_role": "Host-county staff only as timekeeper or observer",
    "host_staff_region": "Host-county staff not from the interviewee's region, where practical",
    "familiar_with_case": "No team member familiar with the case",
    "supervises_interviewee": "No team member in a supervisory relationship with the interviewee",
    "team_size": "Teams of 2 to 4 members, two of them from peer counties",
    "team_capacity": "No more cases than the team can interview",
}
# Rules whose breach keeps a case away from a team (the others are reported only).
CASE_HARD_RULES = ("familiar_with_case", "supervises_interviewee")


@dataclass(frozen=True)
class Reviewer:
    key: int | str
    name: str
    county: str
    region: str
    background: str
    is_host_staff: bool = False
    former_host_employee: bool = False
    host_consent: bool = False
    trained: bool = False
    confidentiality_signed: bool = False
    supervises: frozenset[str] = frozenset()  # worker ids of interviewees, either direction
    knows_cases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CaseToReview:
    case_id: str
    worker_id: str
    stratum: str = ""
    worker_region: str = ""


@dataclass(frozen=True)
class Problem:
    rule: str
    subject: str
    message: str

    @property
    def rule_label(self) -> str:
        return RULES[self.rule]


@dataclass
class TeamPlan:
    teams: list[list]  # reviewer keys per team, team 1 first
    roles: dict  # reviewer key -> ROTATING, TIMEKEEPER or OBSERVER
    assignments: dict[str, int]  # case id -> team index (0-based)
    left_out: list = field(default_factory=list)  # reviewer keys on no team
    problems: list[Problem] = field(default_factory=list)


def exclusion_reason(reviewer: Reviewer, host_staff_agreed: bool) -> Problem | None:
    """Why a reviewer may not sit on any team, or None."""
    if reviewer.former_host_employee and not reviewer.host_consent:
        return Problem(
            "former_employee",
            reviewer.name,
            f"{reviewer.name} is a former host-county employee and the host has not consented: "
            "left off the teams. Record the consent to include them.",
        )
    if reviewer.is_host_staff and not host_staff_agreed:
        return Problem(
            "host_staff_agreement",
            reviewer.name,
            f"{reviewer.name} is host-county staff and the co-chairs have not recorded their "
            "agreement to host-county staff on teams: left off the teams.",
        )
    if reviewer.is_host_staff and not reviewer.trained:
        return Problem(
            "host_staff_training",
            reviewer.name,
            f"{reviewer.name} is host-county staff without a recorded training date: left off "
            "the teams until trained.",
        )
    return None


def case_conflicts(members: Sequence[Reviewer], case: CaseToReview) -> list[Problem]:
    """The rules a team of `members` would break by reviewing `case`."""
    problems = []
    for member in members:
        if case.case_id in member.knows_cases:
            problems.append(
                Problem(
                    "familiar_with_case",
                    case.case_id,
                    f"{member.name} is familiar with case {case.case_id}.",
                )
            )
        if case.worker_id in member.supervises:
            problems.append(
                Problem(
                    "supervises_interviewee",
                    case.case_id,
                    f"{member.name} has a supervisory relationship with the interviewee of case "
                    f"{case.case_id}.",
                )
            )
        if (
            member.is_host_staff
            and case.worker_region
            and member.region.casefold() == case.worker_region.casefold()
        ):
            problems.append(
                Problem(
                    "host_staff_region",
                    case.case_id,
                    f"{member.name} (host-county staff) is from the interviewee's region "
                    f"({case.worker_region}) for case {case.case_id}.",
                )
            )
    return problems


def default_team_count(peer_count: int, max_size: int, min_peer_members: int) -> int:
    """About three peer reviewers per team, no more than fit, and two peers on each team."""
    wanted = max(math.ceil(peer_count / 3), math.ceil(peer_count / max_size))
    return max(1, min(wanted, peer_count // min_peer_members))


def build_teams(
    reviewers: Sequence[Reviewer],
    cases: Sequence[CaseToReview],
    *,
    min_size: int,
    max_size: int,
    min_peer_members: int,
    cases_per_team: int,
    host_staff_agreed: bool,
    team_count: int | None = None,
    background_order: Sequence[str] = (),
) -> TeamPlan:
    """Teams and case assignments that keep every hard rule possible; the rest is reported."""
    excluded, peers, host_staff = [], [], []
    for reviewer in reviewers:
        reason = exclusion_reason(reviewer, host_staff_agreed)
        if reason:
            excluded.append((reviewer, reason))
        elif reviewer.is_host_staff:
            host_staff.append(reviewer)
        else:
            peers.append(reviewer)
    count = team_count or default_team_count(len(peers), max_size, min_peer_members)
    teams: list[list[Reviewer]] = [[] for _ in range(count)]
    order = {key: i for i, key in enumerate(background_order)}
    peers.sort(key=lambda r: (order.get(r.background, len(order)), r.background, r.county, r.name))
    left_out = [r for r, _ in excluded]
    for i, reviewer in enumerate(peers):
        _deal(teams, reviewer, i, max_size, left_out)
    for reviewer in sorted(host_staff, key=lambda r: r.name):
        room = [t for t in teams if len(t) < max_size and not any(m.is_host_staff for m in t)]
        if room:
            min(room, key=len).append(reviewer)
        else:
            left_out.append(reviewer)
    roles = {r.key: (TIMEKEEPER if r.is_host_staff else ROTATING) for t in teams for r in t}
    assignments, unassigned = assign_cases(teams, cases, cases_per_team)
    plan = TeamPlan(
        teams=[[r.key for r in team] for team in teams],
        roles=roles,
        assignments=assignments,
        left_out=[r.key for r in left_out],
    )
    by_key = {r.key: r for r in reviewers}
    plan.problems = [p for _, p in excluded]
    for reviewer in left_out:
        if all(reviewer is not r for r, _ in excluded):
            plan.problems.append(
                Problem(
                    "team_size",
                    reviewer.name,
                    f"{reviewer.name} is on no team: every team already has {max_size} members "
                    "(or a host-county member). Add a team to include them.",
                )
            )
    plan.problems += unassigned
    plan.problems += plan_problems(
        plan,
        by_key,
        {c.case_id: c for c in cases},
        min_size=min_size,
        max_size=max_size,
        min_peer_members=min_peer_members,
        cases_per_team=cases_per_team,
        host_staff_agreed=host_staff_agreed,
    )
    return plan


def _deal(teams, reviewer, index, max_size, left_out):
    """Snake order (1, 2, 3, 3, 2, 1, ...) keeps the backgrounds spread over the teams."""
    count = len(teams)
    turn, position = divmod(index, count)
    candidates = [position if turn % 2 == 0 else count - 1 - position]
    candidates += sorted(range(count), key=lambda i: len(teams[i]))
    for i in candidates:
        if len(teams[i]) < max_size:
            teams[i].append(reviewer)
            return
    left_out.append(reviewer)


def assign_cases(
    teams: Sequence[Sequence[Reviewer]], cases: Sequence[CaseToReview], cases_per_team: int
) -> tuple[dict[str, int], list[Problem]]:
    """Each case, in order, to the least-loaded team that breaks no hard rule for it.

    Among those, a team without a soft conflict (host-county staff from the interviewee's
    region) and with fewer cases of the same stratum is preferred.
    """
    assignments: dict[str, int] = {}
    load = [0] * len(teams)
    by_stratum = [dict() for _ in teams]
    problems = []
    for case in cases:
        options = []
        hard_seen = []
        for i, members in enumerate(teams):
            if not members:
                continue
            conflicts = case_conflicts(members, case)
            hard = [p for p in conflicts if p.rule in CASE_HARD_RULES]
            if hard:
                hard_seen += hard
                continue
            if load[i] >= cases_per_team:
                continue
            options.append((len(conflicts), load[i], by_stratum[i].get(case.stratum, 0), i))
        if not options:
            if hard_seen:
                rules = sorted({p.rule for p in hard_seen})
                problems.append(
                    Problem(
                        rules[0],
                        case.case_id,
                        f"Case {case.case_id} is not assigned: every team with room has a "
                        "member familiar with the case or supervising its interviewee ("
                        + "; ".join(p.message for p in hard_seen)
                        + ")",
                    )
                )
            else:
                problems.append(
                    Problem(
                        "team_capacity",
                        case.case_id,
                        f"Case {case.case_id} is not assigned: every team already has "
                        f"{cases_per_team} cases. Add a team or an interview day.",
                    )
                )
            continue
        team = min(options)[3]
        assignments[case.case_id] = team
        load[team] += 1
        by_stratum[team][case.stratum] = by_stratum[team].get(case.stratum, 0) + 1
    return assignments, problems


def plan_problems(
    plan: TeamPlan,
    reviewers: dict,
    cases: dict[str, CaseToReview],
    *,
    min_size: int,
    max_size: int,
    min_peer_members: int,
    cases_per_team: int,
    host_staff_agreed: bool,
) -> list[Problem]:
    """Every rule the plan breaks, team by team and case by case."""
    problems = []
    for number, keys in enumerate(plan.teams, start=1):
        members = [reviewers[k] for k in keys]
        peers = [m for m in members if not m.is_host_staff]
        if not min_size <= len(members) <= max_size or len(peers) < min_peer_members:
            problems.append(
                Problem(
                    "team_size",
                    f"Team {number}",
                    f"Team {number} has {len(members)} members, {len(peers)} from peer "
                    f"counties: a team needs {min_size} to {max_size}, {min_peer_members} of "
                    "them from peer counties.",
                )
            )
        for member in members:
            if not member.confidentiality_signed:
                problems.append(
                    Problem(
                        "confidentiality",
                        member.name,
                        f"{member.name} has not signed the confidentiality statement: they see "
                        "no case material until they do.",
                    )
                )
            reason = exclusion_reason(member, host_staff_agreed)
            if reason:
                problems.append(reason)
            if member.is_host_staff and plan.roles.get(member.key) not in HOST_STAFF_ROLES:
                problems.append(
                    Problem(
                        "host_staff_role",
                        member.name,
                        f"{member.name} is host-county staff: make them timekeeper or observer.",
                    )
                )
        assigned = [c for c, team in plan.assignments.items() if team == number - 1]
        if len(assigned) > cases_per_team:
            problems.append(
                Problem(
                    "team_capacity",
                    f"Team {number}",
                    f"Team {number} has {len(assigned)} cases; it can interview "
                    f"{cases_per_team} in the event week.",
                )
            )
        for case_id in assigned:
            problems += case_conflicts(members, cases[case_id])
    return problems

"""Team builder: every rule of peer-review.md section 2, each with a case that would break it."""

from opencqi.reviews.teams import (
    OBSERVER,
    ROTATING,
    TIMEKEEPER,
    CaseToReview,
    Reviewer,
    TeamPlan,
    build_teams,
    default_team_count,
    plan_problems,
)

LIMITS = {"min_size": 2, "max_size": 4, "min_peer_members": 2}


def peer(key, background="social_worker", county="Madera", **facts):
    return Reviewer(
        key=key,
        name=f"Reviewer {key}",
        county=county,
        region="Central",
        background=background,
        confidentiality_signed=True,
        **facts,
    )


def host(key, region="North office", **facts):
    facts = {"trained": True, **facts}
    return Reviewer(
        key=key,
        name=f"Host {key}",
        county="Fresno",
        region=region,
        background="social_worker",
        is_host_staff=True,
        confidentiality_signed=True,
        **facts,
    )


def cases(count, region=""):
    return [CaseToReview(f"C{i}", f"W{i}", "achieved", region) for i in range(count)]


def build(reviewers, review_cases=(), agreed=True, per_team=12, **options):
    return build_teams(
        reviewers,
        list(review_cases),
        cases_per_team=per_team,
        host_staff_agreed=agreed,
        **(LIMITS | options),
    )


def rules_of(plan):
    return {p.rule for p in plan.problems}


def members_of(plan):
    return {key for team in plan.teams for key in team}


def test_a_clean_plan_reports_nothing():
    plan = build([peer(i) for i in range(6)], cases(6))
    assert plan.problems == []
    assert [len(t) for t in plan.teams] == [3, 3]
    assert len(plan.assignments) == 6


def test_teams_are_two_to_four_with_two_peer_members():
    assert default_team_count(9, 4, 2) == 3
    assert default_team_count(16, 4, 2) == 6
    assert default_team_count(3, 4, 2) == 1
    plan = build([peer(i) for i in range(10)])
    assert all(2 <= len(t) <= 4 for t in plan.teams)


def test_a_lone_peer_reviewer_is_a_team_too_small_and_reported():
    plan = build([peer(1)], cases(1))
    assert "team_size" in rules_of(plan)


def test_a_requested_team_count_that_overfills_teams_reports_who_is_left_out():
    plan = build([peer(i) for i in range(9)], team_count=2)
    assert len(members_of(plan)) == 8
    assert "team_size" in rules_of(plan)
    assert len(plan.left_out) == 1


def test_backgrounds_are_spread_over_the_teams():
    reviewers = [peer(i, "cws_supervisor") for i in range(2)]
    reviewers += [peer(i + 2, "probation_officer") for i in range(2)]
    reviewers += [peer(i + 4, "social_worker") for i in range(2)]
    plan = build(reviewers, background_order=["cws_supervisor", "social_worker"])
    by_key = {r.key: r for r in reviewers}
    for team in plan.teams:
        assert len({by_key[k].background for k in team}) == 3


def test_unsigned_confidentiality_statement_is_reported():
    unsigned = Reviewer(1, "Unsigned", "Madera", "Central", "social_worker")
    plan = build([unsigned, peer(2)])
    [problem] = [p for p in plan.problems if p.rule == "confidentiality"]
    assert "Unsigned has not signed" in problem.message


def test_former_host_employee_without_consent_is_left_off():
    former = peer(1, former_host_employee=True)
    plan = build([former, peer(2), peer(3)])
    assert 1 not in members_of(plan)
    assert "former_employee" in rules_of(plan)


def test_former_host_employee_with_consent_may_serve():
    former = peer(1, former_host_employee=True, host_consent=True)
    plan = build([former, peer(2), peer(3)])
    assert 1 in members_of(plan)
    assert plan.problems == []


def test_host_staff_without_the_co_chairs_agreement_are_left_off():
    plan = build([peer(1), peer(2), host(3)], agreed=False)
    assert 3 not in members_of(plan)
    assert "host_staff_agreement" in rules_of(plan)


def test_untrained_host_staff_are_left_off():
    plan = build([peer(1), peer(2), host(3, trained=False)])
    assert 3 not in members_of(plan)
    assert "host_staff_training" in rules_of(plan)


def test_host_staff_only_keep_time_or_observe():
    plan = build([peer(1), peer(2), host(3)])
    assert plan.roles[3] == TIMEKEEPER
    assert plan.roles[1] == ROTATING
    edited = TeamPlan(plan.teams, {**plan.roles, 3: ROTATING}, plan.assignments)
    reviewers = {r.key: r for r in [peer(1), peer(2), host(3)]}
    problems = plan_problems(edited, reviewers, {}, **check())
    assert [p.rule for p in problems] == ["host_staff_role"]
    edited.roles[3] = OBSERVER
    assert plan_problems(edited, reviewers, {}, **check()) == []


def check():
    return LIMITS | {"cases_per_team": 12, "host_staff_agreed": True}


def test_at_most_one_host_staff_member_per_team():
    plan = build([peer(1), peer(2), peer(3), peer(4), host(5), host(6), host(7)])
    assert len(plan.teams) == 2
    assert len(plan.left_out) == 1
    for team in plan.teams:
        assert sum(1 for k in team if k in (5, 6, 7)) == 1


def test_a_case_goes_to_a_team_with_no_member_familiar_with_it():
    knows = peer(1, knows_cases=frozenset({"C0"}))
    plan = build([knows, peer(2), peer(3), peer(4)], cases(1), team_count=2)
    team_of_case = plan.assignments["C0"]
    assert 1 not in plan.teams[team_of_case]
    assert plan.problems == []


def test_a_case_every_team_knows_is_left_unassigned_and_reported():
    reviewers = [peer(i, knows_cases=frozenset({"C0"})) for i in range(4)]
    plan = build(reviewers, cases(1), team_count=2)
    assert "C0" not in plan.assignments
    assert "familiar_with_case" in rules_of(plan)


def test_a_case_goes_to_a_team_without_the_interviewees_supervisor():
    supervisor = peer(1, supervises=frozenset({"W0"}))
    plan = build([supervisor, peer(2), peer(3), peer(4)], cases(1), team_count=2)
    assert 1 not in plan.teams[plan.assignments["C0"]]
    assert plan.problems == []


def test_a_case_every_team_supervises_is_reported():
    reviewers = [peer(i, supervises=frozenset({"W0"})) for i in range(2)]
    plan = build(reviewers, cases(1))
    assert "C0" not in plan.assignments
    assert "supervises_interviewee" in rules_of(plan)


def test_host_staff_avoid_cases_from_their_own_region_where_practical():
    reviewers = [peer(1), peer(2), peer(3), peer(4), host(5, region="North office")]
    plan = build(reviewers, cases(1, region="North office"), team_count=2)
    assert 5 not in plan.teams[plan.assignments["C0"]]
    assert plan.problems == []


def test_host_staff_from_the_interviewees_region_is_reported_when_unavoidable():
    reviewers = [peer(1), peer(2), host(5, region="North office")]
    plan = build(reviewers, cases(1, region="north office"))
    assert plan.assignments == {"C0": 0}
    assert "host_staff_region" in rules_of(plan)


def test_cases_beyond_team_capacity_are_reported():
    plan = build([peer(1), peer(2)], cases(3), per_team=2)
    assert len(plan.assignments) == 2
    assert "team_capacity" in rules_of(plan)


def test_cases_are_spread_evenly_over_teams():
    plan = build([peer(i) for i in range(6)], cases(7))
    loads = [list(plan.assignments.values()).count(t) for t in range(2)]
    assert sorted(loads) == [3, 4]

"""The event week and the findings: the steps that read the records, call the rules
(instruments, capture, names, themes) and write the results back. Views call one function of
this module each; the rules stay in the plain modules.
"""

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from opencqi.reviews import capture, categories, instruments, names, themes
from opencqi.reviews.event_models import (
    Answer,
    DailyDebrief,
    DebriefItem,
    EventSettings,
    FlagDismissal,
    InstrumentTemplate,
    ReportSection,
    ReviewInstrument,
    Source,
    Theme,
)
from opencqi.reviews.models import Review
from opencqi.reviews.planning import PlanningError, StaleEdit


class EventError(PlanningError):
    """A step cannot be taken; the message says why and what to do."""


# -- tools -------------------------------------------------------------------------------------


def latest_template(programme: str, kind: str) -> InstrumentTemplate:
    """The newest template of a tool; the shipped one becomes version 1 the first time."""
    template = InstrumentTemplate.objects.filter(programme=programme, kind=kind).first()
    if template is None:
        definition = instruments.shipped_templates(programme)[kind]
        try:
            with transaction.atomic():
                template = InstrumentTemplate.objects.create(
                    programme=programme, kind=kind, definition=definition, note="As shipped"
                )
        except IntegrityError:  # loaded at the same moment by another request
            template = InstrumentTemplate.objects.filter(programme=programme, kind=kind).first()
    return template


def review_tools(review: Review) -> dict[str, ReviewInstrument]:
    """kind -> the review's copy of each tool, copied from the latest templates when missing."""
    tools = {tool.kind: tool for tool in review.instruments.all()}
    for kind in instruments.KIND_LABELS:
        if kind not in tools:
            template = latest_template(review.programme, kind)
            tools[kind], _ = ReviewInstrument.objects.get_or_create(
                review=review,
                kind=kind,
                defaults={
                    "template": template,
                    "template_version": template.version,
                    "definition": template.definition,
                },
            )
    return {kind: tools[kind] for kind in instruments.KIND_LABELS}


def tool_in_use(copy: ReviewInstrument) -> bool:
    """A tool with recorded answers (or debrief items) is no longer adapted."""
    if copy.kind == instruments.DEBRIEF:
        return (
            Answer.objects.filter(source__review=copy.review_id, instrument=copy.kind).exists()
            or copy.review.debrief_items.exists()
        )
    if copy.kind == instruments.CASE_SUMMARY:
        return Answer.objects.filter(
            case__sample__review=copy.review_id, instrument=copy.kind
        ).exists()
    return Answer.objects.filter(source__review=copy.review_id, instrument=copy.kind).exists()


def adapt_tool(copy: ReviewInstrument, tool: instruments.Tool, version: int, user) -> None:
    """Save an adapted copy, unless someone changed it meanwhile or answers exist."""
    if tool_in_use(copy):
        raise EventError(
            f"The {copy.label.lower()} already has recorded answers: it can no longer change."
        )
    updated = ReviewInstrument.objects.filter(pk=copy.pk, version=version).update(
        definition=instruments.tool_data(tool),
        version=F("version") + 1,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if not updated:
        raise StaleEdit(
            f"Someone else changed the {copy.label.lower()} since you opened it: reload the page "
            "and make your change again."
        )


# -- sources -----------------------------------------------------------------------------------


def ensure_sources(review: Review) -> list[Source]:
    """An interview per scheduled interview of a selected case, a focus group per focus group;
    kept when the schedule changes."""
    have_cases = set(review.sources.exclude(case=None).values_list("case_id", flat=True))
    have_groups = set(
        review.sources.exclude(focus_group=None).values_list("focus_group_id", flat=True)
    )
    slots = review.slots.filter(kind__in=["interview", "focus_group"]).select_related(
        "case", "team", "interviewee", "focus_group"
    )
    for slot in slots:
        try:
            with transaction.atomic():
                if slot.case_id and slot.case_id not in have_cases:
                    Source.objects.create(
                        review=review,
                        kind=themes.INTERVIEW,
                        case=slot.case,
                        label=slot.case.case_id,
                        team=slot.team,
                        interviewee=slot.interviewee,
                        day=slot.day,
                    )
                    have_cases.add(slot.case_id)
                elif slot.focus_group_id and slot.focus_group_id not in have_groups:
                    Source.objects.create(
                        review=review,
                        kind=themes.FOCUS_GROUP,
                        focus_group=slot.focus_group,
                        label=slot.focus_group.name,
                        day=slot.day,
                    )
                    have_groups.add(slot.focus_group_id)
        except IntegrityError:  # created by a concurrent request
            continue
    return list(review.sources.select_related("team", "case", "interviewee", "focus_group"))


# -- answers (per field, compare-and-swap) -----------------------------------------------------


@dataclass
class SaveResult:
    outcome: str  # capture.SAVED, UNCHANGED or CONFLICT
    value: object  # what is stored now
    version: int  # the stored version
    by: str = ""  # who stored it
    at: object = None


def stored_answers(owner: dict, instrument: str) -> dict[str, Answer]:
    return {a.question: a for a in Answer.objects.filter(**owner, instrument=instrument)}


def save_answer(owner: dict, instrument: str, question, raw, version: int, user) -> SaveResult:
    """Save one field over `version` (0: not answered yet when the typist started).
    `owner` is {"source": source} or {"case": case}. A conflict writes nothing."""
    value = instruments.clean_answer(question, raw)
    where = {**owner, "instrument": instrument, "question": question.key}
    with transaction.atomic():
        if version == 0:
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(**where, value=value, updated_by=user)
                return SaveResult(
                    capture.SAVED, value, answer.version, _who(user), answer.updated_at
                )
            except IntegrityError:
                pass  # a teammate answered first: decide below
        else:
            updated = Answer.objects.filter(**where, version=version).update(
                value=value, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
            )
            if updated:
                answer = Answer.objects.get(**where)
                return SaveResult(
                    capture.SAVED, value, answer.version, _who(user), answer.updated_at
                )
        answer = Answer.objects.select_related("updated_by").filter(**where).first()
        stored = capture.Stored(answer.value, answer.version) if answer else None
        outcome = capture.decide(stored, value, version)
        if answer is None:  # the answer was removed meanwhile: store this one
            answer = Answer.objects.create(**where, value=value, updated_by=user)
            return SaveResult(capture.SAVED, value, answer.version, _who(user), answer.updated_at)
        return SaveResult(
            outcome, answer.value, answer.version, _who(answer.updated_by), answer.updated_at
        )


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


# -- debrief items -----------------------------------------------------------------------------


def add_item(source: Source, *, category, scope, text, token, user) -> tuple[DebriefItem, bool]:
    """Add a debrief item once: a form sent twice (same token) finds the first."""
    try:
        with transaction.atomic():
            item = DebriefItem.objects.create(
                review=source.review,
                source=source,
                category=category,
                scope=scope,
                text=text.strip(),
                token=token,
                created_by=user,
                updated_by=user,
            )
            return item, True
    except IntegrityError:
        return DebriefItem.objects.get(token=token), False


def save_item(item: DebriefItem, *, category, scope, text, version, user) -> None:
    updated = DebriefItem.objects.filter(pk=item.pk, version=version).update(
        category=category,
        scope=scope,
        text=text.strip(),
        version=F("version") + 1,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if not updated:
        current = DebriefItem.objects.get(pk=item.pk)
        if (current.category, current.scope, current.text) == (category, scope, text.strip()):
            return
        raise StaleEdit(
            "A teammate changed this item since you opened it. Theirs now reads: "
            f"“{current.text}” ({current.category_label}, {current.scope_label}). "
            "Copy what you need, reload and edit again."
        )


# -- versioned texts (daily debrief, report narrative) -----------------------------------------


def save_text(model, where: dict, field: str, text: str, version: int, user):
    """Save a text that several people may edit over `version`; a stale save is refused naming
    the text that is there now. Returns the stored row."""
    with transaction.atomic():
        row, _ = model.objects.get_or_create(**where)
        updated = model.objects.filter(pk=row.pk, version=version).update(
            **{field: text}, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
        )
        row.refresh_from_db()
    if not updated and not capture.same_value(getattr(row, field), text):
        who = _who(row.updated_by)
        raise StaleEdit(
            f"{who or 'Someone'} saved this text since you opened it. What is saved now: "
            f"“{getattr(row, field)}”. Your text is kept in the box below: merge the two and "
            "save again."
        )
    return row


def daily_debrief(review, day) -> DailyDebrief:
    return DailyDebrief.objects.get_or_create(review=review, day=day)[0]


def report_sections(review) -> dict[str, ReportSection]:
    return {s.key: s for s in review.report_sections.select_related("updated_by")}


def save_report_section(review, key, text, version, user) -> ReportSection:
    return save_text(ReportSection, {"review": review, "key": key}, "text", text, version, user)


def save_daily_summary(review, day, text, version, user) -> DailyDebrief:
    return save_text(DailyDebrief, {"review": review, "day": day}, "summary", text, version, user)


# -- settings, themes and release --------------------------------------------------------------


def settings_of(review) -> EventSettings:
    return EventSettings.objects.get_or_create(review=review)[0]


def item_facts(item: DebriefItem) -> themes.ItemFacts:
    source = item.source
    return themes.ItemFacts(
        item.pk, source.pk, source.kind, item.category, source.label if source.case_id else ""
    )


def theme_facts(theme: Theme) -> themes.ThemeFacts:
    return themes.ThemeFacts(
        theme.pk,
        theme.title,
        theme.category,
        tuple(item_facts(i) for i in theme.items.all()),
    )


def review_themes(review, released_only=False) -> list[tuple[Theme, themes.ThemeFacts]]:
    """(theme, facts) strengths first."""
    qs = review.themes.prefetch_related("items__source", "recommendations")
    if released_only:
        qs = qs.filter(released_at__isnull=False)
    pairs = {t.pk: t for t in qs}
    facts = themes.strengths_first([theme_facts(t) for t in pairs.values()])
    return [(pairs[f.theme_id], f) for f in facts]


def create_theme(review, *, title, statement, category, scope, item_ids, user) -> Theme:
    items = review.debrief_items.filter(pk__in=item_ids)
    try:
        with transaction.atomic():
            theme = Theme.objects.create(
                review=review,
                title=title.strip(),
                statement=statement.strip(),
                category=category,
                scope=scope,
                created_by=user,
            )
            theme.items.set(items)
    except IntegrityError:
        raise EventError(
            f"A theme called “{title.strip()}” exists already: open it and add the items there."
        ) from None
    return theme


def save_theme(theme, *, title, statement, category, scope, item_ids, version) -> None:
    if theme.released:
        raise EventError("This theme is released: withdraw the release before changing it.")
    with transaction.atomic():
        try:
            updated = Theme.objects.filter(pk=theme.pk, version=version).update(
                title=title.strip(),
                statement=statement.strip(),
                category=category,
                scope=scope,
                version=F("version") + 1,
            )
        except IntegrityError:
            raise EventError(f"Another theme is called “{title.strip()}”.") from None
        if not updated:
            raise StaleEdit(
                "Someone changed this theme since you opened it: reload the page and make your "
                "change again."
            )
        theme.items.set(theme.review.debrief_items.filter(pk__in=item_ids))


def people(review) -> list[names.Person]:
    """Everyone the review knows by name, and the ids that point at a worker or a case."""
    found = [names.Person(r.name, names.REVIEWER) for r in review.reviewers.all()]
    for interviewee in review.interviewees.all():
        if interviewee.name:
            found.append(names.Person(interviewee.name, names.INTERVIEWEE))
        found.append(names.Person(interviewee.worker_id, names.IDENTIFIER))
    for source in review.sources.exclude(participant_names=""):
        found += [
            names.Person(line.strip(), names.PARTICIPANT)
            for line in source.participant_names.splitlines()
            if line.strip()
        ]
    for chair in review.co_chairs.exclude(name=""):
        found.append(names.Person(chair.name, names.REVIEWER))
    if hasattr(review, "sample"):
        for case in review.sample.cases.all():
            found.append(names.Person(case.case_id, names.IDENTIFIER))
            found.append(names.Person(case.child_id, names.IDENTIFIER))
            found.append(names.Person(case.worker_id, names.IDENTIFIER))
    return list({(p.name, p.kind): p for p in found}.values())


@dataclass(frozen=True)
class OpenFlag:
    target: str
    where: str  # e.g. "the statement of theme “Visits”"
    found: str
    kind: str
    digest: str

    def __str__(self):
        return f"“{self.found}” ({self.kind}) in {self.where}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def open_flags(review, texts, known_people=None) -> list[OpenFlag]:
    """Name flags in `texts` ((target, where, text)) not dismissed for that exact text."""
    known_people = known_people if known_people is not None else people(review)
    dismissed = set(review.flag_dismissals.values_list("target", "found", "digest"))
    flags = []
    for target, where, text in texts:
        text_digest = digest(text)
        for flag in names.find_names(text, known_people):
            if (target, flag.found, text_digest) not in dismissed:
                flags.append(OpenFlag(target, where, flag.found, flag.kind, text_digest))
    return flags


def theme_texts(theme) -> list[tuple[str, str, str]]:
    texts = [
        (f"theme:{theme.pk}:title", f"the title of theme “{theme.title}”", theme.title),
        (f"theme:{theme.pk}:statement", f"the statement of theme “{theme.title}”", theme.statement),
    ]
    texts += [
        (f"recommendation:{r.pk}:text", f"a recommendation of theme “{theme.title}”", r.text)
        for r in theme.recommendations.all()
    ]
    return texts


def report_texts(review) -> list[tuple[str, str, str]]:
    from opencqi.reviews.report import NARRATIVE_KEYS

    return [
        (f"report:{s.key}:text", f"the report's “{NARRATIVE_KEYS[s.key].label}”", s.text)
        for s in review.report_sections.all()
        if s.key in NARRATIVE_KEYS and s.text
    ]


def dismiss_flag(review, *, target, found, text_digest, reason, user) -> None:
    FlagDismissal.objects.get_or_create(
        review=review,
        target=target,
        found=found,
        digest=text_digest,
        defaults={"reason": reason.strip(), "dismissed_by": user},
    )


def release_problems(theme) -> list[str]:
    threshold = settings_of(theme.review).theme_threshold
    facts = theme_facts(theme)
    flags = [str(f) for f in open_flags(theme.review, theme_texts(theme))]
    return themes.release_problems(facts.items, threshold, flags)


@transaction.atomic
def release_theme(theme, user) -> None:
    """Release a theme with its recommendations to the host county, if the rules allow."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.released:
        return
    problems = release_problems(theme)
    if problems:
        raise EventError(" ".join(problems))
    Theme.objects.filter(pk=theme.pk).update(released_at=timezone.now(), released_by=user)


def withdraw_release(theme) -> None:
    Theme.objects.filter(pk=theme.pk).update(released_at=None, released_by=None)


def category_choices():
    return [(key, categories.CATEGORY_LABELS[key]) for key in categories.strengths_first()]

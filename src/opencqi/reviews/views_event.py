"""Event-week pages: the hub, recording an interview or focus group (its tool and the debrief
tool, saved field by field), case summaries and the daily debrief. All raw material: read
through `confidentiality`, which logs each read.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from opencqi.reviews import access, capture, categories, event_week, instruments
from opencqi.reviews import confidentiality as conf
from opencqi.reviews.forms_event import ItemForm, TextForm
from opencqi.reviews.planning import StaleEdit

READ_NOTES = "read raw notes"
READ_CASE_SUMMARY = "read case summary"
READ_DAILY = "read daily debrief"


def event_page(request, review, template, context=None, step=""):
    user = request.user
    return render(
        request,
        template,
        {
            "review": review,
            "rules": review.rules,
            "step": step,
            "can_plan": access.can_plan(user, review),
            "can_view_plan": access.can_view_plan(user, review),
            "reads_raw": conf.reads_raw_notes(user, review),
            "oversees": conf.oversees(user, review),
            "can_release": conf.can_release(user, review),
            "categories": categories.CATEGORIES,
            **(context or {}),
        },
    )


@login_required
def review_event(request, pk):
    review = conf.raw_review(request.user, pk)
    sources = event_week.ensure_sources(review)
    visible = [s for s in sources if conf.reads_source(request.user, s)]
    counts = {s.pk: (s.answers.count(), s.items.count()) for s in visible}
    cases = []
    if hasattr(review, "sample"):
        cases = [
            c
            for c in review.sample.cases.selected().select_related("team")
            if conf.reads_case_summary(request.user, review, c)
        ]
    days = [day for day, kind in review.days if kind == "interview"]
    return event_page(
        request,
        review,
        "reviews/event.html",
        {
            "sources": [(s, *counts[s.pk]) for s in visible],
            "cases": cases,
            "days": days,
            "summaries": set(
                review.sample.cases.filter(answers__instrument=instruments.CASE_SUMMARY)
                .values_list("pk", flat=True)
                .distinct()
            )
            if hasattr(review, "sample")
            else set(),
        },
        step="event",
    )


# -- one interview or focus group --------------------------------------------------------------


def _source(request, pk, source_id) -> tuple:
    review = conf.raw_review(request.user, pk)
    source = get_object_or_404(
        review.sources.select_related("team", "case", "interviewee", "focus_group"), pk=source_id
    )
    conf.require(conf.reads_source(request.user, source))
    return review, source


def field_rows(tool: instruments.Tool, stored: dict, url_for) -> list[dict]:
    """What the template needs for each question: the question, its stored answer, whether it
    is asked now, and where it saves."""
    values = {key: answer.value for key, answer in stored.items()}
    asked = {q.key for q in instruments.asked_questions(tool, values)}
    rows = []
    for section in tool.sections:
        for question in section.questions:
            answer = stored.get(question.key)
            rows.append(
                {
                    "section": section,
                    "question": question,
                    "answer": answer,
                    "value": answer.value if answer else None,
                    "version": answer.version if answer else 0,
                    "asked": question.key in asked,
                    "url": url_for(question.key),
                }
            )
    return rows


def _sections(tool, rows):
    return [(s, [r for r in rows if r["section"].key == s.key]) for s in tool.sections]


@login_required
def review_source(request, pk, source_id):
    review, source = _source(request, pk, source_id)
    if request.method == "POST" and source.kind == "focus_group":
        source.participant_names = request.POST.get("participant_names", "").strip()
        source.save(update_fields=["participant_names"])
        messages.success(request, "Participants' names saved: the name check will look for them.")
        return redirect(source)
    conf.read(request, review, source, READ_NOTES)
    tools = event_week.review_tools(review)
    tool, debrief = tools[source.tool_kind].tool, tools[instruments.DEBRIEF].tool

    def url_for(kind):
        return lambda key: reverse("review_source_answer", args=[review.pk, source.pk, kind, key])

    rows = field_rows(
        tool, event_week.stored_answers({"source": source}, tool.kind), url_for(tool.kind)
    )
    debrief_rows = field_rows(
        debrief, event_week.stored_answers({"source": source}, debrief.kind), url_for(debrief.kind)
    )
    items = list(source.items.select_related("created_by"))
    category_keys = set(categories.CATEGORY_LABELS)
    return event_page(
        request,
        review,
        "reviews/source.html",
        {
            "source": source,
            "tool": tool,
            "sections": _sections(tool, rows),
            "debrief": debrief,
            "debrief_sections": [
                (
                    section,
                    section_rows,
                    {
                        "items": [i for i in items if i.category == section.key],
                        "form": ItemForm(initial={"category": section.key}),
                    }
                    if section.key in category_keys
                    else None,
                )
                for section, section_rows in _sections(debrief, debrief_rows)
            ],
            "scopes": categories.SCOPES,
        },
        step="event",
    )


def _answer_response(request, context, template="reviews/_answer_status.html"):
    response = render(request, template, context)
    response["X-Capture-Outcome"] = context.get("outcome", "")
    return response


def _answer_view(request, review, owner, kind, key, tool, back, obj, action):
    """GET: the field as stored (the "use theirs" of a conflict). POST: save it over the
    version the typist saw."""
    question = tool.question(key)
    if question is None:
        raise Http404("No such question in this tool")
    url = request.path
    if request.method == "GET":
        conf.read(request, review, obj, action)
        answer = event_week.stored_answers(owner, kind).get(key)
        return render(
            request,
            "reviews/_answer_field.html",
            {
                "row": {
                    "question": question,
                    "answer": answer,
                    "value": answer.value if answer else None,
                    "version": answer.version if answer else 0,
                    "asked": True,
                    "url": url,
                },
                "prefix": kind,
            },
        )
    if request.method != "POST":
        return HttpResponse(status=405)
    raw = request.POST.getlist("value") if question.kind == instruments.MULTIPLE else None
    if raw is None:
        raw = request.POST.get("value", "")
    try:
        version = int(request.POST.get("overwrite") or request.POST.get("version") or 0)
    except ValueError:
        version = 0
    context = {"question": question, "prefix": kind, "url": url}
    try:
        result = event_week.save_answer(owner, kind, question, raw, version, request.user)
    except instruments.AnswerError as error:
        context |= {"outcome": "invalid", "error": str(error)}
        return _answer_response(request, context)
    if result.outcome == capture.CONFLICT:
        conf.read(request, review, obj, action)  # the teammate's value is shown
    context |= {
        "outcome": result.outcome,
        "result": result,
        "theirs": instruments.answer_text(question, result.value),
        "mine": instruments.answer_text(question, instruments.clean_answer(question, raw)),
    }
    if not request.headers.get("HX-Request"):
        if result.outcome == capture.CONFLICT:
            messages.error(
                request,
                f"Not saved: {result.by} saved “{question.text}” meanwhile as "
                f"“{context['theirs']}”. Yours was “{context['mine']}”.",
            )
        return redirect(back)
    return _answer_response(request, context)


@login_required
def review_source_answer(request, pk, source_id, kind, key):
    review, source = _source(request, pk, source_id)
    if kind not in (source.tool_kind, instruments.DEBRIEF):
        raise Http404("This tool is not recorded for this source")
    tool = event_week.review_tools(review)[kind].tool
    return _answer_view(
        request,
        review,
        {"source": source},
        kind,
        key,
        tool,
        source.get_absolute_url(),
        source,
        READ_NOTES,
    )


@login_required
@require_POST
def review_source_items(request, pk, source_id):
    """Add a debrief item; answers htmx with the category's refreshed block."""
    review, source = _source(request, pk, source_id)
    form = ItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        event_week.add_item(
            source,
            category=data["category"],
            scope=data["scope"],
            text=data["text"],
            token=data["token"],
            user=request.user,
        )
        category = data["category"]
        form = ItemForm(initial={"category": category})
    else:
        category = request.POST.get("category")
        if category not in categories.CATEGORY_LABELS:
            raise Http404("No such category")
    if not request.headers.get("HX-Request"):
        if form.errors:
            messages.error(request, "Item not added: " + " ".join(form.errors.get("text", [])))
        return redirect(f"{source.get_absolute_url()}#items-{category}")
    response = render(
        request,
        "reviews/_items.html",
        {
            "review": review,
            "source": source,
            "key": category,
            "label": categories.CATEGORY_LABELS[category],
            "items": source.items.filter(category=category).select_related("created_by"),
            "form": form,
            "scopes": categories.SCOPES,
            "categories": categories.CATEGORIES,
        },
    )
    response["X-Capture-Outcome"] = "invalid" if form.errors else "saved"
    return response


@login_required
@require_POST
def review_item(request, pk, item_id):
    review = conf.raw_review(request.user, pk)
    item = get_object_or_404(review.debrief_items.select_related("source"), pk=item_id)
    conf.require(conf.reads_source(request.user, item.source))
    form = ItemForm(request.POST)
    if request.POST.get("delete"):
        if item.themes.exists():
            messages.error(request, "This item supports a theme: take it out of the theme first.")
        else:
            item.delete()
            messages.success(request, "Item deleted.")
    elif form.is_valid():
        data = form.cleaned_data
        try:
            event_week.save_item(
                item,
                category=data["category"],
                scope=data["scope"],
                text=data["text"],
                version=data["version"] or 0,
                user=request.user,
            )
            messages.success(request, "Item saved.")
        except StaleEdit as error:
            messages.error(request, str(error))
    else:
        messages.error(request, f"Item not saved: {form.errors.as_text()}")
    back = request.POST.get("next") or item.source.get_absolute_url()
    if not back.startswith("/"):
        back = item.source.get_absolute_url()
    return redirect(back)


@login_required
def review_source_notes(request, pk, source_id, fmt):
    """The completed tools of one interview or focus group, as a PDF for the review team."""
    review, source = _source(request, pk, source_id)
    if fmt != "pdf":
        raise Http404("The notes come as pdf")
    from opencqi.reviews import report_documents

    conf.read(request, review, source, READ_NOTES)
    body = report_documents.notes_pdf(review, source)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="review-{review.pk}-notes-{source.pk}.pdf"'
    )
    return response


# -- case summaries ----------------------------------------------------------------------------


def _case(request, pk, case_id):
    review = conf.raw_review(request.user, pk)
    if not hasattr(review, "sample"):
        raise Http404("No sample drawn")
    case = get_object_or_404(review.sample.cases.select_related("team"), case_id=case_id)
    conf.require(conf.reads_case_summary(request.user, review, case))
    return review, case


@login_required
def review_case_summary(request, pk, case_id):
    review, case = _case(request, pk, case_id)
    conf.read(request, review, case, READ_CASE_SUMMARY)
    tool = event_week.review_tools(review)[instruments.CASE_SUMMARY].tool
    rows = field_rows(
        tool,
        event_week.stored_answers({"case": case}, tool.kind),
        lambda key: reverse("review_case_summary_answer", args=[review.pk, case.case_id, key]),
    )
    return event_page(
        request,
        review,
        "reviews/case_summary.html",
        {"case": case, "tool": tool, "sections": _sections(tool, rows)},
        step="event",
    )


@login_required
def review_case_summary_answer(request, pk, case_id, key):
    review, case = _case(request, pk, case_id)
    tool = event_week.review_tools(review)[instruments.CASE_SUMMARY].tool
    back = reverse("review_case_summary", args=[review.pk, case.case_id])
    return _answer_view(
        request, review, {"case": case}, tool.kind, key, tool, back, case, READ_CASE_SUMMARY
    )


@login_required
def review_case_summary_file(request, pk, case_id, fmt):
    review, case = _case(request, pk, case_id)
    if fmt != "pdf":
        raise Http404("Case summaries come as pdf")
    from opencqi.reviews import report_documents

    conf.read(request, review, case, READ_CASE_SUMMARY)
    response = HttpResponse(report_documents.case_summary_pdf(review, case), "application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="review-{review.pk}-case-summary-{case.case_id}.pdf"'
    )
    return response


# -- daily debrief -----------------------------------------------------------------------------


@login_required
def review_daily(request, pk, day):
    review = conf.raw_review(request.user, pk)
    try:
        day = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404("Days are written YYYY-MM-DD") from None
    if day not in [d for d, _ in review.days]:
        raise Http404("Not a day of the event week")
    debrief = event_week.daily_debrief(review, day)
    form = TextForm(
        request.POST or None,
        label="Summary of the day",
        help_text="What the teams heard today, for the team writing the report. No names.",
        initial={"version": debrief.version, "text": debrief.summary},
    )
    if request.method == "POST":
        if not conf.oversees(request.user, review):
            raise PermissionDenied
        if form.is_valid():
            try:
                event_week.save_daily_summary(
                    review,
                    day,
                    form.cleaned_data["text"],
                    form.cleaned_data["version"],
                    request.user,
                )
            except StaleEdit as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Summary of the day saved.")
                return redirect("review_daily", pk=review.pk, day=day.isoformat())
    conf.read(request, review, debrief, READ_DAILY)
    sources = [s for s in event_week.ensure_sources(review) if s.day == day]
    items = list(
        review.debrief_items.filter(source__in=sources).select_related("source__team", "source")
    )
    groups = []
    for key in categories.strengths_first():
        in_category = [i for i in items if i.category == key]
        teams = {}
        for item in in_category:
            source = item.source
            team = f"Team {source.team.number}" if source.team else "Focus groups"
            teams.setdefault(team, []).append(item)
        groups.append((categories.CATEGORY_LABELS[key], sorted(teams.items())))
    return event_page(
        request,
        review,
        "reviews/daily.html",
        {
            "day": day,
            "debrief": debrief,
            "form": form,
            "groups": groups,
            "item_count": len(items),
            "sources": sources,
            "days": [d for d, kind in review.days if kind == "interview"],
        },
        step="event",
    )

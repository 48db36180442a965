"""The review tools, themes, release, the released findings with their follow-up, and the
report. Themes show their supporting debrief items, so they are raw material; the findings
page and the report hold released aggregate content only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from opencqi.accounts import permissions
from opencqi.reviews import access, categories, event_week, instruments, report, themes
from opencqi.reviews import confidentiality as conf
from opencqi.reviews.event_models import Recommendation
from opencqi.reviews.forms_event import (
    DismissForm,
    FindingsSettingsForm,
    FollowUpForm,
    QuestionForm,
    RecommendationForm,
    TextForm,
    ThemeForm,
)
from opencqi.reviews.planning import StaleEdit, save_versioned
from opencqi.reviews.views_event import READ_NOTES, event_page


def sees_tools(user, review) -> bool:
    return access.can_view_plan(user, review) or conf.reads_raw_notes(user, review)


# -- the review tools --------------------------------------------------------------------------


@login_required
def review_tools(request, pk):
    review = access.review_for(request.user, pk)
    conf.require(sees_tools(request.user, review))
    tools = event_week.review_tools(review)
    rows = [(copy, copy.tool, event_week.tool_in_use(copy)) for copy in tools.values()]
    return event_page(request, review, "reviews/tools.html", {"rows": rows}, step="tools")


@login_required
def review_tool(request, pk, kind):
    review = access.review_for(request.user, pk)
    conf.require(sees_tools(request.user, review))
    if kind not in instruments.KIND_LABELS:
        raise Http404("No such tool")
    copy = event_week.review_tools(review)[kind]
    tool = copy.tool
    in_use = event_week.tool_in_use(copy)
    may_adapt = access.can_view_plan(request.user, review) and not in_use
    adding = request.method == "POST" and not (
        request.POST.get("remove") or request.POST.get("change")
    )
    form = QuestionForm(
        request.POST if adding else None, tool=tool, initial={"version": copy.version}
    )
    if request.method == "POST":
        if not access.can_view_plan(request.user, review):
            raise PermissionDenied
        try:
            adapted = _adapted(request, tool, form)
            if adapted is not None:
                event_week.adapt_tool(
                    copy, adapted, int(request.POST.get("version", 0)), request.user
                )
                messages.success(request, f"The {copy.label.lower()} is saved.")
                return redirect("review_tool", pk=review.pk, kind=kind)
        except (instruments.InstrumentError, event_week.EventError, StaleEdit, ValueError) as error:
            messages.error(request, str(error))
    edit_forms = [
        (
            section,
            [
                (
                    q,
                    QuestionForm(
                        tool=tool,
                        initial=QuestionForm.initial_for(q, section.key, copy.version),
                        prefix=f"q-{q.key}",
                    ),
                )
                for q in section.questions
            ],
        )
        for section in tool.sections
    ]
    return event_page(
        request,
        review,
        "reviews/tool.html",
        {
            "copy": copy,
            "tool": tool,
            "in_use": in_use,
            "may_adapt": may_adapt,
            "form": form,
            "edit_forms": edit_forms,
            "category_keys": set(categories.CATEGORY_LABELS),
        },
        step="tools",
    )


def _adapted(request, tool, form):
    """The tool as the POST changes it: remove, change or add a question."""
    if request.POST.get("remove"):
        return instruments.remove_question(tool, request.POST["remove"])
    key = request.POST.get("change")
    if key:
        bound = QuestionForm(request.POST, tool=tool, prefix=f"q-{key}")
        if not bound.is_valid():
            raise instruments.InstrumentError(f"Question not changed: {bound.errors.as_text()}")
        question = bound.question()
        if question.key != key:
            raise instruments.InstrumentError("The question's key cannot change.")
        return instruments.change_question(tool, question)
    if form.is_valid():
        return instruments.add_question(tool, form.cleaned_data["section"], form.question())
    return None


@login_required
def review_tool_file(request, pk, kind, fmt):
    """The blank tool as PDF (for interviewees two weeks ahead, and the report's appendix)."""
    review = access.review_for(request.user, pk)
    conf.require(sees_tools(request.user, review))
    if kind not in instruments.KIND_LABELS or fmt != "pdf":
        raise Http404("Tools come as pdf")
    from opencqi.reviews import report_documents

    copy = event_week.review_tools(review)[kind]
    response = HttpResponse(report_documents.blank_tool_pdf(review, copy), "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-{review.pk}-{kind}.pdf"'
    return response


# -- themes ------------------------------------------------------------------------------------


def _all_items(review):
    return list(review.debrief_items.select_related("source__team").order_by("source_id", "pk"))


@login_required
def review_themes(request, pk):
    review = conf.raw_review(request.user, pk)
    event_week.ensure_sources(review)
    items = _all_items(review)
    form = ThemeForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            theme = event_week.create_theme(
                review,
                title=data["title"],
                statement=data["statement"],
                category=data["category"],
                scope=data["scope"],
                item_ids=form.item_ids(),
                user=request.user,
            )
        except event_week.EventError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, f"Theme “{theme.title}” created.")
            return redirect(theme)
    conf.read(request, review, review, "read debrief items")
    pairs = event_week.review_themes(review)
    facts = [f for _, f in pairs]
    interview_cases = [
        s.label for s in review.sources.filter(kind=themes.INTERVIEW).order_by("label")
    ]
    threshold = event_week.settings_of(review).theme_threshold
    return event_page(
        request,
        review,
        "reviews/themes.html",
        {
            "rows": [
                (t, themes.distinct_sources(f.items), themes.sources_by_kind(f.items))
                for t, f in pairs
            ],
            "threshold": threshold,
            "form": form,
            "items_by_source": _items_by_source(items),
            "case_matrix": themes.case_theme_matrix(facts, interview_cases),
            "category_matrix": [
                (categories.CATEGORY_LABELS[k], row)
                for k, row in themes.category_theme_matrix(facts)
            ],
            "themes": [t for t, _ in pairs],
        },
        step="themes",
    )


def _items_by_source(items):
    groups = {}
    for item in items:
        groups.setdefault(item.source, []).append(item)
    return list(groups.items())


def _theme(request, pk, theme_id):
    review = conf.raw_review(request.user, pk)
    theme = get_object_or_404(review.themes, pk=theme_id)
    return review, theme


@login_required
def review_theme(request, pk, theme_id):
    review, theme = _theme(request, pk, theme_id)
    items = _all_items(review)
    chosen = [str(pk) for pk in theme.items.values_list("pk", flat=True)]
    form = ThemeForm(
        request.POST if request.POST.get("action") == "save" else None,
        items=items,
        initial={
            "version": theme.version,
            "title": theme.title,
            "statement": theme.statement,
            "category": theme.category,
            "scope": theme.scope,
            "items": chosen,
        },
    )
    recommendation_form = RecommendationForm(
        request.POST if request.POST.get("action") == "recommend" else None
    )
    if request.method == "POST":
        done = _theme_post(request, theme, form, recommendation_form)
        if done:
            return redirect(theme)
    conf.read(request, review, theme, READ_NOTES)
    facts = event_week.theme_facts(theme)
    flags = event_week.open_flags(review, event_week.theme_texts(theme))
    return event_page(
        request,
        review,
        "reviews/theme.html",
        {
            "theme": theme,
            "form": form,
            "items_by_source": _items_by_source(items),
            "chosen": set(chosen),
            "sources": themes.distinct_sources(facts.items),
            "by_kind": themes.sources_by_kind(facts.items),
            "threshold": event_week.settings_of(review).theme_threshold,
            "problems": [] if theme.released else event_week.release_problems(theme),
            "flags": [
                (f, DismissForm(initial={"target": f.target, "found": f.found, "digest": f.digest}))
                for f in flags
            ],
            "recommendations": theme.recommendations.all(),
            "recommendation_form": recommendation_form,
        },
        step="themes",
    )


def _theme_post(request, theme, form, recommendation_form) -> bool:
    action = request.POST.get("action")
    if action == "save" and form.is_valid():
        data = form.cleaned_data
        try:
            event_week.save_theme(
                theme,
                title=data["title"],
                statement=data["statement"],
                category=data["category"],
                scope=data["scope"],
                item_ids=form.item_ids(),
                version=data["version"] or 0,
            )
        except (StaleEdit, event_week.EventError) as error:
            form.add_error(None, str(error))
            return False
        messages.success(request, "Theme saved.")
        return True
    if action == "recommend" and recommendation_form.is_valid():
        if theme.released:
            recommendation_form.add_error(None, "Withdraw the release before adding to it.")
            return False
        Recommendation.objects.get_or_create(
            theme=theme, text=recommendation_form.cleaned_data["text"].strip()
        )
        messages.success(request, "Recommendation added.")
        return True
    if action == "remove_recommendation" and not theme.released:
        theme.recommendations.filter(pk=request.POST.get("recommendation")).delete()
        messages.success(request, "Recommendation removed.")
        return True
    return False


@login_required
@require_POST
def review_theme_release(request, pk, theme_id):
    review, theme = _theme(request, pk, theme_id)
    if not conf.can_release(request.user, review):
        raise PermissionDenied
    if request.POST.get("withdraw"):
        event_week.withdraw_release(theme)
        messages.success(request, f"Release of “{theme.title}” withdrawn.")
        return redirect(theme)
    try:
        event_week.release_theme(theme, request.user)
    except event_week.EventError as error:
        messages.error(request, f"Not released. {error}")
    else:
        messages.success(request, f"“{theme.title}” is released to {review.host_county} County.")
    return redirect(theme)


@login_required
@require_POST
def review_flag_dismiss(request, pk):
    review = conf.raw_review(request.user, pk)
    if not conf.can_release(request.user, review):
        raise PermissionDenied
    form = DismissForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        event_week.dismiss_flag(
            review,
            target=data["target"],
            found=data["found"],
            text_digest=data["digest"],
            reason=data["reason"],
            user=request.user,
        )
        messages.success(request, f"“{data['found']}” is no longer flagged in this text.")
    else:
        messages.error(request, "Not dismissed: " + " ".join(form.errors.get("reason", ["."])))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/") else review.get_absolute_url())


# -- released findings and follow-up -----------------------------------------------------------


@login_required
def review_findings(request, pk):
    review = access.review_for(request.user, pk)
    is_state_planner = access.can_plan(request.user, review) and permissions.is_state(request.user)
    settings_row = event_week.settings_of(review)
    state_chair = review.co_chairs.filter(seat=conf.STATE_SEAT).first()
    settings_form = FindingsSettingsForm(
        request.POST or None,
        initial={
            "theme_threshold": settings_row.theme_threshold,
            "state_co_chair": state_chair.user_id if state_chair else None,
        },
    )
    if request.method == "POST":
        if not is_state_planner:
            raise PermissionDenied
        if settings_form.is_valid():
            settings_row.theme_threshold = settings_form.cleaned_data["theme_threshold"]
            settings_row.save(update_fields=["theme_threshold"])
            chair = settings_form.cleaned_data["state_co_chair"]
            if state_chair:
                state_chair.user = chair
                if chair and not state_chair.name:
                    state_chair.name = chair.get_full_name()
                state_chair.save(update_fields=["user", "name"])
            messages.success(request, "Findings settings saved.")
            return redirect("review_findings", pk=review.pk)
    pairs = event_week.review_themes(review, released_only=True)
    facts = [f for _, f in pairs]
    may_follow_up = access.can_plan(request.user, review)
    return event_page(
        request,
        review,
        "reviews/findings.html",
        {
            "rows": [
                (
                    t,
                    themes.sources_by_kind(f.items),
                    [
                        (r, FollowUpForm(instance=r, prefix=f"r{r.pk}") if may_follow_up else None)
                        for r in t.recommendations.all()
                    ],
                )
                for t, f in pairs
            ],
            "category_matrix": [
                (categories.CATEGORY_LABELS[k], row)
                for k, row in themes.category_theme_matrix(facts)
            ],
            "themes": [t for t, _ in pairs],
            "settings_form": settings_form if is_state_planner else None,
            "threshold": settings_row.theme_threshold,
            "state_chair": state_chair,
        },
        step="findings",
    )


@login_required
@require_POST
def review_recommendation(request, pk, recommendation_id):
    """Follow-up of a released recommendation: owner, due date, status (planners)."""
    review = access.review_for(request.user, pk)
    access.require_plan(request.user, review)
    recommendation = get_object_or_404(
        Recommendation.objects.filter(theme__review=review, theme__released_at__isnull=False),
        pk=recommendation_id,
    )
    form = FollowUpForm(request.POST, instance=recommendation, prefix=f"r{recommendation.pk}")
    if form.is_valid():
        try:
            save_versioned(
                form.save(commit=False),
                form.cleaned_data["version"],
                ["owner", "due_date", "status"],
            )
            messages.success(request, "Follow-up saved.")
        except StaleEdit as error:
            messages.error(request, str(error))
    else:
        messages.error(request, f"Follow-up not saved: {form.errors.as_text()}")
    return redirect(f"{review.get_absolute_url()}findings/#recommendation-{recommendation.pk}")


# -- the report --------------------------------------------------------------------------------


def may_write_report(user, review) -> bool:
    return access.can_view_plan(user, review)


@login_required
def review_report(request, pk):
    review = access.review_for(request.user, pk)
    from opencqi.reviews import report_documents

    sections = event_week.report_sections(review)
    writable = may_write_report(request.user, review)
    forms = {}
    for narrative in report.NARRATIVES:
        row = sections.get(narrative.key)
        bound = request.method == "POST" and request.POST.get("section") == narrative.key
        forms[narrative.key] = TextForm(
            request.POST if bound else None,
            prefix=narrative.key,
            label=narrative.label,
            help_text=narrative.help,
            initial={
                "version": row.version if row else 0,
                "text": row.text if row else report_documents.default_text(review, narrative.key),
            },
        )
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        key = request.POST.get("section")
        form = forms.get(key)
        if form is None:
            raise Http404("No such section")
        if form.is_valid():
            try:
                event_week.save_report_section(
                    review,
                    key,
                    form.cleaned_data["text"],
                    form.cleaned_data["version"],
                    request.user,
                )
            except StaleEdit as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{report.NARRATIVE_KEYS[key].label} saved.")
                return redirect(f"{review.get_absolute_url()}report/#narrative-{key}")
    document = report_documents.report_context(review)
    flags = event_week.open_flags(review, event_week.report_texts(review))
    return event_page(
        request,
        review,
        "reviews/report.html",
        {
            "doc": document,
            "narratives": [(n, forms[n.key]) for n in report.NARRATIVES],
            "writable": writable,
            "flags": [
                (f, DismissForm(initial={"target": f.target, "found": f.found, "digest": f.digest}))
                for f in flags
            ],
        },
        step="report",
    )


@login_required
def review_report_file(request, pk, fmt):
    review = access.review_for(request.user, pk)
    from opencqi.reviews import report_documents

    if fmt not in ("pdf", "docx"):
        raise Http404("The report comes as pdf or docx")
    flags = event_week.open_flags(review, event_week.report_texts(review))
    if flags:
        messages.error(
            request,
            "The report cannot be exported while a name is flagged in it: "
            + "; ".join(str(f) for f in flags)
            + ". Edit the text, or have the state co-chair dismiss the flag.",
        )
        return redirect("review_report", pk=review.pk)
    if fmt == "pdf":
        body, content_type = report_documents.report_pdf(review), "application/pdf"
    else:
        body = report_documents.report_docx(review)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{report_documents.filename(review)}.{fmt}"'
    )
    return response

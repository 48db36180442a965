"""The review report as HTML, PDF (WeasyPrint, through documents/ and dashboard/rendering) and
DOCX (python-docx), and the tools as PDFs: blank (appendix, interviewees) and completed (the
review team's notes).

The report holds released aggregate content only: released themes with their counts and
recommendations, the narrative, and methodology facts from the planning records. It never
reads answers, debrief items or case summaries.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from opencqi.documents.pdf import pdf_bytes, static_path
from opencqi.reviews import categories, event_week, instruments, report, themes

CHART = "focus_trend"
TREND_ROWS = 8


def filename(review) -> str:
    return f"peer-review-report-{slugify(review.host_county.name)}-{review.event_start:%Y-%m-%d}"


def fonts() -> dict:
    return {
        "font_regular": static_path(
            "vendor/uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2"
        ),
        "font_bold": static_path(
            "vendor/uswds/fonts/source-sans-pro/sourcesanspro-bold-webfont.woff2"
        ),
    }


# -- what the report says ----------------------------------------------------------------------


def default_text(review, key: str) -> str:
    """The starting text of a narrative, from the review's records; people rewrite it."""
    rules = review.rules
    if key == "purpose":
        return (
            f"The {rules.label} brings peer reviewers from other counties together with "
            f"{review.host_county.name} County and the state to look closely at one area of "
            "practice through structured interviews about selected cases and focus groups with "
            "stakeholders. It is not an audit: it finds what works and what gets in the way, in "
            "aggregate, and feeds the County Self-Assessment and the System Improvement Plan."
        )
    if key == "process":
        chosen = (
            f" on {timezone.localtime(review.focus_chosen_at):%B %-d, %Y}"
            if review.focus_chosen_at
            else ""
        )
        return (
            f"The co-chairs chose the focus area{chosen} after ranking the county's outcome "
            "measures against California, the national standard and neighbouring counties, and "
            "checking the data's quality. A planning team adapted the review tools to the focus "
            "area and the literature review, selected the cases and scheduled the interviews and "
            "focus groups."
        )
    if key == "case_review":
        return (
            "A case summary was prepared for each selected case before the event week with the "
            "case summary tool, for the review team's preparation."
        )
    return ""


@dataclass
class Methodology:
    measure: object = None
    period: tuple = ()
    sample: object = None
    selected: int = 0
    backups: int = 0
    strata: dict = field(default_factory=dict)
    teams: int = 0
    reviewers: int = 0
    peer_counties: list = field(default_factory=list)
    interviews_scheduled: int = 0
    interviews_recorded: int = 0
    focus_groups: list = field(default_factory=list)
    tools: list = field(default_factory=list)
    chart_spec: dict | None = None
    chart_svg: str = ""
    trend: object = None
    chart_note: str = ""


def methodology(review) -> Methodology:
    facts = Methodology(measure=review.focus_measure)
    if review.focus_period_start:
        facts.period = (review.focus_period_start, review.focus_period_end)
    sample = getattr(review, "sample", None)
    if sample:
        facts.sample = sample
        selected = list(sample.cases.selected())
        facts.selected = len(selected)
        facts.backups = sample.cases.backups().count()
        for case in selected:
            facts.strata[case.stratum] = facts.strata.get(case.stratum, 0) + 1
    facts.teams = review.teams.count()
    facts.reviewers = review.reviewers.filter(team__isnull=False).count()
    facts.peer_counties = [
        i.county.name for i in review.invitations.filter(answer="accepted").select_related("county")
    ]
    facts.interviews_scheduled = review.slots.filter(kind="interview").count()
    recorded = review.sources.filter(kind=themes.INTERVIEW)
    facts.interviews_recorded = sum(1 for s in recorded if s.answers.exists() or s.items.exists())
    facts.focus_groups = [(g.name, g.participants) for g in review.focus_groups.all()]
    facts.tools = [copy.label for copy in event_week.review_tools(review).values()]
    _add_trend(review, facts)
    return facts


def _add_trend(review, facts: Methodology) -> None:
    """The focus measure's trend for the host county, California and the peer counties, drawn
    by the dashboard's own chart and table builders."""
    from opencqi.counties.models import County
    from opencqi.dashboard import charts, comparisons, pages
    from opencqi.measures.store import latest_run

    measure = facts.measure
    run = latest_run()
    if measure is None or run is None:
        facts.chart_note = (
            "No data trend: the focus area is not one of the computed measures."
            if measure is None
            else "No data trend: the measures have not been computed yet."
        )
        return
    county = review.host_county
    peers = list(County.objects.filter(name__in=facts.peer_counties)) or (
        comparisons.closest_in_population(county, County.objects.all())
    )
    page = pages.Page(measure.name, run, None, [], peers=peers)
    rows = pages.measure_rows(page, measure, county, frozenset({county.name}), peers)
    if not any(r["county"] == county.name for r in rows):
        facts.chart_note = f"No results of {measure.name} for {county.name} County yet."
        return
    facts.trend = pages.add_trend(page, measure, county, rows, last=TREND_ROWS)
    facts.chart_spec = facts.trend.chart
    facts.chart_svg = charts.svg(facts.chart_spec)


@dataclass
class DueDateLine:
    label: str
    date: dt.date
    cycle: object = None  # the county schedule's DueDate, when the county has a schedule


def due_dates(review) -> list[DueDateLine]:
    from opencqi.cycles.models import DueDate

    due = report.due_dates(review.event_end)
    in_cycle = DueDate.objects.filter(
        schedule__county=review.host_county,
        schedule__programme=review.programme,
        step_id__in=[report.DRAFT_STEP, report.FINAL_STEP],
    )

    def nearest(step, day):
        rows = [d for d in in_cycle if d.step_id == step]
        return min(rows, key=lambda d: abs((d.date - day).days)) if rows else None

    return [
        DueDateLine(
            "Working draft to the state consultant (30 days after the last event day)",
            due.draft,
            nearest(report.DRAFT_STEP, due.draft),
        ),
        DueDateLine("State feedback on the draft (10 working days)", due.feedback, None),
        DueDateLine(
            "Final report to the state (2 months after the last event day)",
            due.final,
            nearest(report.FINAL_STEP, due.final),
        ),
    ]


@dataclass
class Finding:
    theme: object
    by_kind: dict
    recommendations: list

    @property
    def support(self) -> str:
        return support_text(self.by_kind)


def report_context(review, for_document=False) -> dict:
    sections = event_week.report_sections(review)
    narrative = {
        n.key: (sections[n.key].text if n.key in sections else default_text(review, n.key))
        for n in report.NARRATIVES
    }
    findings = [
        Finding(t, themes.sources_by_kind(f.items), list(t.recommendations.all()))
        for t, f in event_week.review_themes(review, released_only=True)
    ]
    practice = [
        (key, categories.CATEGORY_LABELS[key], [f for f in findings if f.theme.category == key])
        for key in categories.strengths_first()
    ]
    tools = [(copy, copy.tool) for copy in event_week.review_tools(review).values()]
    method = methodology(review)
    return {
        "review": review,
        "county": review.host_county,
        "rules": review.rules,
        "sections": report.SECTIONS,
        "titles": report.SECTION_TITLES,
        "contents": report.contents(),
        "narrative": narrative,
        "rationales": list(review.rationales.items()),
        "co_chairs": list(review.co_chairs.all()),
        "planning_team": list(review.planning_team.all()),
        "method": method,
        "sample_text": sample_text(review, method),
        "interviews_text": interviews_text(method),
        "chart_svg": mark_safe(method.chart_svg),  # drawn by vl-convert from our own spec
        "findings": findings,
        "practice": practice,
        "recommendations": [(f.theme, r) for f in findings for r in f.recommendations],
        "tools": tools,
        "category_keys": set(categories.CATEGORY_LABELS),
        "scopes": categories.SCOPES,
        "due": due_dates(review),
        "generated": timezone.localtime(),
        **(fonts() if for_document else {}),
    }


# -- PDF ---------------------------------------------------------------------------------------


def report_html(review) -> tuple[str, dict]:
    context = report_context(review, for_document=True)
    html = render_to_string("reviews/report_pdf.html", {**context, "c": context, "pdf": True})
    specs = {CHART: context["method"].chart_spec} if context["method"].chart_spec else {}
    return html, specs


def report_pdf(review) -> bytes:
    from opencqi.dashboard import rendering

    return rendering.render_pdf(*report_html(review))


def _tool_pdf(review, title, blocks) -> bytes:
    html = render_to_string(
        "reviews/tool_pdf.html",
        {
            "review": review,
            "title": title,
            "blocks": blocks,
            "category_keys": set(categories.CATEGORY_LABELS),
            "scopes": categories.SCOPES,
            "generated": timezone.localtime(),
            **fonts(),
        },
    )
    return pdf_bytes(html)


def blank_tool_pdf(review, copy) -> bytes:
    return _tool_pdf(review, copy.label, [{"tool": copy.tool, "blank": True}])


def _completed(tool, owner) -> dict:
    """The tool's sections with each asked question and its answer as text."""
    stored = event_week.stored_answers(owner, tool.kind)
    values = {k: a.value for k, a in stored.items()}
    asked = {q.key for q in instruments.asked_questions(tool, values)}
    return {
        "tool": tool,
        "blank": False,
        "sections": [
            (
                section,
                [
                    (q, instruments.answer_text(q, values.get(q.key)))
                    for q in section.questions
                    if q.key in asked
                ],
                [],
            )
            for section in tool.sections
        ],
    }


def notes_pdf(review, source) -> bytes:
    """The completed tool and debrief tool of one source (raw notes: for the review team)."""
    tools = event_week.review_tools(review)
    main = _completed(tools[source.tool_kind].tool, {"source": source})
    debrief = _completed(tools[instruments.DEBRIEF].tool, {"source": source})
    items = list(source.items.all())
    debrief["items"] = {
        key: [i for i in items if i.category == key] for key in categories.CATEGORY_LABELS
    }
    return _tool_pdf(review, f"Notes: {source}", [main, debrief])


def case_summary_pdf(review, case) -> bytes:
    tool = event_week.review_tools(review)[instruments.CASE_SUMMARY].tool
    return _tool_pdf(
        review, f"Case summary: case {case.case_id}", [_completed(tool, {"case": case})]
    )


# -- DOCX --------------------------------------------------------------------------------------


def report_docx(review) -> bytes:
    """The same report as an editable Word document, in the same order."""
    import vl_convert
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Inches, Pt

    c = report_context(review)
    doc = Document()
    doc.core_properties.title = f"{c['rules'].label}: {c['county'].name} County"
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    titles = c["titles"]

    def page_break():
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def numbered(key):
        return f"{[s.key for s in c['contents']].index(key) + 1}. {titles[key]}"

    def paragraphs(text):
        for block in [b.strip() for b in text.split("\n\n") if b.strip()]:
            doc.add_paragraph(block)

    # Cover
    doc.add_paragraph(f"{c['county'].name} County", style="Title")
    doc.add_paragraph(c["rules"].label, style="Subtitle")
    doc.add_paragraph(
        f"Event week {review.event_start:%B %-d} to {review.event_end:%B %-d, %Y}"
        + (f". Focus area: {review.focus_area}" if review.focus_area else "")
    )
    page_break()
    # Signature sheet
    doc.add_heading(titles["signatures"], level=1)
    doc.add_paragraph("The co-chairs approve this report for submission.")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["Co-chair", "Name", "Signature", "Date"], strict=True
    ):
        cell.text = text
    for chair in c["co_chairs"]:
        row = table.add_row().cells
        row[0].text, row[1].text = chair.seat_label, chair.name
    page_break()
    # Contents
    doc.add_heading(titles["contents"], level=1)
    for section in c["contents"]:
        doc.add_paragraph(numbered(section.key), style="List Number")
    page_break()
    # 1. Introduction
    doc.add_heading(numbered("introduction"), level=1)
    paragraphs(c["narrative"]["purpose"])
    for agency, why in c["rationales"]:
        doc.add_heading(f"Why the focus area was chosen for {agency}", level=2)
        paragraphs(why or "Not stated.")
    # 2. Methodology
    m = c["method"]
    doc.add_heading(numbered("methodology"), level=1)
    doc.add_heading("How the information was gathered", level=2)
    paragraphs(c["narrative"]["process"])
    doc.add_heading("Data trends in the focus area", level=2)
    if m.chart_spec:
        png = vl_convert.vegalite_to_png({**m.chart_spec, "width": 600}, scale=2)
        doc.add_picture(io.BytesIO(png), width=Inches(6))
        _docx_table(
            doc,
            [col.label for col in m.trend.columns],
            [[cell.text for cell in row] for row in m.trend.rows],
        )
    else:
        doc.add_paragraph(m.chart_note)
    doc.add_heading("Case selection", level=2)
    doc.add_paragraph(sample_text(review, m))
    doc.add_heading("Review tools", level=2)
    doc.add_paragraph(
        "The review used the " + ", ".join(t.lower() for t in m.tools) + "; blank copies are in "
        "the appendix."
    )
    doc.add_heading("Case review before the interviews", level=2)
    paragraphs(c["narrative"]["case_review"])
    doc.add_heading("Interviews and focus groups", level=2)
    doc.add_paragraph(interviews_text(m))
    doc.add_heading("County-specific issues", level=2)
    paragraphs(c["narrative"]["county_specifics"] or "None noted.")
    # 3. Summary of practice
    doc.add_heading(numbered("practice"), level=1)
    for _, label, findings in c["practice"]:
        doc.add_heading(label, level=2)
        if not findings:
            doc.add_paragraph("No released theme in this category.")
        for finding in findings:
            doc.add_paragraph(finding.theme.title, style="List Bullet").runs[0].bold = True
            doc.add_paragraph(f"{finding.theme.statement} ({finding.support})")
    # 4. Observations and recommendations
    doc.add_heading(numbered("observations"), level=1)
    paragraphs(c["narrative"]["observations"])
    for finding in c["findings"]:
        if finding.recommendations:
            doc.add_heading(finding.theme.title, level=2)
            for rec in finding.recommendations:
                doc.add_paragraph(rec.text, style="List Number")
    if not c["recommendations"]:
        doc.add_paragraph("No recommendation released yet.")
    # 5. Executive summary
    doc.add_heading(numbered("executive_summary"), level=1)
    paragraphs(c["narrative"]["executive_summary"] or "Not written.")
    # 6. Appendix
    doc.add_heading(numbered("appendix"), level=1)
    for copy, tool in c["tools"]:
        doc.add_heading(copy.label, level=2)
        if tool.introduction:
            doc.add_paragraph(tool.introduction)
        for section in tool.sections:
            doc.add_heading(section.title, level=3)
            if section.help:
                doc.add_paragraph(section.help)
            if section.key in c["category_keys"] and tool.kind == instruments.DEBRIEF:
                doc.add_paragraph(
                    "Items: ______________________  ☐ Focus-area related  ☐ System-wide"
                )
            for question in section.questions:
                line = question.text + (" (required)" if question.required else "")
                if question.show_if:
                    line += f" (ask {tool.condition(question)})"
                doc.add_paragraph(line, style="List Number")
                if question.kind == instruments.TEXT:
                    doc.add_paragraph("_" * 70)
                else:
                    doc.add_paragraph("   ".join(f"☐ {label}" for _, label in question.options))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc, header, rows):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def support_text(by_kind) -> str:
    parts = []
    if by_kind[themes.INTERVIEW]:
        n = by_kind[themes.INTERVIEW]
        parts.append(f"{n} interview{'s' if n != 1 else ''}")
    if by_kind[themes.FOCUS_GROUP]:
        n = by_kind[themes.FOCUS_GROUP]
        parts.append(f"{n} focus group{'s' if n != 1 else ''}")
    return "raised in " + " and ".join(parts)


def sample_text(review, m) -> str:
    if m.sample is None:
        return "No sample has been drawn."
    s = m.sample
    strata = ", ".join(f"{n} {stratum}" for stratum, n in sorted(m.strata.items()))
    return (
        f"Cases were drawn from the {s.population} cases of the focus measure's cohort for "
        f"{review.host_county.name} County, period {s.period_start:%B %-d, %Y} to "
        f"{s.period_end:%B %-d, %Y}; {s.eligible} had at least {s.min_days_in_service} days in "
        f"service. {m.selected} cases were selected ({strata}), half where the outcome was "
        f"achieved and half where it was not, one worker per case where possible, with "
        f"{m.backups} backups, in a reproducible random order (seed {s.seed})."
    )


def interviews_text(m) -> str:
    groups = "; ".join(f"{name} ({n} participants)" for name, n in m.focus_groups) or "none"
    return (
        f"{m.teams} review teams of {m.reviewers} reviewers"
        + (f" from {', '.join(m.peer_counties)}" if m.peer_counties else "")
        + f" held {m.interviews_recorded} of {m.interviews_scheduled} scheduled interviews with "
        f"the workers of the selected cases. Focus groups: {groups}."
    )

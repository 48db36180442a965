"""URLs of the event week, the findings and the report (under /reviews/, beside urls.py)."""

from django.urls import path

from opencqi.reviews import views_event, views_findings

urlpatterns = [
    path("<int:pk>/event/", views_event.review_event, name="review_event"),
    path("<int:pk>/sources/<int:source_id>/", views_event.review_source, name="review_source"),
    path(
        "<int:pk>/sources/<int:source_id>/answers/<str:kind>/<str:key>/",
        views_event.review_source_answer,
        name="review_source_answer",
    ),
    path(
        "<int:pk>/sources/<int:source_id>/items/",
        views_event.review_source_items,
        name="review_source_items",
    ),
    path(
        "<int:pk>/sources/<int:source_id>/notes.<str:fmt>",
        views_event.review_source_notes,
        name="review_source_notes",
    ),
    path("<int:pk>/items/<int:item_id>/", views_event.review_item, name="review_item"),
    path(
        "<int:pk>/cases/<str:case_id>/summary/",
        views_event.review_case_summary,
        name="review_case_summary",
    ),
    path(
        "<int:pk>/cases/<str:case_id>/summary/answers/<str:key>/",
        views_event.review_case_summary_answer,
        name="review_case_summary_answer",
    ),
    path(
        "<int:pk>/cases/<str:case_id>/summary.<str:fmt>",
        views_event.review_case_summary_file,
        name="review_case_summary_file",
    ),
    path("<int:pk>/daily/<str:day>/", views_event.review_daily, name="review_daily"),
    path("<int:pk>/tools/", views_findings.review_tools, name="review_tools"),
    path("<int:pk>/tools/<str:kind>/", views_findings.review_tool, name="review_tool"),
    path(
        "<int:pk>/tools/<str:kind>/blank.<str:fmt>",
        views_findings.review_tool_file,
        name="review_tool_file",
    ),
    path("<int:pk>/themes/", views_findings.review_themes, name="review_themes"),
    path("<int:pk>/themes/<int:theme_id>/", views_findings.review_theme, name="review_theme"),
    path(
        "<int:pk>/themes/<int:theme_id>/release/",
        views_findings.review_theme_release,
        name="review_theme_release",
    ),
    path("<int:pk>/flags/dismiss/", views_findings.review_flag_dismiss, name="review_flag_dismiss"),
    path("<int:pk>/findings/", views_findings.review_findings, name="review_findings"),
    path(
        "<int:pk>/recommendations/<int:recommendation_id>/",
        views_findings.review_recommendation,
        name="review_recommendation",
    ),
    path("<int:pk>/report/", views_findings.review_report, name="review_report"),
    path("<int:pk>/report.<str:fmt>", views_findings.review_report_file, name="review_report_file"),
]

from django.urls import path

from opencqi.reviews import views

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_create, name="review_create"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("<int:pk>/tasks/<int:task_id>/", views.review_task, name="review_task"),
    path("<int:pk>/agreement/", views.review_agreement, name="review_agreement"),
    path("<int:pk>/focus-area/", views.review_focus_area, name="review_focus_area"),
    path("<int:pk>/literature/", views.review_literature, name="review_literature"),
    path(
        "<int:pk>/literature/<int:entry_id>/file/",
        views.review_literature_file,
        name="review_literature_file",
    ),
    path("<int:pk>/peer-counties/", views.review_peer_counties, name="review_peer_counties"),
    path("<int:pk>/sample/", views.review_sample, name="review_sample"),
    path(
        "<int:pk>/sample/<str:case_id>/eliminate/",
        views.review_case_eliminate,
        name="review_case_eliminate",
    ),
    path("<int:pk>/reviewers/", views.review_reviewers, name="review_reviewers"),
    path("<int:pk>/reviewers/<int:reviewer_id>/", views.review_reviewer, name="review_reviewer"),
    path("<int:pk>/teams/", views.review_teams, name="review_teams"),
    path("<int:pk>/teams/<int:number>/", views.review_team, name="review_team"),
    path(
        "<int:pk>/teams/<int:number>/agenda.<str:fmt>",
        views.review_team_agenda,
        name="review_team_agenda",
    ),
    path("<int:pk>/confidentiality/", views.review_confidentiality, name="review_confidentiality"),
    path("<int:pk>/interviewees/", views.review_interviewees, name="review_interviewees"),
    path(
        "<int:pk>/interviewees/<int:interviewee_id>/agenda.<str:fmt>",
        views.review_interviewee_agenda,
        name="review_interviewee_agenda",
    ),
    path("<int:pk>/focus-groups/", views.review_focus_groups, name="review_focus_groups"),
    path("<int:pk>/schedule/", views.review_schedule, name="review_schedule"),
]

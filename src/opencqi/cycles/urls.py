from django.urls import path

from opencqi.cycles import views

urlpatterns = [
    path("", views.schedule_list, name="schedule_list"),
    path("calendar/", views.cycle_calendar, name="cycle_calendar"),
    path("board/", views.cycle_board, name="cycle_board"),
    path("queue/", views.feedback_queue, name="feedback_queue"),
    path("preferences/", views.cycle_preferences, name="cycle_preferences"),
    path("due/<int:pk>/", views.due_date_detail, name="due_date_detail"),
    path("due/<int:pk>/extend/", views.extension_add, name="extension_add"),
    path("due/<int:pk>/move/", views.submission_move, name="submission_move"),
    path("documents/<int:pk>/", views.document_file, name="document_file"),
    path("feeds/<str:token>/mine.ics", views.user_feed, name="user_feed"),
    path("feeds/<str:token>/<str:code>.ics", views.county_feed, name="county_feed"),
    path("<str:code>/<str:programme>/", views.county_timeline, name="county_timeline"),
    path("<str:code>/<str:programme>/schedule/", views.schedule_edit, name="schedule_edit"),
]

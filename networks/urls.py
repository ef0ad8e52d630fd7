"""Network URLs: the list, each network's space and moderation, the partnership board, indicators."""

from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("board/", views.board, name="board"),
    path("board/new/", views.post_create, name="post_create"),
    path("board/<int:pk>/", views.post_detail, name="post_detail"),
    path("board/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("board/<int:pk>/close/", views.post_close, name="post_close"),
    path("board/<int:pk>/interest/", views.interest, name="interest"),
    path(
        "board/<int:pk>/interests/<int:interest_pk>/propose/",
        views.partnership_propose,
        name="partnership_propose",
    ),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("indicators/", views.site_indicators, name="site_indicators"),
    path("indicators.csv", views.site_indicators_csv, name="site_indicators_csv"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/request/", views.request_join, name="request_join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path(
        "<slug:slug>/requests/<int:pk>/approve/",
        views.request_decide,
        {"decision": "approve"},
        name="request_approve",
    ),
    path(
        "<slug:slug>/requests/<int:pk>/refuse/",
        views.request_decide,
        {"decision": "refuse"},
        name="request_refuse",
    ),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/bans/<int:pk>/lift/", views.ban_lift, name="ban_lift"),
    path("<slug:slug>/organisations/add/", views.organisation_add, name="organisation_add"),
    path("<slug:slug>/organisations/<int:pk>/remove/", views.organisation_remove, name="organisation_remove"),
    path("<slug:slug>/board/", views.board, name="network_board"),
    path("<slug:slug>/partnerships/", views.partnerships, name="partnerships"),
    path("<slug:slug>/indicators/", views.network_indicators, name="indicators"),
    path("<slug:slug>/indicators.csv", views.network_indicators_csv, name="indicators_csv"),
]

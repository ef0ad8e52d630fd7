"""Messaging pages under /messages/: one URL per action, every change a POST."""

from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.index, name="index"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/accept/", views.request_accept, name="request_accept"),
    path("requests/<int:pk>/refuse/", views.request_refuse, name="request_refuse"),
    path("direct/<int:user_id>/", views.direct, name="direct"),
    path("groups/new/", views.group_new, name="group_new"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/read/", views.read, name="read"),
    path("<int:pk>/mute/", views.mute, name="mute"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/add/", views.members_add, name="members_add"),
    path("<int:pk>/members/<int:user_id>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("messages/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path("messages/<int:pk>/delete/", views.message_delete, name="message_delete"),
    path("messages/<int:pk>/react/", views.message_react, name="message_react"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("blocks/", views.blocks, name="blocks"),
    path("blocks/<int:user_id>/", views.block, name="block"),
    path("blocks/<int:user_id>/remove/", views.block_remove, name="block_remove"),
    path("settings/", views.settings_page, name="settings"),
]

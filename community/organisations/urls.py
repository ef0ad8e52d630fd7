from django.urls import path

from community.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/verify/", views.verify, name="verify"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("<slug:slug>/offerings/new/", views.offering_create, name="offering_create"),
    path("<slug:slug>/offerings/<int:pk>/edit/", views.offering_edit, name="offering_edit"),
    path("<slug:slug>/offerings/<int:pk>/delete/", views.offering_delete, name="offering_delete"),
    path("<slug:slug>/offerings/<int:pk>/photos/", views.offering_photo_add, name="offering_photo_add"),
    path(
        "<slug:slug>/offerings/<int:pk>/photos/<int:photo_pk>/delete/",
        views.offering_photo_delete,
        name="offering_photo_delete",
    ),
    path("<slug:slug>/inquire/", views.inquire, name="inquire"),
    path("<slug:slug>/inquiries/", views.inquiries, name="inquiries"),
    path("<slug:slug>/inquiries/<int:pk>/status/", views.inquiry_status, name="inquiry_status"),
]

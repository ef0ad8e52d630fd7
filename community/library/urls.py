from django.urls import path

from community.library import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.json", views.export_json, name="export_json"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review_queue, name="review_queue"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/new/", views.guide_create, name="guide_create"),
    path("guides/<slug:slug>/", views.guide_detail, name="guide"),
    path("guides/<slug:slug>/print/", views.guide_print, name="guide_print"),
    path("guides/<slug:slug>/edit/", views.guide_edit, name="guide_edit"),
    path("guides/<slug:slug>/chapters/", views.guide_chapter_add, name="guide_chapter_add"),
    path("guides/<slug:slug>/practices/", views.guide_practice_add, name="guide_practice_add"),
    path("guides/<slug:slug>/items/<int:pk>/move/", views.guide_item_move, name="guide_item_move"),
    path("guides/<slug:slug>/items/<int:pk>/remove/", views.guide_item_remove, name="guide_item_remove"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/submit/", views.submit, name="submit"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/diff/", views.diff, name="diff"),
    path("<slug:slug>/comments/", views.comment, name="comment"),
    path("<slug:slug>/endorse/", views.endorse, name="endorse"),
    path("<slug:slug>/adoptions/", views.adopt, name="adopt"),
    path("<slug:slug>/files/", views.attachment_add, name="attachment_add"),
    path("<slug:slug>/files/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]

from django.urls import path

from community.toolbox import views

app_name = "toolbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/sections/<slug:section>/", views.plan_section, name="plan_section"),
    path("plans/<int:pk>/print/", views.plan_print, name="plan_print"),
    path("plans/<int:pk>/plan.md", views.plan_markdown, name="plan_markdown"),
    path("cashflow/new/", views.cashflow_create, name="cashflow_create"),
    path("cashflow/<int:pk>/", views.cashflow_detail, name="cashflow_detail"),
    path("cashflow/<int:pk>/settings/", views.cashflow_settings, name="cashflow_settings"),
    path("cashflow/<int:pk>/lines/new/", views.cashflow_line_create, name="cashflow_line_create"),
    path("cashflow/<int:pk>/lines/<int:line_pk>/", views.cashflow_line_edit, name="cashflow_line_edit"),
    path(
        "cashflow/<int:pk>/lines/<int:line_pk>/delete/",
        views.cashflow_line_delete,
        name="cashflow_line_delete",
    ),
    path("cashflow/<int:pk>/export.csv", views.cashflow_export, name="cashflow_export"),
    path("cashflow/<int:pk>/import/", views.cashflow_import, name="cashflow_import"),
    path("marketing/new/", views.marketing_create, name="marketing_create"),
    path("marketing/<int:pk>/", views.marketing_detail, name="marketing_detail"),
    path("marketing/<int:pk>/edit/", views.marketing_edit, name="marketing_edit"),
    path("marketing/<int:pk>/actions/new/", views.marketing_action_create, name="marketing_action_create"),
    path(
        "marketing/<int:pk>/actions/<int:action_pk>/",
        views.marketing_action_edit,
        name="marketing_action_edit",
    ),
    path(
        "marketing/<int:pk>/actions/<int:action_pk>/delete/",
        views.marketing_action_delete,
        name="marketing_action_delete",
    ),
    path("<str:kind>/<int:pk>/sharing/", views.sharing, name="sharing"),
    path("<str:kind>/<int:pk>/sharing/<int:share_pk>/remove/", views.share_remove, name="share_remove"),
    path("<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
]

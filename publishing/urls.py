"""The editors' pages, under /workspace/articles/."""

from django.urls import path

from publishing import rescue_report_views, views

app_name = "publishing"

urlpatterns = [
    path("", views.article_list, name="article-list"),
    path("new/", views.article_new, name="article-new"),
    path("rescue-reports/new/", rescue_report_views.rescue_report_new, name="rescue-report-new"),
    path("<int:pk>/", views.article_detail, name="article-detail"),
    path("<int:pk>/edit/", views.article_edit, name="article-edit"),
    path(
        "<int:pk>/translate/<slug:language>/",
        views.article_translate,
        name="article-translate",
    ),
    path("<int:pk>/submit/", views.article_submit, name="article-submit"),
    path("<int:pk>/return/", views.article_return, name="article-return"),
    path("<int:pk>/publish/", views.article_publish, name="article-publish"),
    path("<int:pk>/unpublish/", views.article_unpublish, name="article-unpublish"),
    path(
        "<int:pk>/anonymisation/",
        rescue_report_views.article_confirm_anonymisation,
        name="article-confirm-anonymisation",
    ),
    path(
        "<int:pk>/revisions/<int:revision_pk>/",
        views.revision_detail,
        name="revision-detail",
    ),
]

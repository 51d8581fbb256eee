"""Survivors' assistance plans in the workspace (/workspace/assistance/)."""

from django.urls import path

from assistance import views

app_name = "assistance"

urlpatterns = [
    path("open/<uuid:case_pk>/<uuid:person_pk>/", views.plan_open, name="plan-open"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/services/", views.service_add, name="service-add"),
    path("<int:pk>/services/<int:service_pk>/", views.service_edit, name="service-edit"),
    path("<int:pk>/return/", views.return_record, name="return-record"),
    path("<int:pk>/referrals/", views.referral_add, name="referral-add"),
    path("<int:pk>/referrals/<int:referral_pk>/send/", views.referral_send, name="referral-send"),
    path(
        "<int:pk>/referrals/<int:referral_pk>/answer/",
        views.referral_answer,
        name="referral-answer",
    ),
    path(
        "<int:pk>/referrals/<int:referral_pk>/outcome/",
        views.referral_outcome,
        name="referral-outcome",
    ),
    path(
        "<int:pk>/referrals/<int:referral_pk>/cancel/",
        views.referral_cancel,
        name="referral-cancel",
    ),
    path("<int:pk>/consents/", views.consent_give, name="consent-give"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
]

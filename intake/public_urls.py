"""The public help pages (/ru/help/, /en/help/)."""

from django.urls import path

from intake.views import public

app_name = "help"

urlpatterns = [
    path("", public.request_help, name="request"),
    path("follow-up/", public.follow_up, name="follow-up"),
    path("follow-up/message/", public.follow_up_message, name="follow-up-message"),
    path("follow-up/leave/", public.follow_up_leave, name="follow-up-leave"),
]

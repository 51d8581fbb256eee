"""Every audit verb, with the label the audit screen shows. Apps add theirs here.

A verb is `app.noun_pastverb`. record() refuses verbs missing from this list, so a typo in an
action fails its test instead of writing an entry nobody can filter for.
"""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "accounts.profile_updated": _("Profile updated"),
    # Help requests.
    "intake.request_submitted": _("Help request submitted"),
    "intake.request_resubmitted": _("Help request submitted again (new follow-up code)"),
    "intake.request_recorded": _("Help request recorded by staff"),
    "intake.request_viewed": _("Help request viewed"),
    "intake.request_triaged": _("Help request triaged"),
    "intake.request_accepted": _("Help request accepted into a case"),
    "intake.request_closed": _("Help request closed"),
    "intake.attachment_downloaded": _("Writer's file downloaded"),
    "intake.follow_up_read": _("Writer read the replies"),
    "intake.writer_message_added": _("Writer added information"),
    "intake.reply_sent": _("Reply sent to the writer"),
    # Cases and people.
    "cases.case_opened": _("Case opened"),
    "cases.case_viewed": _("Case viewed"),
    "cases.case_updated": _("Case details changed"),
    "cases.status_changed": _("Case status changed"),
    "cases.case_closed": _("Case closed"),
    "cases.worker_assigned": _("Worker assigned"),
    "cases.worker_unassigned": _("Worker removed from the case"),
    "cases.access_granted": _("Access to the case granted"),
    "cases.access_revoked": _("Access to the case revoked"),
    "cases.task_added": _("Task added"),
    "cases.task_done": _("Task done"),
    "cases.task_reassigned": _("Task handed to another person"),
    "cases.note_added": _("Note added"),
    "cases.file_added": _("File added"),
    "cases.file_downloaded": _("File downloaded"),
    "cases.person_added": _("Person added to the case"),
    "cases.person_removed": _("Person removed from the case"),
    "cases.person_created": _("Person record created"),
    "cases.person_viewed": _("Person record viewed"),
    "cases.person_updated": _("Person record changed"),
    "cases.work_handed_over": _("Work handed over to another person"),
}


def label_for(verb):
    return VERBS.get(verb, verb)

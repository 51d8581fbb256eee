"""Every audit verb, with the label the audit screen shows. Apps add theirs here.

A verb is `app.noun_pastverb`. record() refuses verbs missing from this list, so a typo in an
action fails its test instead of writing an entry nobody can filter for.
"""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "accounts.profile_updated": _("Profile updated"),
    "accounts.branch_created": _("Branch added"),
    "accounts.branch_updated": _("Branch changed"),
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
    # Assistance (assistance app adds its verbs below this line).
    "assistance.plan_opened": _("Assistance plan opened"),
    "assistance.plan_viewed": _("Assistance plan viewed"),
    "assistance.service_added": _("Service added to an assistance plan"),
    "assistance.service_updated": _("Service in an assistance plan changed"),
    "assistance.return_recorded": _("Return home recorded"),
    "assistance.referral_added": _("Referral to a partner prepared"),
    "assistance.referral_sent": _("Referral sent to a partner"),
    "assistance.referral_answered": _("Partner's answer to a referral recorded"),
    "assistance.referral_completed": _("Referral outcome recorded"),
    "assistance.referral_cancelled": _("Referral cancelled"),
    "assistance.consent_given": _("Consent recorded"),
    "assistance.consent_withdrawn": _("Consent withdrawn"),
    # Operations (operations app adds its verbs below this line).
    "operations.operation_created": _("Rescue operation planned"),
    "operations.operation_viewed": _("Rescue operation viewed"),
    "operations.brief_viewed": _("Operation brief opened for printing"),
    "operations.plan_updated": _("Operation plan changed"),
    "operations.team_member_added": _("Team member added to the operation"),
    "operations.team_member_removed": _("Team member taken off the operation"),
    "operations.contact_added": _("Contact added to the operation"),
    "operations.contact_removed": _("Contact removed from the operation"),
    "operations.transport_added": _("Transport or ticket added to the operation"),
    "operations.transport_removed": _("Transport or ticket removed from the operation"),
    "operations.checklist_ticked": _("Risk checklist item ticked"),
    "operations.checklist_unticked": _("Risk checklist item unticked"),
    "operations.operation_approved": _("Operation plan approved"),
    "operations.approval_withdrawn": _("Operation approval withdrawn after a change"),
    "operations.operation_ready": _("Operation marked ready"),
    "operations.operation_started": _("Operation started"),
    "operations.operation_completed": _("Operation completed with a debrief"),
    "operations.operation_aborted": _("Operation aborted"),
    "operations.checklist_item_added": _("Risk checklist item added"),
    "operations.checklist_item_changed": _("Risk checklist item changed"),
    # Shelters (shelters app adds its verbs below this line).
    "shelters.shelter_created": _("Shelter recorded"),
    "shelters.shelter_updated": _("Shelter details changed"),
    "shelters.address_viewed": _("Shelter address viewed"),
    "shelters.person_placed": _("Person placed in a shelter"),
    "shelters.placement_ended": _("Shelter stay ended"),
    # Partners and referrals (network app adds its verbs below this line).
    "network.partner_added": _("Partner organisation added"),
    "network.partner_updated": _("Partner organisation changed"),
    "network.volunteer_signed_up": _("Volunteer signed up"),
    "network.volunteer_resubmitted": _("Volunteer sign-up sent again before confirmation"),
    "network.volunteer_confirmed": _("Volunteer confirmed their email address"),
    "network.unconfirmed_sign_up_deleted": _("Unconfirmed volunteer sign-up deleted"),
    "network.volunteer_viewed": _("Volunteer record viewed"),
    "network.volunteer_moved": _("Volunteer moved in vetting"),
    "network.volunteer_updated": _("Volunteer details changed"),
    "network.volunteer_account_opened": _("Workspace account opened for a volunteer"),
    "network.volunteer_account_closed": _("Volunteer's workspace account closed"),
    "network.time_logged": _("Volunteer time logged"),
}


def label_for(verb):
    return VERBS.get(verb, verb)

"""The assistance plan page (/workspace/assistance/<plan>/) and the changes made from it.

Each view finds the plan with queries.plan_for (404 unless the user sees its case in full), checks
the form, calls one action, and redirects back to the page (PRG) — or shows the page again with
the errors, status 200, when the input or a business rule says no. Every page that shows the plan
records a view of it in the audit trail.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_required
from assistance import actions, queries
from assistance.forms import (
    ConfirmForm,
    ConsentForm,
    ReferralAnswerForm,
    ReferralForm,
    ReferralOutcomeForm,
    ReturnForm,
    ServiceForm,
    WithdrawConsentForm,
)
from assistance.models import Referral, Service
from cases import queries as case_queries
from cases.models import Case
from svoboda.errors import DomainError

ReferralStatus = Referral.Status


def _can(plan, access):
    """What the page offers: plan changes wait while the case is closed; consents never wait."""
    return {
        "change": access.edit and plan.case.status != Case.Status.CLOSED,
        "consents": access.edit,
    }


def _forms(plan, can):
    forms = {}
    if can["change"]:
        owners = queries.follow_up_owners(plan.case)
        partners = queries.partners_to_choose()
        forms["service"] = lambda: ServiceForm(
            partners=partners, owners=owners, auto_id="service_%s"
        )
        forms["return"] = lambda: ReturnForm(owners=owners, auto_id="return_%s")
        forms["referral"] = lambda: ReferralForm(
            partners=partners, services=Service.objects.filter(plan=plan), auto_id="referral_%s"
        )
    if can["consents"]:
        forms["consent"] = lambda: ConsentForm(
            partners=queries.partners_to_choose(), auto_id="consent_%s"
        )
    return forms


def _referral_row(referral, can, form_name, form):
    """One referral with the steps open to it now, each with its (possibly returned) form."""
    pk = referral.pk
    status = referral.status

    def form_for(name, make):
        key = f"{name}-{pk}"
        return form if form_name == key else make(auto_id=f"{key}_%s")

    shares = status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    row = {
        "referral": referral,
        # The consent it was sent under was withdrawn: nothing more may be shared.
        "consent_withdrawn": shares and not referral.consent_in_force,
        "answer_name": f"answer-{pk}",
        "outcome_name": f"outcome-{pk}",
        "send_form": None,
        "answer_form": None,
        "outcome_form": None,
        "cancel_form": None,
    }
    if not can["change"]:
        return row
    if status == ReferralStatus.DRAFT:
        row["send_form"] = form_for("send", ConfirmForm)
    if status == ReferralStatus.SENT:
        row["answer_form"] = form_for(
            "answer",
            lambda **kw: ReferralAnswerForm(refusal_only=row["consent_withdrawn"], **kw),
        )
    if status == ReferralStatus.ACCEPTED:
        row["outcome_form"] = form_for("outcome", ReferralOutcomeForm)
    if status in (ReferralStatus.DRAFT, ReferralStatus.SENT, ReferralStatus.ACCEPTED):
        row["cancel_form"] = form_for("cancel", ConfirmForm)
    return row


def _consent_row(consent, can, form_name, form):
    key = f"withdraw-{consent.pk}"
    withdraw_form = None
    if can["consents"] and consent.is_in_force:
        withdraw_form = form if form_name == key else WithdrawConsentForm(auto_id=f"{key}_%s")
    return {"consent": consent, "withdraw_form": withdraw_form, "withdraw_name": key}


def render_plan_page(request, plan, access, *, form_name=None, form=None):
    """The plan page; `form` (named `form_name`) is one that came back with errors. Whoever gets
    this page has read the plan, so it records the view, also when a form comes back."""
    queries.record_plan_view(request.user, plan)
    can = _can(plan, access)
    forms = {name: make() for name, make in _forms(plan, can).items()}
    if form_name in forms:
        forms[form_name] = form
    contents = queries.plan_contents(plan)
    return render(
        request,
        "assistance/plan_detail.html",
        {
            "plan": plan,
            "case": plan.case,
            "person": plan.person,
            "can": can,
            "forms": forms,
            "open_form": form_name,
            "services": contents.services,
            "follow_ups": contents.follow_ups,
            "referrals": [
                _referral_row(referral, can, form_name, form) for referral in contents.referrals
            ],
            "consents": [
                _consent_row(consent, can, form_name, form) for consent in contents.consents
            ],
        },
    )


def _allowed(flag):
    if not flag:
        raise PermissionDenied


def _apply(request, plan, access, form_name, form, anchor, message, change):
    """Run `change()` (one action) if the form is valid; otherwise show the page with errors."""
    if form.is_valid():
        try:
            change()
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, message)
            return redirect(f"{reverse('assistance:plan-detail', args=[plan.pk])}#{anchor}")
    return render_plan_page(request, plan, access, form_name=form_name, form=form)


@staff_required
@require_POST
def plan_open(request, case_pk, person_pk):
    """Open the survivor's plan from the case or person page, then go to it."""
    case, access = case_queries.case_for(request.user, case_pk)
    _allowed(access.edit)
    person = queries.survivor_in_case(case, person_pk)
    try:
        plan = actions.open_assistance_plan(actor=request.user, case=case, person=person)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(case)
    if plan.case_id != case.pk:
        kept_in = case_queries.access_to(request.user, plan.case)
        if kept_in is None or not kept_in.full:
            messages.error(
                request,
                _("This survivor's assistance plan is kept in a case you do not work on."),
            )
            return redirect(case)
    return redirect("assistance:plan-detail", plan.pk)


@staff_required
@require_GET
def plan_detail(request, pk):
    plan, access = queries.plan_for(request.user, pk)
    return render_plan_page(request, plan, access)


@staff_required
@require_POST
def service_add(request, pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    form = ServiceForm(
        request.POST,
        partners=queries.partners_to_choose(),
        owners=queries.follow_up_owners(plan.case),
        auto_id="service_%s",
    )
    return _apply(
        request,
        plan,
        access,
        "service",
        form,
        "services",
        _("The service was added."),
        lambda: actions.add_service(
            actor=request.user,
            plan=plan,
            follow_up_owner=form.cleaned_data["follow_up_owner"],
            **form.service_fields(),
        ),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def service_edit(request, pk, service_pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    service = queries.service_of(plan, service_pk)
    options = {
        "partners": queries.partners_to_choose(current=service.provider),
        "owners": queries.follow_up_owners(plan.case),
    }
    if request.method == "POST":
        form = ServiceForm(request.POST, **options)
        if form.is_valid():
            try:
                actions.update_service(
                    actor=request.user,
                    service=service,
                    follow_up_owner=form.cleaned_data["follow_up_owner"],
                    **form.service_fields(),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The service was saved."))
                return redirect(f"{reverse('assistance:plan-detail', args=[plan.pk])}#services")
    else:
        form = ServiceForm.for_service(service, **options)
    # The form shows the service's notes: opening it, or getting it back, is a read of the plan.
    queries.record_plan_view(request.user, plan, service=service.pk)
    return render(
        request,
        "assistance/service_edit.html",
        {"plan": plan, "person": plan.person, "service": service, "form": form},
    )


@staff_required
@require_POST
def return_record(request, pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    form = ReturnForm(request.POST, owners=queries.follow_up_owners(plan.case), auto_id="return_%s")
    return _apply(
        request,
        plan,
        access,
        "return",
        form,
        "follow-ups",
        _("The return home was recorded and the follow-up calls are in the case's tasks."),
        lambda: actions.record_return_home(
            actor=request.user,
            plan=plan,
            returned_on=form.cleaned_data["returned_on"],
            follow_up_owner=form.cleaned_data["follow_up_owner"],
        ),
    )


@staff_required
@require_POST
def referral_add(request, pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    form = ReferralForm(
        request.POST,
        partners=queries.partners_to_choose(),
        services=Service.objects.filter(plan=plan),
        auto_id="referral_%s",
    )
    return _apply(
        request,
        plan,
        access,
        "referral",
        form,
        "referrals",
        _("The referral was prepared. It is sent only when you say so."),
        lambda: actions.add_referral(actor=request.user, plan=plan, **form.cleaned_data),
    )


@staff_required
@require_POST
def referral_send(request, pk, referral_pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    referral = queries.referral_of(plan, referral_pk)
    return _apply(
        request,
        plan,
        access,
        f"send-{referral.pk}",
        ConfirmForm(request.POST),
        "referrals",
        _("The referral is recorded as sent."),
        lambda: actions.send_referral(actor=request.user, referral=referral),
    )


@staff_required
@require_POST
def referral_answer(request, pk, referral_pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    referral = queries.referral_of(plan, referral_pk)
    form = ReferralAnswerForm(request.POST, auto_id=f"answer-{referral.pk}_%s")
    return _apply(
        request,
        plan,
        access,
        f"answer-{referral.pk}",
        form,
        "referrals",
        _("The partner's answer was recorded."),
        lambda: actions.record_referral_answer(
            actor=request.user,
            referral=referral,
            accepted=form.cleaned_data["answer"],
            answered_on=form.cleaned_data["answered_on"],
            note=form.cleaned_data["note"],
        ),
    )


@staff_required
@require_POST
def referral_outcome(request, pk, referral_pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    referral = queries.referral_of(plan, referral_pk)
    form = ReferralOutcomeForm(request.POST, auto_id=f"outcome-{referral.pk}_%s")
    return _apply(
        request,
        plan,
        access,
        f"outcome-{referral.pk}",
        form,
        "referrals",
        _("The outcome of the referral was recorded."),
        lambda: actions.record_referral_outcome(
            actor=request.user, referral=referral, **form.cleaned_data
        ),
    )


@staff_required
@require_POST
def referral_cancel(request, pk, referral_pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    referral = queries.referral_of(plan, referral_pk)
    return _apply(
        request,
        plan,
        access,
        f"cancel-{referral.pk}",
        ConfirmForm(request.POST),
        "referrals",
        _("The referral was cancelled."),
        lambda: actions.cancel_referral(actor=request.user, referral=referral),
    )


@staff_required
@require_POST
def consent_give(request, pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    form = ConsentForm(request.POST, partners=queries.partners_to_choose(), auto_id="consent_%s")
    return _apply(
        request,
        plan,
        access,
        "consent",
        form,
        "consents",
        _("The consent was recorded."),
        lambda: actions.give_consent(actor=request.user, plan=plan, **form.cleaned_data),
    )


@staff_required
@require_POST
def consent_withdraw(request, pk, consent_pk):
    plan, access = queries.plan_for(request.user, pk)
    _allowed(access.edit)
    consent = queries.consent_of(plan, consent_pk)
    form = WithdrawConsentForm(request.POST, auto_id=f"withdraw-{consent.pk}_%s")
    return _apply(
        request,
        plan,
        access,
        f"withdraw-{consent.pk}",
        form,
        "consents",
        _("The withdrawal was recorded. It takes effect at once."),
        lambda: actions.withdraw_consent(
            actor=request.user, plan=plan, consent=consent, **form.cleaned_data
        ),
    )

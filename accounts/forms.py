from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import translation

from accounts import throttle
from accounts.actions import BRANCH_FIELDS
from accounts.models import Branch, User
from svoboda.mail import queue_email


class ThrottledSignIn:
    """Refuses a sign-in while the account or the connection is cooling off (accounts.throttle),
    before the password is even checked, so the answer is the same whether it was right, wrong
    or the account does not exist."""

    throttled_message = None

    def clean(self):
        typed = self.cleaned_data.get("username") or ""
        minutes = throttle.refused_minutes(self.request, typed)
        if minutes:
            self.throttled_message = throttle.refusal_message(minutes)
            raise ValidationError(self.throttled_message, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if getattr(error, "code", None) == "invalid_login":
                throttle.record_failure(self.request, typed)
            raise
        throttle.forget(typed)
        return cleaned


class SignInForm(ThrottledSignIn, auth_forms.AuthenticationForm):
    pass


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the mail queued as a job and written in the user's language."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        with translation.override(context["user"].language):
            subject = loader.render_to_string(subject_template_name, context)
            body = loader.render_to_string(email_template_name, context)
        queue_email(subject="".join(subject.splitlines()), body=body, to=[to_email])


class UserCreationForm(auth_forms.BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileForm(forms.Form):
    """Not a ModelForm: validating must not touch the user object before the action runs."""

    full_name = User._meta.get_field("full_name").formfield()
    language = User._meta.get_field("language").formfield()


class BranchForm(forms.Form):
    """A branch's details; accounts.actions checks the rules. Not a ModelForm, so that
    validating does not touch the branch before the action runs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(Branch, fields=BRANCH_FIELDS)
        for name in BRANCH_FIELDS:
            self.fields[name] = fields[name]

    @classmethod
    def for_branch(cls, branch):
        initial = {name: getattr(branch, name) for name in BRANCH_FIELDS}
        initial["country"] = branch.country.code
        return cls(initial=initial)

"""Signing in as a person does: the password form, then the code page with a code from the app."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = reverse("accounts:login")
TWO_FACTOR = reverse("accounts:two-factor")


def authenticator_code(user):
    """The code the user's authenticator app shows now, as a phone would.

    django-otp accepts each time step once per device; tests sign in several times within one
    step, so the device forgets the step it last accepted, as if the next step had come.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return code_for(device)


def code_for(device):
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def sign_in(client, user, **extra):
    """Password (the factories' "password"), then the authenticator code; returns the code
    page's redirect."""
    response = client.post(LOGIN, {"username": user.email, "password": "password"}, **extra)
    assert response.status_code == 302, "the password step should succeed"
    response = client.post(TWO_FACTOR, {"code": authenticator_code(user)}, **extra)
    assert response.status_code == 302, "the code step should succeed"
    return response

"""Reads of the partner registry. The registry is one list for the whole organisation: who may
read it is a role permission (network.view_partner), not a branch's scope."""

from django.db.models import Q
from django.http import Http404

from network.models import Partner


def find_partners(*, query="", kind="", country="", active=None):
    """The partner list, filtered; one query whatever its length."""
    partners = Partner.objects.all()
    if query:
        partners = partners.filter(Q(name__icontains=query) | Q(services__icontains=query))
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        # Stored as comma-separated two-letter codes, so a code cannot match across two.
        partners = partners.filter(countries__contains=country)
    if active is not None:
        partners = partners.filter(is_active=active)
    return partners.order_by("name")


def partner_for(pk):
    """One partner, or 404."""
    partner = Partner.objects.filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner

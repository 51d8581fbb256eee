"""Addresses of articles and events: readable, unique per language, in any script."""

from django.utils.text import slugify


def unique_slug(model, language, wanted, *, exclude_pk=None, fallback, reserved=()):
    """A slug for `wanted` that no other row of `model` in `language` uses; words in
    `reserved` (the pages' own addresses) get a suffix."""
    base = slugify(wanted, allow_unicode=True)[:100].strip("-") or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    slug, number = base, 1
    taken = model.objects.filter(language=language).exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug

"""The link to the duplicate review from the people list, which belongs to the cases app."""

from django import template

from matching.duplicate_queries import count_open_pairs

register = template.Library()


@register.inclusion_tag("matching/_duplicates_link.html", takes_context=True)
def possible_duplicates_link(context):
    """ "Possible duplicates (N)" for those who review them; N counts only pairs whose two
    records the user may see."""
    user = context.request.user
    allowed = user.has_perm("matching.merge_people")
    return {"allowed": allowed, "count": count_open_pairs(user) if allowed else 0}

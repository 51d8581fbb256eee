"""Links to assistance plans from the case and person pages, which belong to the cases app.

Each tag asks assistance.queries once (a fixed number of queries, however many survivors) and
renders a partial; what it shows follows the same need-to-know as the plan page.
"""

from django import template

from assistance import queries

register = template.Library()


@register.inclusion_tag("assistance/_case_assistance.html", takes_context=True)
def case_assistance(context, case):
    """The case's survivors, each with a link to their plan or a button to open one."""
    return {"case": case, "survivors": queries.survivors_of_case(context.request.user, case)}


@register.inclusion_tag("assistance/_person_assistance.html", takes_context=True)
def person_assistance(context, person):
    """The person's plan, or buttons to open one in the cases where they are a survivor."""
    return {
        "person": person,
        "assistance": queries.assistance_of_person(context.request.user, person),
    }

"""Every URL pattern of the project, by name, and the real ids to fill in each one.

`url_patterns()` walks the resolver as test_url_protection does, so a page added later shows up
here (and must then be added to access_matrix.TABLE). A pattern without a name (the admin's
catch-all) is known by its namespace and route: "admin:<route>".
"""

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from svoboda.tests.test_url_protection import sample_for_regex, sample_for_route


def url_patterns():
    """{name: (sample path, names of its parameters)} for every pattern; names are namespaced
    as reverse() wants them."""
    found = {}

    def walk(patterns, prefix, namespace, params=()):
        for entry in patterns:
            pattern = entry.pattern
            here = (*params, *pattern.regex.groupindex)
            if isinstance(pattern, RoutePattern):
                piece = sample_for_route(str(pattern))
            elif isinstance(pattern, RegexPattern):
                regex = pattern.regex.pattern.lstrip("^").rstrip("$").rstrip("\\Z")
                piece = sample_for_regex(regex)
            else:  # the language prefix of i18n_patterns
                piece = "en/"
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + piece, inner, here)
            elif isinstance(entry, URLPattern):
                name = entry.name or f"<{pattern}>"
                found[f"{namespace}:{name}" if namespace else name] = ("/" + prefix + piece, here)

    walk(get_resolver().url_patterns, "", "")
    return found


# Ids of things that belong to a branch: each URL is asked for with the objects of the
# persona's own branch and with those of the other branch.
BRANCH_KWARGS = {
    "team:branch-detail": lambda o: {"pk": o["branch"].pk},
    "team:branch-edit": lambda o: {"pk": o["branch"].pk},
    "intake:attachment-download": lambda o: {"pk": o["attachment"].pk},
    "shelters:person-place": lambda o: {"person_pk": o["person"].pk},
    "shelters:placement-end": lambda o: {"pk": o["placement"].pk},
    "operations:team-remove": lambda o: {
        "pk": o["operation"].pk,
        "member_id": o["team_member"].pk,
    },
    "operations:contact-remove": lambda o: {
        "pk": o["operation"].pk,
        "contact_id": o["operation_contact"].pk,
    },
    "operations:transport-remove": lambda o: {
        "pk": o["operation"].pk,
        "item_id": o["transport_item"].pk,
    },
    "operations:checklist-tick": lambda o: {
        "pk": o["operation"].pk,
        "item_id": o["checklist_item"].pk,
    },
    "assistance:plan-open": lambda o: {"case_pk": o["case"].pk, "person_pk": o["person"].pk},
    "assistance:service-edit": lambda o: {"pk": o["plan"].pk, "service_pk": o["service"].pk},
    "assistance:consent-withdraw": lambda o: {"pk": o["plan"].pk, "consent_pk": o["consent"].pk},
    "reports:report-export": lambda o: {"pk": o["report_export"].pk},
    "reports:report-export-download": lambda o: {"pk": o["report_export"].pk},
    "reports:report-export-print": lambda o: {"pk": o["report_export"].pk},
    "cases:case-unassign": lambda o: {"pk": o["case"].pk, "user_id": o["caseworker"].pk},
    "cases:case-revoke": lambda o: {"pk": o["case"].pk, "user_id": o["grantee"].pk},
    "cases:task-done": lambda o: {"task_id": o["task"].pk},
    "cases:file-download": lambda o: {"pk": o["case_file"].pk},
    "cases:case-reply": lambda o: {"pk": o["case"].pk, "request_id": o["case_request"].pk},
    "cases:participant-remove": lambda o: {"participant_id": o["participant"].pk},
    "duplicates:pair-detail": lambda o: {"pk": o["duplicate_pair"].pk},
    "duplicates:pair-merge": lambda o: {"pk": o["duplicate_pair"].pk},
    "duplicates:pair-dismiss": lambda o: {"pk": o["duplicate_pair"].pk},
    "duplicates:merge-undo": lambda o: {"pk": o["person_merge"].pk},
}

# The object a namespace's "pk" names, when the URL does not say otherwise above.
NAMESPACE_PK = {
    "intake": "help_request",
    "people": "person",
    "shelters": "shelter",
    "operations": "operation",
    "volunteers": "volunteer_record",
    "assistance": "plan",
    "cases": "case",
}
for_referral = ("referral-send", "referral-answer", "referral-outcome", "referral-cancel")
for name in for_referral:
    BRANCH_KWARGS[f"assistance:{name}"] = lambda o: {
        "pk": o["plan"].pk,
        "referral_pk": o["referral"].pk,
    }

# Ids of things that belong to no branch (articles, events, posts, partners, checklist items)
# and the public pages' slugs and tokens.
SHARED_KWARGS = {
    "operations:checklist-item-edit": lambda s: {"item_id": s["checklist_item"].pk},
    "network:partner-detail": lambda s: {"pk": s["partner"].pk},
    "network:partner-edit": lambda s: {"pk": s["partner"].pk},
    "article_images:upload": lambda s: {"pk": s["article"].pk},
    "article_images:edit": lambda s: {"pk": s["article"].pk, "image_pk": s["image"].pk},
    "article_images:delete": lambda s: {"pk": s["article"].pk, "image_pk": s["image"].pk},
    "publishing:article-translate": lambda s: {"pk": s["article"].pk, "language": "en"},
    "publishing:revision-detail": lambda s: {
        "pk": s["article"].pk,
        "revision_pk": s["revision"].pk,
    },
    "workspace-events:event-translate": lambda s: {"pk": s["event"].pk, "language": "en"},
    "workspace-events:programme-edit": lambda s: {
        "pk": s["event"].pk,
        "item_pk": s["programme_item"].pk,
    },
    "workspace-events:programme-remove": lambda s: {
        "pk": s["event"].pk,
        "item_pk": s["programme_item"].pk,
    },
    "broadcast:post-retry": lambda s: {"pk": s["post"].pk},
    "broadcast:post-cancel": lambda s: {"pk": s["post"].pk},
    "broadcast:post-withdraw": lambda s: {"pk": s["post"].pk},
    "broadcast:post-removed": lambda s: {"pk": s["post"].pk},
    "article_media:file": lambda s: {
        "key": s["image"].key,
        "name": s["image"].file.name.rsplit("/", 1)[-1],
    },
    "news:category": lambda s: {"slug": s["public_article"].category.slug},
    "news:archive": lambda s: {
        "year": s["public_article"].publish_at.year,
        "month": s["public_article"].publish_at.month,
    },
    "news:article": lambda s: {"slug": s["public_article"].slug},
    "feeds:category-rss": lambda s: {"slug": s["public_article"].category.slug},
    "feeds:category-atom": lambda s: {"slug": s["public_article"].category.slug},
    "events:event": lambda s: {"slug": s["event"].slug},
    "events:event-ics": lambda s: {"slug": s["event"].slug},
    "accounts:password-reset-confirm": lambda s: {
        "uidb64": urlsafe_base64_encode(force_bytes(s["coordinator"].pk)),
        "token": default_token_generator.make_token(s["coordinator"]),
    },
    "volunteer-signup:confirm": lambda s: {"token": s["volunteer_token"]},
    "subscriptions:confirm": lambda s: {"token": s["subscription_token"]},
    "subscriptions:unsubscribe": lambda s: {"token": s["unsubscribe_token"]},
    "publishing:article-confirm-anonymisation": lambda s: {"pk": s["rescue_report"].pk},
}
for name in ("article-detail", "article-edit", "article-submit", "article-return"):
    SHARED_KWARGS[f"publishing:{name}"] = lambda s: {"pk": s["article"].pk}
for name in ("article-publish", "article-unpublish"):
    SHARED_KWARGS[f"publishing:{name}"] = lambda s: {"pk": s["article"].pk}
for name in ("event-detail", "event-edit", "event-publish", "event-unpublish", "programme-add"):
    SHARED_KWARGS[f"workspace-events:{name}"] = lambda s: {"pk": s["event"].pk}


def branch_bound(name, params):
    """Whether the URL names something that belongs to a branch."""
    namespace = name.split(":", 1)[0]
    return name in BRANCH_KWARGS or ("pk" in params and namespace in NAMESPACE_PK)


def path_for(name, params, objects):
    """The URL with real ids from `objects` (one branch's objects and the shared ones)."""
    if name in BRANCH_KWARGS:
        kwargs = BRANCH_KWARGS[name](objects)
    elif name in SHARED_KWARGS:
        kwargs = SHARED_KWARGS[name](objects)
    elif params:
        kwargs = {"pk": objects[NAMESPACE_PK[name.split(":", 1)[0]]].pk}
    else:
        kwargs = {}
    # The public pages in Russian, the language of the articles and events made for them.
    with translation.override("ru"):
        return reverse(name, kwargs=kwargs)

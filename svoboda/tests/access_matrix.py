"""Who may reach each URL of the project: the table that test_access_matrix.py checks.

One entry per URL name (admin URLs by one rule, below). For each entry:

- get: the personas a GET lets in, with the objects of their own branch (or the one page);
- post: the same for a POST, or None when the view takes no POST (none is sent);
- other_get, other_post: the personas let in with the objects of ANOTHER branch. Nobody by
  default: a coordinator, case worker or volunteer of one branch never reaches the cases,
  people, help requests, operations, shelter addresses or volunteers of another. Only URLs that
  name an object of a branch are asked for twice (access_urls.branch_bound).

"Let in" means a 2xx answer or a redirect that is not to a login page (for a POST sent empty:
anything but 403, 404, 405 or a login page; a form may well say the data is invalid). Everyone
else must be refused: 403, 404, 405 or a redirect to log in, with no row changed.

Roles and their permissions: accounts/roles.py; object rules: each app's rules.py and
queries.py. A persona here is the account the suite's conftest makes for a role, in the branch
"Moscow"; the case, operation and help request of its branch were made by its coordinator, and
its case worker and volunteer are assigned to the case (the volunteer also drives in the
operation). Change this table only together with the rules it describes.
"""

from dataclasses import dataclass

ADMINISTRATOR = "administrator"
COORDINATOR = "coordinator"
CASEWORKER = "caseworker"
VOLUNTEER = "volunteer"
EDITOR = "editor"
ANONYMOUS = "anonymous"

STAFF = frozenset({ADMINISTRATOR, COORDINATOR, CASEWORKER, VOLUNTEER, EDITOR})
EVERYONE = STAFF | {ANONYMOUS}
NOBODY = frozenset()


def only(*personas):
    return frozenset(personas)


# Those who see a case in full: its coordinator and the case workers assigned to it; with the
# volunteer assigned to it, those who see at least its outline.
CASE_TEAM = only(COORDINATOR, CASEWORKER)
CASE_READERS = CASE_TEAM | {VOLUNTEER}
# Those who see shelters; the registry is the whole organisation's (shelters.queries).
SHELTER_READERS = only(COORDINATOR, CASEWORKER)
PARTNER_READERS = only(ADMINISTRATOR, COORDINATOR, CASEWORKER)


@dataclass(frozen=True)
class Rule:
    get: frozenset
    post: frozenset | None = None
    other_get: frozenset = NOBODY
    other_post: frozenset = NOBODY


TABLE = {
    # Signing in, out and resetting a password: open to all. The second factor's pages
    # (enrolment, codes) answer every signed-in role.
    "accounts:login": Rule(get=EVERYONE, post=EVERYONE),
    # Signing out takes only a POST, and ends on the login page.
    "accounts:logout": Rule(get=NOBODY),
    "accounts:password-reset": Rule(get=EVERYONE, post=EVERYONE),
    "accounts:password-reset-complete": Rule(get=EVERYONE),
    "accounts:password-reset-confirm": Rule(get=EVERYONE, post=EVERYONE),
    "accounts:password-reset-done": Rule(get=EVERYONE),
    "accounts:two-factor": Rule(get=STAFF, post=STAFF),
    "accounts:two-factor-qr": Rule(get=STAFF, post=STAFF),
    "accounts:two-factor-setup": Rule(get=STAFF, post=STAFF),
    # Articles, their pictures, events and social posts: editors only.
    "article_images:delete": Rule(get=only(EDITOR), post=only(EDITOR)),
    "article_images:edit": Rule(get=only(EDITOR), post=only(EDITOR)),
    "article_images:upload": Rule(get=only(EDITOR), post=only(EDITOR)),
    # A draft's picture is served to editors only; published ones to everyone (news:*).
    "article_media:file": Rule(get=only(EDITOR)),
    # An assistance plan follows its case: the case's coordinator and assigned case workers.
    "assistance:consent-give": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:consent-withdraw": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:plan-detail": Rule(get=CASE_TEAM),
    "assistance:plan-open": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:referral-add": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:referral-answer": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:referral-cancel": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:referral-outcome": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:referral-send": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:return-record": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:service-add": Rule(get=NOBODY, post=CASE_TEAM),
    "assistance:service-edit": Rule(get=CASE_TEAM, post=CASE_TEAM),
    # The audit trail: administrators.
    "audit:entry-list": Rule(get=only(ADMINISTRATOR)),
    "broadcast:post-cancel": Rule(get=NOBODY, post=only(EDITOR)),
    "broadcast:post-list": Rule(get=only(EDITOR)),
    "broadcast:post-removed": Rule(get=NOBODY, post=only(EDITOR)),
    "broadcast:post-retry": Rule(get=NOBODY, post=only(EDITOR)),
    "broadcast:post-withdraw": Rule(get=NOBODY, post=only(EDITOR)),
    # Cases: the coordinator and the assigned case workers see and change a case; the assigned
    # volunteer sees its outline and may add a note; the list answers every role (with what
    # each may see). Closing, (un)assigning and access grants are the coordinator's.
    "cases:case-assign": Rule(get=NOBODY, post=only(COORDINATOR)),
    "cases:case-close": Rule(get=NOBODY, post=only(COORDINATOR)),
    "cases:case-detail": Rule(get=CASE_READERS),
    "cases:case-edit": Rule(get=CASE_TEAM, post=CASE_TEAM),
    "cases:case-grant": Rule(get=NOBODY, post=only(COORDINATOR)),
    "cases:case-list": Rule(get=STAFF),
    "cases:case-new": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "cases:case-reply": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:case-revoke": Rule(get=NOBODY, post=only(COORDINATOR)),
    "cases:case-status": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:case-unassign": Rule(get=NOBODY, post=only(COORDINATOR)),
    "cases:file-add": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:file-download": Rule(get=CASE_TEAM),
    "cases:note-add": Rule(get=NOBODY, post=CASE_READERS),
    "cases:participant-add": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:participant-link": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:participant-remove": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:task-add": Rule(get=NOBODY, post=CASE_TEAM),
    "cases:task-done": Rule(get=NOBODY, post=CASE_TEAM),
    # Reviewing possible duplicates and merging records: coordinators (matching.merge_people),
    # for pairs and merges whose records they see; another branch's are 404.
    "duplicates:merge-list": Rule(get=only(COORDINATOR)),
    "duplicates:merge-undo": Rule(get=NOBODY, post=only(COORDINATOR)),
    "duplicates:pair-detail": Rule(get=only(COORDINATOR)),
    "duplicates:pair-dismiss": Rule(get=NOBODY, post=only(COORDINATOR)),
    "duplicates:pair-list": Rule(get=only(COORDINATOR)),
    "duplicates:pair-merge": Rule(get=NOBODY, post=only(COORDINATOR)),
    # The public site: everyone.
    "events:event": Rule(get=EVERYONE),
    "events:event-ics": Rule(get=EVERYONE),
    "events:list": Rule(get=EVERYONE),
    "feeds:atom": Rule(get=EVERYONE),
    "feeds:category-atom": Rule(get=EVERYONE),
    "feeds:category-rss": Rule(get=EVERYONE),
    "feeds:index": Rule(get=EVERYONE),
    "feeds:rss": Rule(get=EVERYONE),
    # Handing a leaving worker's cases and tasks over: coordinators.
    "handover:handover": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "healthz": Rule(get=EVERYONE),
    # The anonymous help form and the writer's follow-up: everyone.
    "help:follow-up": Rule(get=EVERYONE, post=EVERYONE),
    "help:follow-up-leave": Rule(get=NOBODY, post=EVERYONE),
    "help:follow-up-message": Rule(get=NOBODY, post=EVERYONE),
    "help:request": Rule(get=EVERYONE, post=EVERYONE),
    # Help requests: coordinators triage; case workers see the queue and record requests, but
    # open only those given to them (the queued request of the world is given to nobody).
    "intake:attachment-download": Rule(get=only(COORDINATOR)),
    "intake:request-accept": Rule(get=NOBODY, post=only(COORDINATOR)),
    "intake:request-close": Rule(get=NOBODY, post=only(COORDINATOR)),
    "intake:request-detail": Rule(get=only(COORDINATOR)),
    "intake:request-link": Rule(get=NOBODY, post=only(COORDINATOR)),
    "intake:request-list": Rule(get=only(COORDINATOR, CASEWORKER)),
    "intake:request-new": Rule(
        get=only(COORDINATOR, CASEWORKER), post=only(COORDINATOR, CASEWORKER)
    ),
    "intake:request-reply": Rule(get=NOBODY, post=only(COORDINATOR)),
    "intake:request-triage": Rule(get=NOBODY, post=only(COORDINATOR)),
    # Partner organisations belong to no branch.
    "network:partner-detail": Rule(get=PARTNER_READERS),
    "network:partner-edit": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), post=only(ADMINISTRATOR, COORDINATOR)
    ),
    "network:partner-list": Rule(get=PARTNER_READERS),
    "network:partner-new": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), post=only(ADMINISTRATOR, COORDINATOR)
    ),
    "news:archive": Rule(get=EVERYONE),
    "news:article": Rule(get=EVERYONE),
    "news:category": Rule(get=EVERYONE),
    "news:list": Rule(get=EVERYONE),
    "news:search": Rule(get=EVERYONE),
    # Operations: coordinators plan and run them; the team (here the volunteer, a driver) and
    # case workers read them. The checklist's items belong to no branch.
    "operations:checklist-item-edit": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "operations:checklist-item-new": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "operations:checklist-list": Rule(get=only(COORDINATOR)),
    "operations:checklist-tick": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:contact-add": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:contact-remove": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:operation-abort": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:operation-approve": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:operation-brief": Rule(get=CASE_READERS),
    "operations:operation-complete": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "operations:operation-detail": Rule(get=CASE_READERS),
    "operations:operation-edit": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "operations:operation-list": Rule(get=CASE_READERS),
    "operations:operation-new": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "operations:operation-ready": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:operation-start": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:team-add": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:team-remove": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:transport-add": Rule(get=NOBODY, post=only(COORDINATOR)),
    "operations:transport-remove": Rule(get=NOBODY, post=only(COORDINATOR)),
    # People: those who see one of their cases in full.
    "people:contact-add": Rule(get=NOBODY, post=CASE_TEAM),
    "people:document-add": Rule(get=NOBODY, post=CASE_TEAM),
    # Erasing a person on request: administrators, for every branch (reports.erase_person).
    "people:erase-find": Rule(get=only(ADMINISTRATOR)),
    "people:person-erase": Rule(
        get=only(ADMINISTRATOR),
        post=only(ADMINISTRATOR),
        other_get=only(ADMINISTRATOR),
        other_post=only(ADMINISTRATOR),
    ),
    "people:person-detail": Rule(get=CASE_TEAM),
    "people:person-edit": Rule(get=CASE_TEAM, post=CASE_TEAM),
    "people:person-list": Rule(get=CASE_TEAM),
    # Importing people from a spreadsheet: administrators (matching.import_people).
    "people-import:confirm": Rule(get=NOBODY, post=only(ADMINISTRATOR)),
    "people-import:upload": Rule(get=only(ADMINISTRATOR), post=only(ADMINISTRATOR)),
    # The public site, its feeds, news, events and subscriptions: everyone.
    "public:home": Rule(get=EVERYONE),
    "public:impact": Rule(get=EVERYONE),
    "public:network": Rule(get=EVERYONE),
    # A rescue report's anonymisation is confirmed by those who publish.
    "publishing:article-confirm-anonymisation": Rule(get=NOBODY, post=only(EDITOR)),
    "publishing:article-detail": Rule(get=only(EDITOR)),
    "publishing:article-edit": Rule(get=only(EDITOR), post=only(EDITOR)),
    "publishing:article-list": Rule(get=only(EDITOR)),
    "publishing:article-new": Rule(get=only(EDITOR), post=only(EDITOR)),
    "publishing:article-publish": Rule(get=NOBODY, post=only(EDITOR)),
    "publishing:article-return": Rule(get=NOBODY, post=only(EDITOR)),
    "publishing:article-submit": Rule(get=NOBODY, post=only(EDITOR)),
    "publishing:article-translate": Rule(get=only(EDITOR), post=only(EDITOR)),
    "publishing:article-unpublish": Rule(get=NOBODY, post=only(EDITOR)),
    "publishing:rescue-report-new": Rule(get=only(EDITOR), post=only(EDITOR)),
    "publishing:revision-detail": Rule(get=only(EDITOR)),
    # Reports: an export is read by whoever asked for it and by administrators
    # (reports.download_any_report_export), whatever its branch.
    "reports:dashboard": Rule(get=only(ADMINISTRATOR, COORDINATOR)),
    "reports:data-import": Rule(get=only(ADMINISTRATOR), post=only(ADMINISTRATOR)),
    "reports:htcds-export": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), post=only(ADMINISTRATOR, COORDINATOR)
    ),
    "reports:report-export": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), other_get=only(ADMINISTRATOR)
    ),
    "reports:report-export-download": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), other_get=only(ADMINISTRATOR)
    ),
    "reports:report-export-print": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), other_get=only(ADMINISTRATOR)
    ),
    "reports:report-exports": Rule(
        get=only(ADMINISTRATOR, COORDINATOR), post=only(ADMINISTRATOR, COORDINATOR)
    ),
    # Shelters are one registry for the whole organisation (shelters.queries.shelters_visible_to):
    # another branch's shelter is seen and people may be placed in it. Its street address is not
    # shown to another branch; editing stays with the shelter's own branch.
    "shelters:person-place": Rule(get=SHELTER_READERS, post=SHELTER_READERS),
    "shelters:placement-end": Rule(get=SHELTER_READERS, post=SHELTER_READERS),
    "shelters:placement-new": Rule(
        get=SHELTER_READERS,
        post=SHELTER_READERS,
        other_get=SHELTER_READERS,
        other_post=SHELTER_READERS,
    ),
    # The address: the branch's coordinators, and the case worker because the survivor of their
    # case stays there today (shelters.queries.may_see_address). Only a POST shows it.
    "shelters:shelter-address": Rule(get=NOBODY, post=SHELTER_READERS),
    "shelters:shelter-detail": Rule(get=SHELTER_READERS, other_get=SHELTER_READERS),
    "shelters:shelter-edit": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "shelters:shelter-list": Rule(get=SHELTER_READERS),
    "shelters:shelter-new": Rule(get=only(COORDINATOR), post=only(COORDINATOR)),
    "sitemap": Rule(get=EVERYONE),
    "subscriptions:confirm": Rule(get=EVERYONE, post=EVERYONE),
    "subscriptions:sent": Rule(get=EVERYONE),
    "subscriptions:subscribe": Rule(get=EVERYONE, post=EVERYONE),
    "subscriptions:unsubscribe": Rule(get=EVERYONE, post=EVERYONE),
    # Branches and one's own profile. Another branch's page: administrators only.
    "team:branch-detail": Rule(
        get=only(ADMINISTRATOR, COORDINATOR, CASEWORKER), other_get=only(ADMINISTRATOR)
    ),
    "team:branch-edit": Rule(
        get=only(ADMINISTRATOR),
        post=only(ADMINISTRATOR),
        other_get=only(ADMINISTRATOR),
        other_post=only(ADMINISTRATOR),
    ),
    "team:branch-list": Rule(get=only(ADMINISTRATOR, COORDINATOR, CASEWORKER)),
    "team:branch-new": Rule(get=only(ADMINISTRATOR), post=only(ADMINISTRATOR)),
    "team:new-recovery-codes": Rule(get=NOBODY, post=STAFF),
    "team:password-change": Rule(get=STAFF, post=STAFF),
    "team:password-change-done": Rule(get=STAFF),
    "team:profile": Rule(get=STAFF, post=STAFF),
    "team:sign-out-everywhere": Rule(get=NOBODY, post=STAFF),
    "volunteer-signup:confirm": Rule(get=EVERYONE, post=EVERYONE),
    "volunteer-signup:form": Rule(get=EVERYONE, post=EVERYONE),
    "volunteer-signup:sent": Rule(get=EVERYONE),
    # A volunteer's own page.
    "volunteering:home": Rule(get=only(VOLUNTEER)),
    "volunteering:time": Rule(get=NOBODY, post=only(VOLUNTEER)),
    # Volunteer records: administrators everywhere, coordinators in their branch.
    "volunteers:volunteer-detail": Rule(
        get=only(ADMINISTRATOR, COORDINATOR, CASEWORKER), other_get=only(ADMINISTRATOR)
    ),
    "volunteers:volunteer-edit": Rule(
        get=only(ADMINISTRATOR, COORDINATOR),
        post=only(ADMINISTRATOR, COORDINATOR),
        other_get=only(ADMINISTRATOR),
        other_post=only(ADMINISTRATOR),
    ),
    "volunteers:volunteer-list": Rule(get=only(ADMINISTRATOR, COORDINATOR, CASEWORKER)),
    "volunteers:volunteer-move": Rule(
        get=NOBODY, post=only(ADMINISTRATOR, COORDINATOR), other_post=only(ADMINISTRATOR)
    ),
    "volunteers:volunteer-time": Rule(
        get=NOBODY, post=only(ADMINISTRATOR, COORDINATOR), other_post=only(ADMINISTRATOR)
    ),
    "workspace-events:event-detail": Rule(get=only(EDITOR)),
    "workspace-events:event-edit": Rule(get=only(EDITOR), post=only(EDITOR)),
    "workspace-events:event-list": Rule(get=only(EDITOR)),
    "workspace-events:event-new": Rule(get=only(EDITOR), post=only(EDITOR)),
    "workspace-events:event-publish": Rule(get=NOBODY, post=only(EDITOR)),
    "workspace-events:event-translate": Rule(get=only(EDITOR), post=only(EDITOR)),
    "workspace-events:event-unpublish": Rule(get=NOBODY, post=only(EDITOR)),
    "workspace-events:programme-add": Rule(get=NOBODY, post=only(EDITOR)),
    "workspace-events:programme-edit": Rule(get=only(EDITOR), post=only(EDITOR)),
    "workspace-events:programme-remove": Rule(get=NOBODY, post=only(EDITOR)),
    # The workspace's first page: every role.
    "workspace:dashboard": Rule(get=STAFF),
    "workspace:search": Rule(get=STAFF),
}

# The admin, coarsely: administrators reach its index, nobody else reaches any of its pages.
# What an administrator may do on each model's page is the admin's own business (model
# permissions), so those pages are asked for by everyone but checked only for the refusals.
ADMIN_PREFIX = "admin:"
ADMIN_TABLE = {
    "admin:index": Rule(get=only(ADMINISTRATOR)),
    # The sign-in page answers everyone; it shows nothing but the form.
    "admin:login": Rule(get=EVERYONE),
    # Django sends anyone but an administrator from the admin's sign-out to the admin's index,
    # which asks them to sign in (admin:index above); the sign-out itself takes only a POST.
    "admin:logout": Rule(get=only(COORDINATOR, CASEWORKER, VOLUNTEER, EDITOR, ANONYMOUS)),
}


@dataclass(frozen=True)
class Leak:
    """A persona that reaches what the rules say it must not: a bug to fix, kept visible by a
    strict xfail in test_access_matrix.py until it is fixed."""

    key: tuple  # (url name, persona, "own" or "other", "GET" or "POST")
    reason: str


KNOWN_LEAKS = []


def rule_for(name):
    if name in TABLE:
        return TABLE[name]
    if name.startswith(ADMIN_PREFIX):
        return ADMIN_TABLE.get(name)
    return None


def has_rule(name):
    return name in TABLE or name.startswith(ADMIN_PREFIX)


def unused_entries(names):
    """Entries of the tables that name no URL of the project."""
    return [name for name in (*TABLE, *ADMIN_TABLE) if name not in names]


def expected(name, persona, side, method):
    """One of "allow", "deny", "leak" (a known leak, checked by its own xfail test), "missing"
    (no entry yet) or "skip" (an administrator on an admin page not in ADMIN_TABLE; a POST
    the view does not take)."""
    if (name, persona, side, method) in {leak.key for leak in KNOWN_LEAKS}:
        return "leak"
    rule = rule_for(name)
    if rule is None:
        if name.startswith(ADMIN_PREFIX):
            return "skip" if persona == ADMINISTRATOR else "deny"
        return "missing"  # test_every_url_has_an_entry_and_every_entry_a_url names it
    if method == "GET":
        allowed = rule.get if side == "own" else rule.other_get
    else:
        if rule.post is None:
            return "skip"
        allowed = rule.post if side == "own" else rule.other_post
    return "allow" if persona in allowed else "deny"


def takes_post(name):
    rule = rule_for(name)
    return rule is not None and rule.post is not None

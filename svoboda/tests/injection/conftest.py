import pytest

from svoboda.tests.injection.checks import LEDGER, PAYLOADS


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    """Hundreds of forms from one test address: the limits are tested elsewhere."""
    for name in (
        "INTAKE_SUBMIT_RATE",
        "INTAKE_FOLLOW_UP_RATE",
        "INTAKE_UPLOAD_RATE",
        "VOLUNTEER_SIGN_UP_RATE",
    ):
        setattr(settings, name, "100000/h")
    settings.SUBSCRIBE_RATE = "100000/h"


def pytest_terminal_summary(terminalreporter):
    if not LEDGER.checks:
        return
    pages = {page for _area, page in LEDGER.checks}
    fields = {name for name in LEDGER.checked if not name.startswith("checker.")}
    stored = {name for name in fields if _stored(name.split(".")[0])}
    total = sum(LEDGER.checks.values())
    terminalreporter.write_sep("-", "injection checks")
    for (area, page), count in sorted(LEDGER.checks.items()):
        terminalreporter.write_line(f"{area:<16} {page:<34} {count:>7}")
    terminalreporter.write_line(
        f"{len(PAYLOADS)} payloads; {len(fields)} fields ({len(stored)} stored, the others "
        f"typed into forms sent back with errors or into search boxes); {len(pages)} pages; "
        f"{total} (payload, field, page) checks"
    )
    given = {name: LEDGER.given.get(name, set()) for name in stored}
    full = [name for name, ids in given.items() if len(ids) >= len(PAYLOADS)]
    fewest = min((len(ids) for ids in given.values()), default=0)
    every = set().union(*given.values()) if given else set()
    terminalreporter.write_line(
        f"every payload stored in {len(full)} of the {len(stored)} stored fields; each of the "
        f"others took at least {fewest}; {len(every)} payloads were stored in some field "
        f"(all {len(PAYLOADS)} went through every field of the forms sent back)"
    )
    refused = sorted(
        {(name, reason) for name, payload_id, reason in LEDGER.skipped if payload_id is None}
    )
    for name, reason in refused:
        terminalreporter.write_line(f"not free text for payloads: {name}: {reason}")


def _stored(area):
    """Whether the field's values were saved (not only typed into a form sent back with its
    errors, a refused e-mail address, or a search box)."""
    return not (area.endswith("-form") or area.startswith(("search", "subscribe")))

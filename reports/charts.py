"""Bar charts drawn on the server as inline SVG: no JavaScript, nothing fetched from elsewhere.

A chart repeats what the table beside it says, for the eye: it is an image with a title for
screen readers (which read the table), and each bar carries a <title> with its label and number
that browsers show on hover.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

LABEL_WIDTH = 190
BAR_AREA = 290
VALUE_WIDTH = 60
BAR_HEIGHT = 18
GAP = 6
# Longer labels are cut in the drawing; the bar's <title> and the table keep them whole.
LABEL_CHARACTERS = 28


def bar_chart(pairs, *, title, chart_id, text=None):
    """A horizontal bar chart of (label, value) pairs, as SVG markup safe to put in a page.

    `chart_id` must be unique on the page: the chart's title is referenced by it. `text`, if
    given, says each value as the bar's label shows it (a grouped number, "fewer than 5"); a
    value of None then draws no bar, for a figure the public site does not publish."""
    if text is None:
        pairs = [(str(label), value or 0) for label, value in pairs]
        text = str
    else:
        pairs = [(str(label), value) for label, value in pairs]
    largest = max((value or 0 for _label, value in pairs), default=0)
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(len(pairs), 1) * (BAR_HEIGHT + GAP) + GAP
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{escape(title_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(pairs):
        top = GAP + index * (BAR_HEIGHT + GAP)
        middle = top + BAR_HEIGHT / 2
        length = round(BAR_AREA * value / largest, 1) if largest and value else 0
        shown = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        said = escape(text(value))
        parts.append(
            f"<g><title>{escape(label)}: {said}</title>"
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="12">{escape(shown)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="#1a5fb4"></rect>'
            f'<text x="{LABEL_WIDTH + length + 4}" y="{middle}" dominant-baseline="middle" '
            f'font-size="12">{said}</text></g>'
        )
    parts.append("</svg>")
    # Every piece of text above is escaped; the numbers are ours.
    return mark_safe("".join(parts))  # nosec B308 B703 # noqa: S308

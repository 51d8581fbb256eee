"""Article text: Markdown rendered to HTML, then sanitised, so that nothing an editor pastes can
run script, load a resource from another site, or break the page.

Images are not allowed in the text: an <img> pointing elsewhere would make every reader's
browser call a third party (public pages load nothing from other hosts).
"""

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "sub", "sup", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render(text):
    """Safe HTML for an article's Markdown text."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )

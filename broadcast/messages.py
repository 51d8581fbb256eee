"""What a post says: the article's title, its summary and the public link, in its language.

The text is the article as it is when the post goes out, not as it was when it was queued: an
editor may have corrected the title in between.
"""

import html

from svoboda.mail import absolute_url

# Telegram allows 4096 characters; a summary is at most 600 (the form's limit), but a post must
# never be refused for length, so anything longer is cut.
MAX_SUMMARY = 1000


def link(article):
    """The article's public address, absolute (jobs have no request: SITE_URL is the host)."""
    return absolute_url(article.get_absolute_url())


def _summary(article):
    summary = " ".join(article.summary.split())
    if len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1].rstrip() + "…"
    return summary


def plain_text(article):
    """Title, summary and link, a blank line apart."""
    return "\n\n".join(part for part in (article.title, _summary(article), link(article)) if part)


def telegram_html(article):
    """The same for Telegram's HTML parse mode: the title in bold, everything escaped (Telegram
    needs only &, < and > escaped in text, and quotes inside attributes)."""
    url = link(article)
    parts = [
        f"<b>{html.escape(article.title, quote=False)}</b>",
        html.escape(_summary(article), quote=False),
        f'<a href="{html.escape(url, quote=True)}">{html.escape(url, quote=False)}</a>',
    ]
    return "\n\n".join(part for part in parts if part)

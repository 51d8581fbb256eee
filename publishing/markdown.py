"""Article text: Markdown rendered to HTML, then sanitised, so that nothing an editor pastes can
run script, load a resource from another site, or break the page.

The only pictures are the article's own uploads (publishing.models.ArticleImage), written as
`![alt text](image:12)`: on a line of its own it becomes a <figure> with the image's caption and
credit, inside a sentence a plain <img>. An empty alt text in the Markdown takes the image's own.
Every other picture (an address on another site, data: URLs, raw <img> HTML, another article's
image) is dropped: an <img> pointing elsewhere would make every reader's browser call a third
party (public pages load nothing from other hosts).

How: while Markdown builds its tree, each image of this article is replaced by a placeholder
word holding a random nonce; the sanitiser, which allows no <img> at all, then cleans the HTML;
only afterwards are the placeholders replaced with HTML built here from the image's own data.
An editor cannot forge a placeholder, since the nonce is new for every rendering.
"""

import re
import secrets

import markdown as markdown_lib
import nh3
from django.utils.html import format_html
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "s", "sub", "sup", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}

IMAGE_SOURCE = re.compile(r"\s*image:(\d+)\s*")
# The article column is at most 42rem wide (static/css/public.css, .article).
IMAGE_SIZES = "(min-width: 44rem) 42rem, 100vw"


def render(text, images=None):
    """Safe HTML for an article's Markdown text. `images` are the article's ArticleImages
    (any iterable); without them every picture in the text is dropped."""
    pictures = _ArticleImages({image.pk: image for image in images or ()})
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists", pictures])
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return pictures.put_back(html)


def render_article(article):
    """An article's text as HTML, with its images; for an article not saved yet, without."""
    return render(article.body, images=article.images.all() if article.pk else None)


class _ArticleImages(Extension):
    """Swaps the article's images for placeholders in the tree, and back into the clean HTML."""

    def __init__(self, images):
        super().__init__()
        self.images = images
        self.nonce = secrets.token_hex(8)
        # Placeholder number -> (image, the alt text written in the Markdown).
        self.placed = []

    def extendMarkdown(self, md):
        # After the inline patterns (priority 20) have turned ![..](..) into <img>.
        md.treeprocessors.register(_Placeholders(md, self), "article_images", 5)

    def placeholder(self, kind, image, alt):
        self.placed.append((image, alt))
        return f"svoboda-{kind}-{self.nonce}-{len(self.placed) - 1}-end"

    def put_back(self, html):
        if not self.placed:
            return html
        token = rf"svoboda-(figure|image)-{self.nonce}-(\d+)-end"
        html = re.sub(rf"<p>\s*{token}\s*</p>", self._figure, html)
        return re.sub(token, self._image, html)

    def _figure(self, match):
        image, alt = self.placed[int(match.group(2))]
        caption = ""
        if image.caption or image.credit:
            credit = (
                format_html('<span class="article-image__credit">{}</span>', image.credit)
                if image.credit
                else ""
            )
            caption = format_html(
                "<figcaption>{}{}{}</figcaption>",
                image.caption,
                " " if image.caption and credit else "",
                credit,
            )
        return format_html(
            '<figure class="article-image">{}{}</figure>', self._img(image, alt), caption
        )

    def _image(self, match):
        image, alt = self.placed[int(match.group(2))]
        return self._img(image, alt)

    def _img(self, image, alt):
        srcset = ""
        if image.small_file:
            srcset = format_html(
                ' srcset="{} {}w, {} {}w" sizes="{}"',
                image.small_url,
                image.small_width,
                image.url,
                image.width,
                IMAGE_SIZES,
            )
        return format_html(
            '<img src="{}"{} alt="{}" width="{}" height="{}" loading="lazy" decoding="async">',
            image.url,
            srcset,
            alt or image.alt_text,
            image.width,
            image.height,
        )


class _Placeholders(Treeprocessor):
    def __init__(self, md, pictures):
        super().__init__(md)
        self.pictures = pictures

    def run(self, root):
        parents = {child: parent for parent in root.iter() for child in parent}
        found = [(parent, child) for child, parent in parents.items() if child.tag == "img"]
        for parent, img in found:
            match = IMAGE_SOURCE.fullmatch(img.get("src", ""))
            image = self.pictures.images.get(int(match.group(1))) if match else None
            alone = (
                parent.tag == "p"
                and len(parent) == 1
                and not (parent.text or "").strip()
                and not (img.tail or "").strip()
            )
            if image is not None:
                alt = (img.get("alt") or "").strip()
                kind = "figure" if alone else "image"
                _replace(parent, img, self.pictures.placeholder(kind, image, alt))
            elif alone and parent in parents:
                # Nothing would be left of the paragraph: no empty <p> in the page.
                _replace(parents[parent], parent, "")
            else:
                _replace(parent, img, "")


def _replace(parent, element, text):
    """Put `text` where `element` was, keeping what followed it."""
    index = list(parent).index(element)
    following = text + (element.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + following
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + following
    parent.remove(element)

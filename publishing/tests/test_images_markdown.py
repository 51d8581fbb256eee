"""Images in the article text: `![alt](image:ID)` shows one of the article's own images; any
other picture is dropped, so public pages load nothing from other hosts."""

import pytest

from publishing import markdown
from publishing.tests.factories import ArticleFactory
from publishing.tests.image_factories import (
    add_image,
    image_storage,  # noqa: F401 (a fixture, used below)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("image_storage")]


@pytest.fixture
def article(editor):
    return ArticleFactory(author=editor)


@pytest.fixture
def image(editor, article):
    return add_image(
        editor, article, alt_text="Ворота фабрики", caption="Подольск", credit="Фото: А. Иванова"
    )


def test_an_image_on_its_own_line_is_a_figure_with_srcset_caption_and_credit(article, image):
    html = markdown.render(f"![Рабочие у ворот]({image.markdown[4:-1]})", images=[image])
    assert html.startswith('<figure class="article-image"><img ')
    assert f'src="{image.url}"' in html
    assert f'srcset="{image.small_url} 800w, {image.url} 1600w"' in html
    assert 'alt="Рабочие у ворот"' in html
    assert 'width="1600" height="1067" loading="lazy"' in html
    assert (
        '<figcaption>Подольск <span class="article-image__credit">Фото: А. Иванова</span>'
        "</figcaption></figure>"
    ) in html


def test_an_empty_alt_in_the_text_takes_the_images_alt_text(article, image):
    html = markdown.render(image.markdown, images=[image])
    assert 'alt="Ворота фабрики"' in html


def test_an_image_inside_a_sentence_is_a_plain_img(article, image):
    html = markdown.render(f"Вот так {image.markdown} выглядит фабрика.", images=[image])
    assert html.startswith("<p>Вот так <img ")
    assert "<figure" not in html


def test_words_of_the_image_are_escaped(editor, article):
    image = add_image(editor, article, alt_text='"><script>alert(1)</script>', caption="<b>x</b>")
    html = markdown.render(image.markdown, images=[image])
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html


def test_external_and_data_images_are_dropped(article, image):
    text = (
        "![tracker](https://tracker.example/pixel.gif)\n\n"
        "![inline](data:image/png;base64,iVBORw0KGgo=)\n\n"
        '<img src="https://tracker.example/raw.gif">\n\n'
        f'<img src="{image.url}">\n\n'
        "Текст остаётся."
    )
    html = markdown.render(text, images=[image])
    assert "<img" not in html
    assert "tracker.example" not in html
    assert "data:" not in html
    assert "<p>Текст остаётся.</p>" in html


def test_an_image_of_another_article_is_not_shown(editor, article):
    other = add_image(editor, ArticleFactory(author=editor))
    html = markdown.render(other.markdown, images=list(article.images.all()))
    assert "<img" not in html


def test_without_images_the_text_renders_as_before(article, image):
    assert markdown.render("**Жирный** текст") == "<p><strong>Жирный</strong> текст</p>"
    assert "<img" not in markdown.render(image.markdown)


def test_text_that_looks_like_a_placeholder_stays_text(article, image):
    html = markdown.render("svoboda-figure-0123456789abcdef-0-end", images=[image])
    assert html == "<p>svoboda-figure-0123456789abcdef-0-end</p>"


def test_render_article_uses_the_articles_images(article, image):
    article.body = image.markdown
    assert "<figure" in markdown.render_article(article)


def test_render_article_works_for_an_article_not_saved_yet(editor):
    article = ArticleFactory.build(author=editor, body="![](image:1)")
    assert markdown.render_article(article) == ""

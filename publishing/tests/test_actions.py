"""Articles: writing, translations, the editorial workflow, scheduling, and what gets audited."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from publishing import actions, markdown, queries
from publishing.models import Article, Category, Revision, Tag
from publishing.tests.factories import ArticleFactory, published
from svoboda.errors import DomainError

pytestmark = pytest.mark.django_db

Status = Article.Status
NOT_EDITORS = ["administrator", "coordinator", "caseworker", "volunteer", "no role"]


@pytest.fixture
def category(db):
    return Category.objects.get(slug="forced-labour")


def write(actor, **fields):
    return actions.create_article(
        actor=actor,
        **{
            "language": "ru",
            "title": "Освобождены двенадцать рабочих",
            "category": Category.objects.get(slug="forced-labour"),
            "summary": "Коротко.",
            "body": "Текст **статьи**.",
            **fields,
        },
    )


def entries(verb):
    return list(AuditEntry.objects.filter(verb=verb))


def in_future(**delta):
    return timezone.now() + datetime.timedelta(**delta)


# Writing.


def test_an_editor_starts_a_draft(editor):
    article = write(editor)
    assert article.status == Status.DRAFT
    assert article.author == editor
    assert article.publish_at is None


def test_the_text_is_rendered_when_an_article_is_written(editor):
    article = write(editor, body="Текст **статьи**.")
    assert article.body_html == "<p>Текст <strong>статьи</strong>.</p>"


def test_starting_an_article_is_audited(editor):
    article = write(editor, kind=Article.Kind.REVIEW)
    [entry] = entries("publishing.article_created")
    assert entry.actor == editor
    assert entry.target_id == str(article.pk)
    assert entry.changes == {"language": "ru", "kind": "review"}


def test_a_new_article_gets_the_tags_it_names(editor):
    article = write(editor, tags=actions.tags_named(["стройка", "Москва"]))
    assert sorted(tag.name for tag in article.tags.all()) == ["Москва", "стройка"]


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_only_an_editor_may_start_an_article(personas, persona):
    with pytest.raises(PermissionDenied):
        write(personas[persona])
    assert not Article.objects.exists()


def test_an_article_without_text_is_refused(editor):
    with pytest.raises(ValidationError):
        write(editor, body="")
    assert not Article.objects.exists()


# Addresses (slugs).


def test_the_address_is_made_from_a_russian_title_in_cyrillic(editor):
    article = write(editor, title="Освобождены двенадцать рабочих")
    assert article.slug == "освобождены-двенадцать-рабочих"


def test_an_address_typed_by_the_editor_is_used(editor):
    assert write(editor, slug="rabochie-2025").slug == "rabochie-2025"


def test_a_taken_address_gets_a_number_in_the_same_language(editor):
    write(editor, title="Итоги года")
    assert write(editor, title="Итоги года").slug == "итоги-года-2"


def test_the_same_address_is_free_in_another_language(editor):
    write(editor, language="ru", slug="annual-report")
    assert write(editor, language="en", slug="annual-report").slug == "annual-report"


def test_a_title_without_letters_gives_a_generic_address(editor):
    assert write(editor, title="!!!").slug == "article"


def test_a_draft_may_change_its_address(editor):
    article = write(editor, slug="old-address")
    article = actions.update_article(actor=editor, article=article, slug="new-address")
    assert article.slug == "new-address"


def test_a_changed_address_taken_by_another_article_gets_a_number(editor):
    write(editor, slug="taken")
    article = write(editor, slug="mine")
    article = actions.update_article(actor=editor, article=article, slug="taken")
    assert article.slug == "taken-2"


def test_a_published_article_keeps_its_address(editor):
    article = published(slug="links-are-out-there")
    with pytest.raises(DomainError, match="keeps its address"):
        actions.update_article(actor=editor, article=article, slug="something-else")
    article.refresh_from_db()
    assert article.slug == "links-are-out-there"


def test_a_scheduled_article_may_still_change_its_address(editor):
    article = published(days_ago=-2, slug="not-public-yet")
    article = actions.update_article(actor=editor, article=article, slug="better")
    assert article.slug == "better"


def test_a_published_article_may_be_saved_with_its_address_unchanged(editor):
    article = published(slug="stays")
    article = actions.update_article(actor=editor, article=article, slug="stays", body="Новый.")
    assert article.body == "Новый."


# Changing the text: revisions.


def test_changing_the_text_keeps_the_old_text_as_a_revision(editor):
    article = write(editor, title="Старый заголовок", summary="Старое.", body="Старый текст.")
    actions.update_article(actor=editor, article=article, body="Новый текст.")
    [revision] = article.revisions.all()
    assert (revision.title, revision.summary, revision.body) == (
        "Старый заголовок",
        "Старое.",
        "Старый текст.",
    )
    assert revision.saved_by == editor


def test_changing_the_text_renders_it_again(editor):
    article = write(editor)
    article = actions.update_article(actor=editor, article=article, body="_Новый_ текст.")
    assert article.body_html == "<p><em>Новый</em> текст.</p>"


def test_changing_the_title_keeps_a_revision(editor):
    article = write(editor, title="Было")
    actions.update_article(actor=editor, article=article, title="Стало")
    assert article.revisions.get().title == "Было"


def test_each_change_of_the_text_keeps_its_own_revision(editor):
    article = write(editor, body="Один.")
    actions.update_article(actor=editor, article=article, body="Два.")
    actions.update_article(actor=editor, article=article, body="Три.")
    assert [revision.body for revision in article.revisions.all()] == ["Два.", "Один."]


def test_changing_only_the_details_keeps_no_revision(editor):
    article = write(editor)
    actions.update_article(
        actor=editor,
        article=article,
        category=Category.objects.get(slug="prevention"),
        kind=Article.Kind.PRESS,
        source_name="Новая газета",
        tags=actions.tags_named(["пресса"]),
    )
    assert not Revision.objects.exists()


def test_a_change_is_audited_with_the_changed_fields(editor):
    article = write(editor)
    actions.update_article(
        actor=editor,
        article=article,
        title=article.title,
        body="Новый текст.",
        tags=actions.tags_named(["стройка"]),
    )
    [entry] = entries("publishing.article_updated")
    assert entry.actor == editor
    assert entry.changes == {"fields": ["body", "tags"]}


def test_saving_without_changes_records_nothing(editor):
    article = write(editor)
    actions.update_article(actor=editor, article=article, title=article.title, body=article.body)
    assert not entries("publishing.article_updated")
    assert not Revision.objects.exists()


def test_a_refused_change_keeps_no_revision(editor):
    article = write(editor, body="Как было.")
    with pytest.raises(ValidationError):
        actions.update_article(actor=editor, article=article, title="", body="Другое.")
    article.refresh_from_db()
    assert article.body == "Как было."
    assert not Revision.objects.exists()
    assert not entries("publishing.article_updated")


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_only_an_editor_may_change_an_article(personas, persona):
    article = ArticleFactory(body="Как было.")
    with pytest.raises(PermissionDenied):
        actions.update_article(actor=personas[persona], article=article, body="Другое.")
    article.refresh_from_db()
    assert article.body == "Как было."


# Tags.


def test_tag_names_are_found_again_without_letter_case(db):
    [first] = actions.tags_named(["Prevention"])
    [again] = actions.tags_named(["prevention"])
    assert again == first
    assert Tag.objects.count() == 1


def test_cyrillic_tag_names_are_found_again_without_letter_case(db):
    [first] = actions.tags_named(["Дети"])
    [again] = actions.tags_named(["дети"])
    assert again == first


def test_repeated_and_blank_tag_names_give_one_tag_each(db):
    tags = actions.tags_named(["стройка", " ", "стройка", "Москва  область"])
    assert [tag.name for tag in tags] == ["стройка", "Москва область"]


def test_a_new_tag_gets_a_cyrillic_address(db):
    [tag] = actions.tags_named(["Трудовая миграция"])
    assert tag.slug == "трудовая-миграция"


# Translations.


def test_a_translation_joins_the_original_s_group(editor):
    original = write(editor, language="ru")
    translation = write(
        editor, language="en", title="Twelve workers freed", translation_of=original
    )
    assert translation.group == original.group
    assert list(queries.versions_of(original)) == [translation]


def test_an_article_has_one_version_per_language(editor):
    original = write(editor, language="ru")
    write(editor, language="en", title="Twelve workers freed", translation_of=original)
    with pytest.raises(DomainError, match="already has a version in that language"):
        write(editor, language="en", title="Twelve workers set free", translation_of=original)
    assert Article.objects.filter(group=original.group).count() == 2


def test_a_translation_must_be_in_another_language(editor):
    original = write(editor, language="ru")
    with pytest.raises(DomainError, match="another language"):
        write(editor, language="ru", title="Ещё одна", translation_of=original)
    assert Article.objects.count() == 1


# The workflow.


def test_a_draft_is_sent_for_review(editor):
    article = actions.submit_for_review(actor=editor, article=write(editor))
    assert article.status == Status.IN_REVIEW


def test_sending_for_review_is_audited(editor):
    article = actions.submit_for_review(actor=editor, article=write(editor))
    [entry] = entries("publishing.article_submitted")
    assert entry.target_id == str(article.pk)
    assert entry.changes == {"status": ["draft", "in_review"]}


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_only_a_draft_is_sent_for_review(editor, status):
    article = ArticleFactory(status=status, publish_at=timezone.now())
    with pytest.raises(DomainError, match="cannot be moved"):
        actions.submit_for_review(actor=editor, article=article)
    article.refresh_from_db()
    assert article.status == status


def test_an_article_in_review_is_sent_back_to_draft(editor):
    article = ArticleFactory(status=Status.IN_REVIEW)
    article = actions.return_to_draft(actor=editor, article=article)
    assert article.status == Status.DRAFT
    [entry] = entries("publishing.article_returned")
    assert entry.changes == {"status": ["in_review", "draft"]}


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED])
def test_only_an_article_in_review_is_sent_back_to_draft(editor, status):
    article = ArticleFactory(status=status, publish_at=timezone.now())
    with pytest.raises(DomainError):
        actions.return_to_draft(actor=editor, article=article)
    assert not entries("publishing.article_returned")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_a_draft_or_an_article_in_review_is_published_now(editor, status):
    article = ArticleFactory(status=status, language="ru")
    before = timezone.now()
    article = actions.publish_article(actor=editor, article=article)
    assert article.status == Status.PUBLISHED
    assert before <= article.publish_at <= timezone.now()
    assert article in queries.published("ru")


def test_publishing_is_audited_with_its_time(editor):
    article = actions.publish_article(actor=editor, article=ArticleFactory())
    [entry] = entries("publishing.article_published")
    assert entry.actor == editor
    assert entry.changes == {
        "status": ["draft", "published"],
        "publish_at": article.publish_at.isoformat(),
    }


def test_a_published_article_is_not_published_again(editor):
    article = published(days_ago=3)
    first_time = article.publish_at
    with pytest.raises(DomainError):
        actions.publish_article(actor=editor, article=article)
    article.refresh_from_db()
    assert article.publish_at == first_time


def test_an_article_scheduled_for_later_is_not_public_yet(editor):
    when = in_future(days=2)
    article = actions.publish_article(actor=editor, article=ArticleFactory(), publish_at=when)
    assert article.status == Status.PUBLISHED
    assert article.publish_at == when
    assert article.is_scheduled
    assert article not in queries.published("ru")


def test_a_scheduled_article_becomes_public_at_its_time(editor):
    when = in_future(hours=3)
    article = actions.publish_article(actor=editor, article=ArticleFactory(), publish_at=when)
    with mock.patch("django.utils.timezone.now", return_value=when):
        assert article in queries.published("ru")


def test_a_time_in_the_past_publishes_now(editor):
    before = timezone.now()
    article = actions.publish_article(
        actor=editor, article=ArticleFactory(), publish_at=before - datetime.timedelta(days=30)
    )
    assert article.publish_at >= before
    assert not article.is_scheduled


def test_unpublishing_makes_a_draft_without_a_time(editor):
    article = actions.unpublish_article(actor=editor, article=published())
    assert article.status == Status.DRAFT
    assert article.publish_at is None
    assert article not in queries.published()


def test_unpublishing_is_audited(editor):
    article = actions.unpublish_article(actor=editor, article=published())
    [entry] = entries("publishing.article_unpublished")
    assert entry.target_id == str(article.pk)
    assert entry.changes == {"status": ["published", "draft"]}


def test_unpublishing_a_scheduled_article_cancels_the_schedule(editor):
    article = actions.unpublish_article(actor=editor, article=published(days_ago=-3))
    assert article.status == Status.DRAFT
    assert article.publish_at is None


def test_a_scheduled_article_is_moved_to_another_time_in_one_step(editor):
    article = published(days_ago=-3)
    later = in_future(days=5)
    article = actions.publish_article(actor=editor, article=article, publish_at=later)
    assert article.status == Status.PUBLISHED
    assert article.publish_at == later
    assert not article.is_public
    [entry] = entries("publishing.article_rescheduled")
    assert entry.changes["publish_at"][1] == later.isoformat()


def test_a_scheduled_article_can_be_published_at_once(editor):
    article = actions.publish_article(actor=editor, article=published(days_ago=-3))
    assert article.is_public


def test_a_public_article_keeps_its_publication_time(editor):
    article = published(days_ago=2)
    with pytest.raises(DomainError, match="cannot be moved that way"):
        actions.publish_article(actor=editor, article=article, publish_at=in_future(days=1))
    assert not entries("publishing.article_rescheduled")


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_only_a_published_article_is_unpublished(editor, status):
    with pytest.raises(DomainError):
        actions.unpublish_article(actor=editor, article=ArticleFactory(status=status))


WORKFLOW = {
    "submit_for_review": lambda: ArticleFactory(),
    "return_to_draft": lambda: ArticleFactory(status=Status.IN_REVIEW),
    "publish_article": lambda: ArticleFactory(status=Status.IN_REVIEW),
    "unpublish_article": lambda: published(),
}


@pytest.mark.parametrize("persona", NOT_EDITORS)
@pytest.mark.parametrize("action", list(WORKFLOW))
def test_only_an_editor_moves_an_article_through_the_workflow(personas, persona, action):
    article = WORKFLOW[action]()
    status = article.status
    with pytest.raises(PermissionDenied):
        getattr(actions, action)(actor=personas[persona], article=article)
    article.refresh_from_db()
    assert article.status == status
    assert not AuditEntry.objects.filter(verb__startswith="publishing.").exists()


# The text's HTML.


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("Привет <script>alert(1)</script>", "<script"),
        ("Привет <script>alert(1)</script>", "alert(1)"),
        ("[нажми](javascript:alert(1))", "javascript:"),
        ('<a href="https://example.org" onclick="steal()">ссылка</a>', "onclick"),
        ('<p onmouseover="steal()">текст</p>', "onmouseover"),
        ("![фото](https://tracker.example.com/pixel.png)", "<img"),
        ('<img src="https://tracker.example.com/pixel.png" alt="">', "<img"),
        ('<iframe src="https://example.com"></iframe>', "<iframe"),
        ("<style>body { display: none }</style>", "display"),
    ],
)
def test_the_html_of_the_text_is_sanitised(text, forbidden):
    assert forbidden not in markdown.render(text)


def test_links_in_the_text_are_marked_for_other_sites():
    html = markdown.render("[доклад](https://example.org/report)")
    assert html == (
        '<p><a href="https://example.org/report" rel="noopener noreferrer nofollow">доклад</a></p>'
    )


def test_markdown_headings_lists_and_quotes_survive():
    html = markdown.render("## Итоги\n\n- первое\n- второе\n\n> цитата")
    assert "<h2>Итоги</h2>" in html
    assert "<li>первое</li>" in html
    assert "<blockquote>" in html


def test_the_stored_html_of_an_article_is_sanitised(editor):
    article = write(editor, body='Текст <script>alert(1)</script><img src="x" onerror="y">')
    assert "<script" not in article.body_html
    assert "<img" not in article.body_html

"""Article images: the editors' pages (/workspace/articles/<pk>/images/) and the address that
serves the files (/media/articles/<key>/<name>).

Files are served by a view, not by the web server from a folder: whether the public may see a
picture depends on its article (public, and showing it in the text), and the storage may be
object storage that app servers only reach through Django's storage API. Public pictures are
cached by browsers and proxies for ARTICLE_IMAGE_CACHE_SECONDS: a file name never gets other
content (a new upload gets a new random name), so caching is safe, and the time bounds how long
a picture can linger in a cache after its article is unpublished. A rescue report's pictures
are revalidated at every view instead, so that they leave with the report. Drafts' pictures are
sent to editors only, never stored by a cache, and answer 404 to everyone else, as if they did
not exist.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, get_conditional_response, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import staff_required
from publishing import image_queries, images, queries
from publishing.image_forms import ImageTextForm, ImageUploadForm
from publishing.image_processing import ImageRefused
from publishing.models import Article
from svoboda.errors import DomainError


def _editable_article(request, pk):
    if not request.user.has_perm("publishing.change_article"):
        raise PermissionDenied
    return queries.article_for_editor(request.user, pk)


def _back_to(article):
    return redirect(article.get_edit_url() + "#images")


def _add_error(form, error):
    if isinstance(error, ImageRefused):
        form.add_error("upload", error.message)
    elif isinstance(error, DomainError):
        form.add_error(None, error.message)
    else:
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)


@staff_required
@require_http_methods(["GET", "POST"])
def image_upload(request, pk):
    """The upload form is on the article's page; this page shows it again with what was wrong."""
    article = _editable_article(request, pk)
    if request.method == "POST":
        form = ImageUploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                image = images.add_article_image(
                    actor=request.user,
                    article=article,
                    upload=data["upload"],
                    alt_text=data["alt_text"],
                    caption=data["caption"],
                    credit=data["credit"],
                )
            except (DomainError, ValidationError) as error:
                _add_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The image is added. To show it, paste %(snippet)s into the text where "
                        "it belongs."
                    )
                    % {"snippet": image.markdown},
                )
                return _back_to(article)
    else:
        form = ImageUploadForm()
    return render(
        request,
        "publishing/images/upload.html",
        {"article": article, "image_form": form},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def image_edit(request, pk, image_pk):
    article = _editable_article(request, pk)
    image = image_queries.image_for_editor(article, image_pk)
    if request.method == "POST":
        form = ImageTextForm(request.POST, instance=image)
        if form.is_valid():
            try:
                images.update_article_image(actor=request.user, image=image, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The image's description is saved."))
                return _back_to(article)
    else:
        form = ImageTextForm(instance=image)
    return render(
        request,
        "publishing/images/edit.html",
        {"article": article, "image": image, "form": form},
        status=400 if form.errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def image_delete(request, pk, image_pk):
    """GET asks to confirm (no JavaScript needed); POST deletes."""
    article = _editable_article(request, pk)
    image = image_queries.image_for_editor(article, image_pk)
    if request.method == "POST":
        images.delete_article_image(actor=request.user, image=image)
        messages.success(request, _("The image is deleted."))
        return _back_to(article)
    return render(request, "publishing/images/delete.html", {"article": article, "image": image})


def _public_cache_control(image):
    # A rescue report comes down at once when a survivor withdraws consent: caches may keep
    # its pictures, but ask each time whether they are still public (304 while they are, 404
    # once they are not) instead of showing them for ARTICLE_IMAGE_CACHE_SECONDS more.
    if image.article.kind == Article.Kind.RESCUE_REPORT:
        return "public, no-cache"
    return f"public, max-age={settings.ARTICLE_IMAGE_CACHE_SECONDS}"


@require_safe
def image_file(request, key, name):
    try:
        image, field_file, is_public = image_queries.servable_file(request.user, key, name)
    except Http404:
        # Never cached: the picture of a draft becomes visible once its article is published.
        response = HttpResponseNotFound()
        add_never_cache_headers(response)
        return response
    if is_public:
        cache_control = _public_cache_control(image)
        not_modified = get_conditional_response(request, etag=quote_etag(field_file.name))
        if not_modified is not None:
            not_modified["Cache-Control"] = cache_control
            return not_modified
    response = FileResponse(field_file.open("rb"), content_type=image.content_type)
    if is_public:
        response["Cache-Control"] = cache_control
        response["ETag"] = quote_etag(field_file.name)
    else:
        response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""The editors' forms for article images: shape only. What the file really is, and whether it
may be added, is for publishing.images (through publishing.image_processing)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publishing.models import ArticleImage

ACCEPT = "image/jpeg,image/png,image/webp"


class ImageTextForm(forms.ModelForm):
    """The words that go with a picture: alternative text (required), caption and credit."""

    class Meta:
        model = ArticleImage
        fields = ["alt_text", "caption", "credit"]

    def clean_alt_text(self):
        # Line breaks and runs of spaces mean nothing in an alt attribute.
        return " ".join(self.cleaned_data["alt_text"].split())


class ImageUploadForm(ImageTextForm):
    upload = forms.FileField(
        label=_("Image file"),
        help_text=_(
            "JPEG, PNG or WebP. It is resized for the web, and everything the camera recorded "
            "in it (place, time, device) is removed."
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    class Meta(ImageTextForm.Meta):
        fields = ["upload", "alt_text", "caption", "credit"]

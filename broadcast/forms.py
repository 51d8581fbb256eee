from django import forms
from django.utils.translation import gettext_lazy as _

from broadcast.models import Post


class PostFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Post.Status.choices]

    def filters(self):
        """Keyword arguments for broadcast.queries.posts_for_editors; valid ones only."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"]}

"""A per-user session salt (User.get_session_auth_hash). The hash changes with it, so everyone
signs in again once after this migration."""

from django.db import migrations, models

import accounts.models


def salt_each_user(apps, schema_editor):
    # AddField computes a callable default once for every existing row; give each its own.
    User = apps.get_model("accounts", "User")
    for user in User.objects.only("pk").iterator():
        User.objects.filter(pk=user.pk).update(session_salt=accounts.models.new_session_salt())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_branch_shown_publicly"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="session_salt",
            field=models.CharField(
                default=accounts.models.new_session_salt,
                editable=False,
                max_length=64,
                verbose_name="session salt",
            ),
        ),
        migrations.RunPython(salt_each_user, migrations.RunPython.noop, elidable=True),
    ]

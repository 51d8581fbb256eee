"""The public sections the organisation starts with; editors may add more later."""

from django.db import migrations

CATEGORIES = [
    ("forced-labour", "Принудительный труд", "Forced labour"),
    ("sexual-exploitation", "Сексуальная эксплуатация", "Sexual exploitation"),
    ("forced-begging", "Принудительное попрошайничество", "Forced begging"),
    ("domestic-violence", "Домашнее насилие", "Domestic violence"),
    ("prevention", "Профилактика", "Prevention"),
    ("events", "События", "Events"),
    ("organisation", "О движении", "The organisation"),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("publishing", "Category")
    for position, (slug, name_ru, name_en) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug, defaults={"name_ru": name_ru, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]

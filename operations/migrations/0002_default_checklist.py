"""The default risk checklist. Coordinators reword, add and retire items in the workspace."""

from django.db import migrations

DEFAULT_ITEMS = [
    ("Маршрут отхода согласован", "Exit route agreed"),
    (
        "Полиция уведомлена, или решение не уведомлять записано",
        "Law enforcement informed or decision recorded",
    ),
    (
        "Безопасное место для освобождённых людей подготовлено",
        "Safe place for the rescued people arranged",
    ),
    ("Команда проинструктирована, телефоны заряжены", "Team briefed and phones charged"),
    ("Медицинские потребности учтены", "Medical needs considered"),
    (
        "Продумано, как быть с документами освобождённых людей",
        "Documents of the rescued people planned for",
    ),
]


def add_default_items(apps, schema_editor):
    ChecklistItem = apps.get_model("operations", "ChecklistItem")
    for position, (text_ru, text_en) in enumerate(DEFAULT_ITEMS, start=1):
        ChecklistItem.objects.get_or_create(
            text_en=text_en, defaults={"text_ru": text_ru, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]

    operations = [migrations.RunPython(add_default_items, migrations.RunPython.noop)]

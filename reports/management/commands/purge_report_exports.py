from django.core.management.base import BaseCommand

from reports.export_job_actions import purge_expired_exports


class Command(BaseCommand):
    help = (
        "Delete report files made in the workspace (impact reports, dashboard tables) and their "
        "records once they are older than REPORT_EXPORT_KEEP_DAYS. Run it daily, e.g. from cron "
        "or a systemd timer; pages stop offering a file as soon as it expires either way."
    )

    def handle(self, *args, **options):
        count = purge_expired_exports()
        self.stdout.write(f"{count} expired report file(s) deleted")

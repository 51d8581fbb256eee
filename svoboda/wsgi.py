import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svoboda.settings")

application = get_wsgi_application()


def _load_name_data():
    # rigour reads its name data (some seconds) on first use: load it while the server starts,
    # not while a coordinator waits for their first search.
    from matching.names import analysed

    analysed("svoboda")


threading.Thread(target=_load_name_data, name="load-name-data", daemon=True).start()

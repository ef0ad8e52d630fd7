"""Test settings: the base settings plus fast hashing, captured e-mail and isolated stores."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, REDIS_URL  # noqa: F401

SEARCH_CHECK_SHARED_SQL = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="minga-test-media-")

# xdist workers share one Redis: give each its own cache database (tests clear the cache, which
# flushes the whole database) and its own channel-layer prefix.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
if REDIS_URL:
    _db = 1 + (int(_worker[2:]) + 1 if _worker.startswith("gw") else 0) % 15
    _base_url = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL
    CACHES = {"default": {**CACHES["default"], "LOCATION": f"{_base_url}/{_db}", "KEY_PREFIX": "minga-test"}}
    _layer = CHANNEL_LAYERS["default"]
    _config = {**_layer["CONFIG"], "prefix": f"minga-test-{_worker}"}
    CHANNEL_LAYERS = {"default": {**_layer, "CONFIG": _config}}

# Serve static files from the app folders; nothing is collected for tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests that start daphne in a child process (tests/servers.py) share the test database with it:
# on SQLite that database is a file (pytest-django adds the xdist worker's suffix), and the child
# is pointed at it by MINGA_TEST_DB_NAME.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db = os.path.join(tempfile.gettempdir(), f"minga-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _test_db}  # noqa: F405
# Connections close after each use in tests (pytest-django must be able to drop the PostgreSQL test
# database at the end, and it does not know the connections of sync_to_async's worker threads). A test
# that starts daphnes can hand them DATABASE_CONN_MAX_AGE to keep theirs, as the fault test does.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)  # noqa: F405
if os.environ.get("MINGA_TEST_DB_NAME"):
    DATABASES["default"]["NAME"] = os.environ["MINGA_TEST_DB_NAME"]  # noqa: F405

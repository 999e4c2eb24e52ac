"""Settings for the test run: the product's settings, in development mode, with fast hashing."""

import os

os.environ.setdefault("ASCASSURE_DEVELOPMENT", "1")

from ascassure.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Uploads from tests go to a throwaway folder, never into the project's data/.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="ascassure-test-uploads-")

import pytest


@pytest.fixture(autouse=True)
def upload_root(settings, tmp_path):
    """Uploaded files go to a fresh directory for each test, never the project's data."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT

import subprocess
import sys

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_service_refuses_to_start_without_a_secret_key_outside_development():
    code = (
        "import django, os; "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'ascassure.config.settings'; django.setup()"
    )
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set outside development" in result.stderr


@pytest.mark.django_db
def test_the_health_check_answers(client):
    assert client.get("/healthz").json() == {"status": "ok", "councils": 153}

"""The production settings: they refuse to start without a real secret and pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k8Jz2vQw9pXr4tYu7iOa1sDf6gHj3kLz0xCv5bNm8qWe2rTy4uIo9pAs7dFg",
    "DJANGO_ALLOWED_HOSTS": "vlaanderenhelpt.be",
    "SITE_URL": "https://vlaanderenhelpt.be",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
    "DATABASE_URL": "sqlite:////tmp/vlaanderenhelpt-check.sqlite3",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = manage("check", env={**PRODUCTION, "DJANGO_SECRET_KEY": "kort"})
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_a_malformed_setting_fails_loudly():
    result = manage("check", env={**PRODUCTION, "DJANGO_HSTS_SECONDS": "een jaar"})
    assert result.returncode != 0
    assert "DJANGO_HSTS_SECONDS must be a whole number" in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SITE_URL", "SITE_URL is not set"),
        ("REDIS_URL", "REDIS_URL is not set"),
        ("TRUSTED_PROXY_COUNT", "TRUSTED_PROXY_COUNT is not set"),
    ],
)
def test_production_refuses_to_start_without_its_address_or_shared_cache(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_file_mail_backend_writes_where_it_is_told(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.core.mail import send_mail;"
        "send_mail('Onderwerp', 'Tekst', None, ['iemand@example.org'])"
    )
    env = {
        **PRODUCTION,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "vlaanderenhelpt.settings",
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    written = list(tmp_path.iterdir())
    assert len(written) == 1 and "Onderwerp" in written[0].read_text()


def test_demo_content_is_refused_outside_debug():
    result = manage("load_demo", env=PRODUCTION)
    assert result.returncode != 0
    assert "alleen geladen met DJANGO_DEBUG=true" in result.stderr


def test_security_headers_on_every_page(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"

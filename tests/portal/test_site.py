"""Home page, editorial pages, language switch, security headers, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from wagtail.models import Page

from portal.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_home_page_is_an_editable_wagtail_page(client):
    home = HomePage.objects.get()
    home.introduction = "Bienvenue sur le portail du réseau de Touraine."
    home.save_revision().publish()
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="fr">' in body
    assert "Bienvenue sur le portail du réseau de Touraine." in body
    assert 'href="#contenu"' in body  # skip link


def test_content_page_with_streamfield_blocks_and_main_menu(client):
    home = HomePage.objects.get()
    page = ContentPage(
        title="Le dispositif",
        slug="le-dispositif",
        show_in_menus=True,
        body=[
            ("heading", {"text": "Nos missions", "level": "h2"}),
            ("paragraph", "<p>Coordonner les parcours complexes.</p>"),
            (
                "call_to_action",
                {
                    "text": "Consulter l'annuaire",
                    "page": None,
                    "url": "https://exemple.fr/annuaire",
                },
            ),
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/le-dispositif/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h2>Nos missions</h2>" in body
    assert "Coordonner les parcours complexes." in body
    assert "Consulter l&#x27;annuaire" in body or "Consulter l'annuaire" in body
    # In the main menu of every page.
    assert 'href="/le-dispositif/"' in client.get("/").content.decode()


def test_language_switch_turns_the_interface_to_english_and_back(client):
    body = client.get("/comptes/connexion/").content.decode()
    assert "Se connecter" in body
    assert 'name="language" value="en"' in body
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/comptes/connexion/"})
    assert response.status_code == 302
    body = client.get("/comptes/connexion/").content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert "Se connecter" in client.get("/comptes/connexion/").content.decode()


def test_french_is_the_default_even_for_an_english_browser(client):
    body = client.get("/comptes/connexion/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert "Se connecter" in body.decode()


def test_pages_forbid_inline_script_and_framing(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unknown_page_gives_a_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404


def test_wagtail_keeps_only_the_portal_home_page():
    assert Page.objects.filter(depth=2).count() == 1


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-value-0123456789",
        "ALLOWED_HOSTS": "tablee.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_wagtail_admin_speaks_french(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Tableau de bord" in response.content.decode()

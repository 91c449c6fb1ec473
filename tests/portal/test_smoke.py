import pytest


@pytest.mark.django_db
def test_home_page_is_served_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_pilot_reaches_dashboard(client, pilot, tactical_table):
    client.force_login(pilot)
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    assert "Table tactique de Touraine" in response.content.decode()

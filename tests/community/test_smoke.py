import pytest


@pytest.mark.django_db
def test_home_page_answers_in_spanish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()

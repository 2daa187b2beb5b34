import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024


def transferred_size(client, url):
    """Gzipped size of a page plus the stylesheets, scripts and images it links."""
    html = client.get(url).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js|svg))"', html)
    sizes = [len(gzip.compress(html))]
    for asset in assets:
        path = finders.find(asset.decode())
        assert path, f"{asset} is linked but not served"
        with open(path, "rb") as file:
            sizes.append(len(gzip.compress(file.read())))
    return sum(sizes)


@pytest.mark.parametrize("url", ["/fr/", "/ar/calls/", "/fr/accounts/signup/"])
def test_a_page_with_its_css_and_js_weighs_under_100_kb(client, url):
    assert transferred_size(client, url) < BUDGET


def test_no_page_loads_anything_from_another_site(client):
    page = client.get("/fr/").content.decode()

    assert re.findall(r'(?:href|src)="(?:https?:)?//', page) == []


def test_the_home_page_says_what_the_portal_is_and_leads_to_the_calls(client):
    CallFactory(title_fr="Prix Lalla Al Moutaaouina 2026")

    page = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("calls:list")}"' in page
    assert "Prix Lalla Al Moutaaouina 2026" in page


def test_draft_calls_stay_off_the_public_pages(client):
    CallFactory(title_fr="Appel en préparation", is_published=False)

    assert "Appel en préparation" not in client.get(reverse("calls:list")).content.decode()


@pytest.mark.parametrize("count", [1, 4])
def test_the_calls_page_makes_the_same_queries_whatever_the_number_of_calls(
    client, assert_num_queries, count
):
    CallFactory.create_batch(count)

    with assert_num_queries(3):
        response = client.get(reverse("calls:list"))

    assert response.status_code == 200

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from opencqi.accounts.roles import Role

P1 = "permanency_12m_entries"


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_table_downloads_as_csv_with_the_page_s_figures(client, results):
    page = client.get(reverse("public_measure", args=["10", P1])).context["page"]
    response = client.get(reverse("public_measure_download", args=["10", P1, "trend", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert (
        'filename="fresno-permanency_12m_entries-trend-2024-06-30.csv"'
        in (response["Content-Disposition"])
    )
    rows = csv_rows(response)
    trend = page.table("trend")
    assert rows[0] == [column.label for column in trend.columns]
    assert [row[2] for row in rows[1:]] == [str(r[2].value) for r in trend]


def test_the_xlsx_opens_with_the_definition_period_as_of_and_suppression_note(client, results):
    response = client.get(reverse("public_measure_download", args=["02", P1, "sex", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About", "sex"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Period"] == "ending 2024-06-30"
    assert about["Data as of"].date().isoformat() == "2024-06-30"
    assert '"masked"' in about["Suppression"]
    assert "children entering care in the period" in about["  denominator"]
    assert "P1 Permanency in 12 months for children entering care" in about
    data = list(book["sex"].iter_rows(values_only=True))
    assert data[0] == ("Sex", "Numerator", "Denominator", "Value")
    assert "masked" in [cell for row in data[1:] for cell in row]


def test_a_public_download_holds_the_masked_marker_not_the_count(client, results):
    rows = csv_rows(client.get(reverse("public_overview_download", args=["ranking", "csv"])))
    alpine = next(row for row in rows if row[0] == "Alpine")
    assert alpine[1:] == ["masked", "masked", "masked"]


def test_an_exact_download_says_it_is_confidential(client, results, make_user):
    client.force_login(make_user(Role.STATE_ADMIN))
    response = client.get(reverse("dashboard_overview_download", args=["overview", "xlsx"]))
    about = {r[0]: r[1] for r in load_workbook(io.BytesIO(response.content))["About"].values}
    assert "not for publication" in about["Suppression"]


def test_every_table_of_the_profile_downloads(client, results):
    for key in ("profile", "peers", "trend"):
        for fmt in ("csv", "xlsx"):
            url = reverse("public_county_download", args=["10", key, fmt])
            assert client.get(url).status_code == 200, (key, fmt)


def test_an_unknown_table_or_format_is_not_found(client, results):
    assert (
        client.get(reverse("public_county_download", args=["10", "nope", "csv"])).status_code == 404
    )
    assert (
        client.get(reverse("public_county_download", args=["10", "trend", "pdf"])).status_code
        == 404
    )

"""The DCAT-AP-SE publisher settings: organisation numbers, publisher types, the contact mailbox,
and the record template's placeholders."""

from __future__ import annotations

import pytest
from ansvar.catalog import Publication, Publisher, PublisherError, parse_orgnr
from ansvar.catalog.record import from_template
from ansvar.settings import Settings
from rdflib import URIRef
from rdflib.namespace import DCTERMS

# Organisation numbers of public authorities, as Bolagsverket's register writes them.
AUTHORITIES = {
    "202100-5448": "2021005448",  # Skatteverket
    "202100-5489": "2021005489",  # Bolagsverket
    "202100-2163": "2021002163",  # Migrationsverket
}


@pytest.mark.parametrize(("written", "digits"), AUTHORITIES.items())
def test_organisation_numbers_of_real_authorities_pass(written: str, digits: str) -> None:
    assert parse_orgnr(written) == digits
    assert parse_orgnr(digits) == digits  # without the hyphen too


@pytest.mark.parametrize("written", ["202100-5447", "202100-5449", "202100-2164", "202100-2160"])
def test_a_wrong_check_digit_is_refused(written: str) -> None:
    with pytest.raises(PublisherError, match="check digit"):
        parse_orgnr(written)


@pytest.mark.parametrize("written", ["20210-05448", "2021-005448", "202100 5448", "SE2021005448", "", "20210054481"])
def test_other_shapes_than_ten_digits_are_refused(written: str) -> None:
    with pytest.raises(PublisherError, match="NNNNNN-NNNN"):
        parse_orgnr(written)


def test_a_personal_identity_number_is_refused() -> None:
    # 121212-1212: a valid personal identity number (the Tax Agency's example), never published.
    with pytest.raises(PublisherError, match="personal identity number"):
        parse_orgnr("121212-1212")


def settings(**values: str) -> Settings:
    return Settings(**values)


def test_without_settings_the_project_publishes() -> None:
    publisher = Publisher.from_settings(settings())
    assert publisher.iri == URIRef("https://w3id.org/ansvar/catalog#project") and publisher.orgnr == ""


def test_an_organisation_is_named_by_the_portals_iri() -> None:
    publisher = Publisher.from_settings(
        settings(publisher_orgnr="202100-2163", publisher_name="Migrationsverket", publisher_type="NationalAuthority")
    )
    assert publisher.iri == URIRef("http://dataportal.se/organisation/SE2021002163")
    assert publisher.type_iri == URIRef("http://purl.org/adms/publishertype/NationalAuthority")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"publisher_orgnr": "202100-2163", "publisher_type": "NationalAuthority"}, "--publisher-name"),
        ({"publisher_orgnr": "202100-2163", "publisher_name": "Migrationsverket"}, "--publisher-type"),
        (
            {"publisher_orgnr": "202100-2163", "publisher_name": "M", "publisher_type": "Authority"},
            "not an ADMS publisher type",
        ),
        (
            {"publisher_orgnr": "202100-2163", "publisher_name": "M", "publisher_type": "PrivateIndividual(s)"},
            "private individual",
        ),
        ({"publisher_name": "Migrationsverket"}, "organisation number"),
    ],
)
def test_incomplete_or_wrong_publisher_settings_are_refused(values: dict[str, str], message: str) -> None:
    with pytest.raises(PublisherError, match=message):
        Publisher.from_settings(settings(**values))


@pytest.mark.parametrize("mailbox", ["oppnadata", "a@b", "<x@example.se>", "a b@example.se"])
def test_a_contact_that_is_not_a_mailbox_is_refused(mailbox: str) -> None:
    with pytest.raises(PublisherError, match="not an e-mail address"):
        Publication.from_settings(settings(contact_email=mailbox))


def test_the_base_url_comes_from_the_settings_else_from_where_it_is_served() -> None:
    assert Publication.from_settings(settings(base_url="https://a.example/x/"), "http://b/").base_url == (
        "https://a.example/x/"
    )
    assert Publication.from_settings(settings(), "http://127.0.0.1:8000/").url("sparql") == URIRef(
        "http://127.0.0.1:8000/sparql"
    )


def test_the_template_keeps_no_placeholder() -> None:
    publisher = Publisher("2021002163", "Migrationsverket", "NationalAuthority")
    record = from_template("record.ttl", Publication("https://data.example.se/", None, publisher))
    terms = {str(term) for triple in record for term in triple}
    assert not [t for t in terms if t.startswith("urn:ansvar:")]
    assert (URIRef("https://w3id.org/ansvar/catalog#dataset"), DCTERMS.publisher, publisher.iri) in record
    assert URIRef("https://data.example.se/sparql") in {o for _s, _p, o in record}

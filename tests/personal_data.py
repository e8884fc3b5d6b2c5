"""The personal data the source texts contain, and a scan for it in any text the project publishes."""

from __future__ import annotations

import re

from sparql_answers import seeds_dir

# People named in the texts, listed by hand: the signatories of the Blekinge agreement (seed 004)
# and the contact persons of Västra Götaland (seed 001).
SIGNATORIES_004 = [
    "Berit Andnor Bylund",
    "Jan Ekdahl",
    "David Fridlund",
    "Patrick Barringer",
    "Peter Lilja",
    "Anna-Lena Cederström",
    "Göran Persson",
    "Carl-Martin Lanér",
    "Iréne Robertsson",
    "Magnus Widén",
    "Lars Ericsson",
]
CONTACTS_001 = ["Joana Ivarsson Vitório", "Kirsten Brogaard", "Pia Severinsson", "Daniel Uddling", "Oskar Johansson"]
# The authority's functional contact point (its main mailbox and switchboard), which may be published.
FUNCTIONAL = {"vastragotaland@lansstyrelsen.se", "0102244000"}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\b0\d{1,3}\s*[-–]\s*\d[\d ]{4,10}\d\b")


def personal_data() -> dict[str, list[str]]:
    """Names (by hand), and the e-mail addresses and phone numbers found in the texts."""
    emails, phones = set(), set()
    for path in sorted(seeds_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        joined = re.sub(r"\s*\n\s*@", "@", text)  # seed 001 breaks one address before the "@"
        emails.update(m.lower() for m in EMAIL.findall(joined))
        phones.update(re.sub(r"\D", "", m) for m in PHONE.findall(text))
    emails -= FUNCTIONAL
    phones -= FUNCTIONAL
    names = SIGNATORIES_004 + CONTACTS_001
    surnames = [n.split()[-1] for n in names]
    return {
        "names": names + surnames,
        "emails": sorted(emails) + [e.split("@")[0] for e in emails],
        "phones": sorted(phones),
    }


def leaks(text: str) -> list[str]:
    """The names, addresses and numbers of persons that occur in the text (any case, any spacing of digits)."""
    found = personal_data()
    lowered = text.casefold()
    digits = re.sub(r"(?<=\d)[\s\-–]+(?=\d)", "", text)
    hits = [n for n in found["names"] + found["emails"] if n.casefold() in lowered]
    return hits + [p for p in found["phones"] if p in digits]

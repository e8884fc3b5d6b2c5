"""The two languages of the pages (sv, en): UI strings, label choice, the language switch."""

from __future__ import annotations

from fastapi import Request

from .errors import ProtocolError

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
COOKIE = "lang"

UI = {
    "sv": {
        "type": "typ",
        "properties": "Egenskaper",
        "property": "egenskap",
        "value": "värde",
        "inbound": "Vem pekar hit",
        "used_by": "Används av",
        "responsibilities": "Ansvar",
        "task": "uppgift",
        "duty": "typ av uppdrag",
        "basis": "rättslig grund",
        "period": "period",
        "quote": "citat",
        "source": "källa",
        "area": "område",
        "actor": "aktör",
        "parties": "Parter",
        "party": "part",
        "role": "roll",
        "post": "undertecknande befattning",
        "bodies": "Samverkansorgan",
        "body": "organ",
        "kind": "slag",
        "sections": "Paragrafer",
        "section": "paragraf",
        "number": "nr",
        "duties_here": "Ansvar som vilar på författningen",
        "sources": "Källa och citat",
        "instances": "Instanser",
        "subclasses": "Underklasser",
        "superclasses": "Överklasser",
        "definition": "Definition i ontologin",
        "count": "antal",
        "data": "Data",
        "inferred": "härledd",
        "search": "Sök",
        "search_label": "Sök bland aktörer, län, överenskommelser, författningar och begrepp",
        "results": "Träffar",
        "no_results": "Inga träffar.",
        "not_found": "Resursen finns inte",
        "not_found_text": "Det finns ingen resurs med denna IRI i grafen.",
        "nearest": "Närmaste träffar",
        "graph": "Namngiven graf",
        "triples": "tripplar",
        "subjects": "subjekt",
        "download": "Nedladdning",
        "downloads": "Nedladdning av hela grafen",
        "file": "fil",
        "format": "format",
        "size": "storlek",
        "checksum": "SHA-256",
        "licence": "Licens",
        "dataset": "Datamängdsbeskrivning",
        "from": "från",
        "until": "till och med",
        "more": "fler",
        "evidence": "belägg",
        "joint": "gemensamt ansvar",
        "holders": "Innehavare",
        "holder": "innehavare",
        "obligation": "typ av förpliktelse",
        "holder_role": "innehavarens roll",
        "inferred_uncertain": "härlett — osäkert",
        "statute": "författning",
        "register": "register",
        "evidence_for": "Belägg för",
        "supports": "styrker",
        "method": "metod",
        "general_duty": "generell skyldighet",
        "conflicts": "strider mot",
        "pictures": "Bilder",
        "pictures_intro": (
            "Vem gör vad, var och sedan när — som karta, matris, nätverk och tidslinje. Varje bild visar datumet "
            "den gäller, en förklaring, samma uppgifter som tabell och sina data som CSV och JSON."
        ),
        "picture_map": "Karta: länen och deras regionala överenskommelser",
        "picture_map_gaps": "Karta: ansvarsluckor per län",
        "picture_matrix": "Ansvarsmatris: aktörer × uppgifter",
        "picture_network": "Aktörsnätverk för en överenskommelse",
        "picture_timeline": "Tidslinje: författningar, överenskommelser och organisationsförändringar",
        "as_of": "per datum",
        "show": "Visa",
        "legend": "Förklaring",
        "text_alternative": "Samma uppgifter som tabell",
        "colour_by": "färg efter",
        "by_agreements": "överenskommelse",
        "by_gaps": "antal fynd i kontrollerna",
        "status_in_force": "överenskommelse gäller",
        "status_period_unknown": "överenskommelse med okänd period",
        "status_ended": "överenskommelse har upphört",
        "status_none": "ingen överenskommelse registrerad",
        "county": "län",
        "status": "status",
        "agreements": "överenskommelser",
        "findings": "fynd",
        "each": "var för sig",
        "tasks": "uppgifter",
        "actors": "aktörer",
        "relation": "relation",
        "from_node": "från",
        "to_node": "till",
        "kind_of_thing": "slag",
        "name": "namn",
        "open_end": "öppet slut",
        "unknown_start": "okänd start",
        "event": "händelse",
        "agreement": "överenskommelse",
        "organisation": "organisation",
        "no_rows": "Inget att visa för dessa val.",
        "pictures_of_this": "Bilder som visar detta",
        "whole_country": "hela landet",
        "questions": "Frågor",
        "questions_intro": (
            "Färdiga frågor till grafen: välj en, ändra län, datum eller uppgift, och se svaret med källor "
            "och den SPARQL som ger det."
        ),
        "question": "fråga",
        "parameters": "parametrar",
        "answer": "Svar",
        "open_in_editor": "Öppna frågan i frågeredigeraren",
    },
    "en": {
        "type": "type",
        "properties": "Properties",
        "property": "property",
        "value": "value",
        "inbound": "Who points here",
        "used_by": "Used by",
        "responsibilities": "Responsibilities",
        "task": "task",
        "duty": "kind of duty",
        "basis": "legal basis",
        "period": "period",
        "quote": "quote",
        "source": "source",
        "area": "area",
        "actor": "actor",
        "parties": "Parties",
        "party": "party",
        "role": "role",
        "post": "signing post",
        "bodies": "Collaboration bodies",
        "body": "body",
        "kind": "kind",
        "sections": "Sections",
        "section": "section",
        "number": "no.",
        "duties_here": "Responsibilities resting on this statute",
        "sources": "Source and quote",
        "instances": "Instances",
        "subclasses": "Subclasses",
        "superclasses": "Superclasses",
        "definition": "Definition in the ontology",
        "count": "count",
        "data": "Data",
        "inferred": "inferred",
        "search": "Search",
        "search_label": "Search actors, counties, agreements, statutes and concepts",
        "results": "Results",
        "no_results": "No results.",
        "not_found": "No such resource",
        "not_found_text": "The graph has no resource with this IRI.",
        "nearest": "Nearest matches",
        "graph": "Named graph",
        "triples": "triples",
        "subjects": "subjects",
        "download": "Download",
        "downloads": "Download the whole graph",
        "file": "file",
        "format": "format",
        "size": "size",
        "checksum": "SHA-256",
        "licence": "Licence",
        "dataset": "Dataset description",
        "from": "from",
        "until": "until",
        "more": "more",
        "evidence": "evidence",
        "joint": "joint responsibility",
        "holders": "Holders",
        "holder": "holder",
        "obligation": "kind of obligation",
        "holder_role": "role of the holder",
        "inferred_uncertain": "inferred — uncertain",
        "statute": "statute",
        "register": "register",
        "evidence_for": "Evidence for",
        "supports": "supports",
        "method": "method",
        "general_duty": "general duty",
        "conflicts": "conflicts with",
        "pictures": "Pictures",
        "pictures_intro": (
            "Who does what, where and since when — as a map, a matrix, a network and a timeline. Each picture sho"
            "ws the date it is drawn for, a legend, the same facts as a table, and its data as CSV and JSON."
        ),
        "picture_map": "Map: the counties and their regional agreements",
        "picture_map_gaps": "Map: gap findings per county",
        "picture_matrix": "Responsibility matrix: actors × tasks",
        "picture_network": "Actor network of an agreement",
        "picture_timeline": "Timeline: statutes, agreements and organisational changes",
        "as_of": "as of",
        "show": "Show",
        "legend": "Legend",
        "text_alternative": "The same facts as a table",
        "colour_by": "colour by",
        "by_agreements": "agreement",
        "by_gaps": "number of check findings",
        "status_in_force": "agreement in force",
        "status_period_unknown": "agreement, period unknown",
        "status_ended": "agreement ended",
        "status_none": "no agreement recorded",
        "county": "county",
        "status": "status",
        "agreements": "agreements",
        "findings": "findings",
        "each": "each",
        "tasks": "tasks",
        "actors": "actors",
        "relation": "relation",
        "from_node": "from",
        "to_node": "to",
        "kind_of_thing": "kind",
        "name": "name",
        "open_end": "open end",
        "unknown_start": "unknown start",
        "event": "event",
        "agreement": "agreement",
        "organisation": "organisation",
        "no_rows": "Nothing to show for these choices.",
        "pictures_of_this": "Pictures that show this",
        "whole_country": "the whole country",
        "questions": "Questions",
        "questions_intro": (
            "Ready-made questions: pick one, change the county, date or task, and see the answer with its "
            "sources and the SPARQL behind it."
        ),
        "question": "question",
        "parameters": "parameters",
        "answer": "Answer",
        "open_in_editor": "Open the query in the editor",
    },
}


def page_language(request: Request) -> str:
    """?lang= (sv|en) wins, then the cookie the switch set, then Swedish."""
    wanted = request.query_params.get("lang")
    if wanted is not None:
        if wanted not in LANGUAGES:
            raise ProtocolError(400, f"lang must be one of {', '.join(LANGUAGES)}, not {wanted!r}")
        return wanted
    cookie = request.cookies.get(COOKIE)
    return cookie if cookie in LANGUAGES else DEFAULT


def remember_language(request: Request, response) -> None:
    wanted = request.query_params.get("lang")
    if wanted in LANGUAGES:
        response.set_cookie(COOKIE, wanted, max_age=365 * 24 * 3600, samesite="lax")


def translator(lang: str):
    strings = UI[lang]
    return lambda key: strings.get(key, key)


def render_localised(request: Request, template: str, lang: str, **context) -> str:
    """A page template with what every localised page needs: the request, its
    language, the UI strings and links rooted at the service."""
    from .iris import Links

    context.setdefault("links", Links("/"))
    context.setdefault("root", "/")
    return request.app.state.templates.get_template(template).render(
        request=request, lang=lang, t=translator(lang), **context
    )


def pick(labels: dict[str, str], lang: str) -> str | None:
    """The label in the page's language, else Swedish, English, untagged, any."""
    for candidate in (lang, "sv", "en", ""):
        if candidate in labels:
            return labels[candidate]
    return next(iter(labels.values()), None)

"""An analyst's session with the graph, as a script (or paste the cells into a notebook).

pip install "ansvar[notebook]"
python docs/analyst-notebook.py                                  # the shipped data, embedded
python docs/analyst-notebook.py http://127.0.0.1:8000/sparql      # or any SPARQL endpoint
"""

import sys

from ansvar import api

endpoint = sys.argv[1] if len(sys.argv) > 1 else None

# The catalogue of ready-made questions.
print(api.questions().to_string(index=False))

# Who provides school in Blekinge (county 10) on 2016-06-01, holder by holder?
school = api.ask("who-holds-a-task", endpoint=endpoint, county="10", task="school", asOf="2016-06-01")
print(school[["holderLabel", "dutyLabel", "areaLabel", "joint"]].drop_duplicates().to_string(index=False))

# Which counties had a regional agreement in force on 2017-06-01?
status = api.ask("counties-agreement-status", endpoint=endpoint, asOf="2017-06-01")
print(status[status["inForce"] > 0][["countyLabel", "inForce"]].to_string(index=False))

# Any SPARQL: how many responsibilities each kind of holder has (the standard prefixes are declared).
counts = api.sparql(
    """
    SELECT ?kind (COUNT(?r) AS ?n) WHERE {
      ?r a ans:Responsibility ; ans:actor/a ?k . ?k rdfs:subClassOf ans:PublicOrganisation .
      BIND(STRAFTER(STR(?k), "#") AS ?kind)
    } GROUP BY ?kind ORDER BY DESC(?n)""",
    endpoint=endpoint,
)
print(counts.to_string(index=False))

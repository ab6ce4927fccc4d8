"""The project's RDF vocabulary as closed namespaces: a misspelt term fails loudly."""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef

DG_IRI = "https://w3id.org/diplograph/ontology#"
DGR = Namespace("https://w3id.org/diplograph/id/")
WD = Namespace("http://www.wikidata.org/entity/")


class DG(DefinedNamespace):
    """Terms of ontology/diplograph.ttl (a test keeps the two in step)."""

    _fail = True
    _NS = Namespace(DG_IRI)

    # classes: actors and places
    Actor: URIRef
    Person: URIRef
    State: URIRef
    InternationalOrganization: URIRef
    GovernmentBody: URIRef
    Organization: URIRef
    Bloc: URIRef
    Place: URIRef
    City: URIRef
    Document: URIRef
    Overlay: URIRef
    # classes: events
    Event: URIRef
    Demand: URIRef
    Warning: URIRef
    SanctionThreat: URIRef
    SanctionImposition: URIRef
    Rejection: URIRef
    Talks: URIRef
    ScheduledTalks: URIRef
    HeldTalks: URIRef
    Position: URIRef
    # event roles
    agent: URIRef
    target: URIRef
    participant: URIRef
    location: URIRef
    holder: URIRef
    organization: URIRef
    # entity links
    partOf: URIRef
    mentionedIn: URIRef
    # direct edges
    interactedWith: URIRef
    demanded: URIRef
    warned: URIRef
    threatenedSanctions: URIRef
    imposedSanctions: URIRef
    rejected: URIRef
    scheduledTalksIn: URIRef
    heldTalksIn: URIRef
    scheduledTalksWith: URIRef
    heldTalksWith: URIRef
    affiliatedWith: URIRef
    # inverses that help queries
    demandedBy: URIRef
    warnedBy: URIRef
    sanctionsThreatenedBy: URIRef
    sanctionsImposedBy: URIRef
    rejectedBy: URIRef
    hasAffiliate: URIRef
    # event data
    startDate: URIRef
    endDate: URIRef
    evidence: URIRef
    confidence: URIRef
    role: URIRef
    rule: URIRef
    modality: URIRef
    condition: URIRef
    sourceCount: URIRef
    contentHash: URIRef
    checksum: URIRef
    # provenance of a build
    builtWith: URIRef
    # annotation
    cameoCode: URIRef


# A DefinedNamespace term is looked up through its metaclass's __getattr__ on every access
# (~1 µs, and RDF output makes hundreds of thousands); as class attributes the declared
# terms are plain lookups. Undeclared names still fail.
for _term in DG.__annotations__:
    type.__setattr__(DG, _term, DG[_term])
del _term

"""Options shared by the commands that read a graph where it lives (light: no rdflib here, so
`--help` stays fast; kg.sources reads them)."""

from __future__ import annotations

import argparse

FACT_CLASSES = ("Demand", "Warning", "SanctionThreat", "SanctionImposition", "Rejection", "ScheduledTalks",
                "HeldTalks", "Position")


def add_source_options(parser: argparse.ArgumentParser, *, filters: bool = True) -> None:
    parser.add_argument("--store", metavar="DIR", help="read a store made by kg build --store (read-only)")
    parser.add_argument("--endpoint", metavar="URL", help="read a SPARQL 1.1 endpoint (e.g. kg serve's /sparql)")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S",
                        help="give a query up after S seconds, on files, a store or an endpoint (60; 0 = no limit)")
    if filters:
        parser.add_argument("--since", metavar="DATE", help="only facts from DATE on (2022, 2022-01, 2022-01-09); "
                            "an undated fact counts at its document's date")
        parser.add_argument("--until", metavar="DATE", help="only facts up to DATE (same forms)")
        parser.add_argument("--types", metavar="T,T", help="only these fact classes: " + ",".join(FACT_CLASSES))

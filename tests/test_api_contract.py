"""The API keeps the promises of its OpenAPI description: the document is valid OpenAPI, and
requests generated from it (a bounded number per operation) get no server error and answers
that match the documented status codes, headers and JSON schemas."""

from __future__ import annotations

from datetime import date, time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from portal.directory.models import Closure, OpeningException, ServiceStop
from portal.extensions import db
from tests.factories import make_partner, make_service, quartier, subneed

EXAMPLES = 15


@pytest.fixture()
def api_schema(app):
    """The description served by the application, over a small directory that has every kind
    of value a field can hold (empty texts, dated hours, a service held elsewhere)."""
    partner = make_partner(slug="centre-social", presentation="", phone="03 20 00 00 00",
                           languages=["fr", "ar"], labels=["france-services"])
    partner.closures = [Closure(start_date=date(2030, 1, 1), end_date=date(2030, 1, 5), message="")]
    partner.exceptions = [OpeningException(day=date(2030, 2, 1), label="Fermé"),
                          OpeningException(day=date(2030, 2, 2), opens=time(10), closes=time(12))]
    make_service(partner, [subneed("colis-alimentaire"), subneed("trouver-un-travail")])
    bus = make_service(make_partner(weekly=[]), [subneed("prendre-une-douche")],
                       fees="payant", access_modes=["sur-rdv"])
    bus.stops = [ServiceStop(address="Place Degeyter", postcode="59000", city="Lille",
                             latitude=50.628, longitude=3.09, quartier_id=quartier("fives").id,
                             weekday=2, opens=time(14), closes=time(16))]
    make_service(make_partner(at=(None, None)), [subneed("repas-chaud")], modes=["a-distance"])
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_description_is_valid_openapi(api_schema):
    api_schema.validate()
    assert api_schema.raw_schema["openapi"].startswith("3.")
    paths = set(api_schema.raw_schema["paths"])
    assert {"/structures", "/structures/{slug}", "/services", "/services/{service_id}", "/needs",
            "/quartiers", "/quartiers/{slug}"} <= paths


# Schemathesis's pytest loader (`schemathesis.pytest.from_fixture`) reads a node attribute that
# this pytest no longer has: each operation's strategy is run through Hypothesis here instead.
CHECKED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=lambda mode: mode.value)
def test_every_operation_answers_as_described(api_schema, mode):
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @CHECKED
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Unsatisfiable:
            # Nothing in this operation can be invalid (no parameter, or any text is a slug).
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as error:  # every operation is tried; all failures are reported
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)

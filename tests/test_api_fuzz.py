"""Schemathesis against the whole REST API, served by a real daphne on the test database.

Every operation in /api/v1/openapi.json gets generated requests (valid ones, then invalid ones), sent
with a member's bearer token; a 5xx, a status code the schema does not declare, or a body that does
not match the declared schema fails the test, with the request that caused it. Stateful sequences
run over the links schemathesis infers between operations. Not part of `make test`: run by
`make test-fuzz-quick` (a few examples per operation, in CI) and `make fuzz` (FUZZ_EXAMPLES, more).
"""

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community.accounts.services import api_token_create
from community.organisations.models import Role
from messaging import services as messaging_services
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OfferingFactory,
    OrganisationFactory,
    PracticeFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(db) -> dict[str, Any]:
    """Rows for the generated requests to find: an organisation the caller owns, its offering, a
    network, a forum topic, a practice and a conversation; and the caller's token."""
    organisation = OrganisationFactory()
    caller = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    colleague = MembershipFactory(organisation=organisation).user
    OfferingFactory(organisation=organisation)
    network = NetworkFactory()
    NetworkMembershipFactory(network=network, user=caller)
    TopicFactory(category=CategoryFactory(), author=colleague)
    PracticeFactory(author=caller)
    messaging_services.direct_open(user=caller, other=colleague)
    UserFactory()
    _, token = api_token_create(user=caller, name="fuzz")
    return {"token": token}


def _call(case: Any, base_url: str, token: str) -> None:
    case.call_and_validate(
        base_url=base_url, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS, timeout=30
    )


def test_every_operation_answers_within_its_schema(daphne_server, world):
    schema = schemathesis.openapi.from_url(f"{daphne_server.url}/api/v1/openapi.json")
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @HYPOTHESIS
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                _call(case, daphne_server.url, world["token"])

            try:
                run()
            except Unsatisfiable:
                # No invalid request can be built for this operation (e.g. its only parameter is a
                # free string in the path): nothing to send in this mode.
                continue
            except (Exception, BaseExceptionGroup) as exc:  # every operation is tried, all failures reported
                failures[f"{operation.label} ({mode.value})"] = str(exc)
    assert operations > 50, f"only {operations} operations in the schema"
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())


def test_linked_operations_in_sequence_answer_within_their_schema(daphne_server, world):
    schema = schemathesis.openapi.from_url(f"{daphne_server.url}/api/v1/openapi.json")
    machine = schema.as_state_machine()
    checked: list[str] = []  # every response validated, by operation: proof that sequences really ran

    class Sequence(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {
                "base_url": daphne_server.url,
                "headers": {"Authorization": f"Bearer {world['token']}"},
                "timeout": 30,
            }

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)
            checked.append(case.operation.label)

    run_state_machine_as_test(
        Sequence,
        settings=settings(
            HYPOTHESIS,
            max_examples=max(2, EXAMPLES // 2),
            stateful_step_count=5,
        ),
    )
    # validate_response raises on any failed check; these show the run was not empty.
    assert len(checked) >= 2, checked
    assert len(set(checked)) >= 2, f"only {set(checked)} was called"

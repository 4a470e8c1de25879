"""schemathesis against the OpenAPI document the server serves: generated requests, valid and
invalid, to every operation; every answer must match the document (status codes, headers,
bodies), never be a 5xx, and every error must be the protocol's error body.

Requests are signed by a ``requests`` auth hook over the prepared request, the bytes that go
on the wire, so generated bodies reach the real handlers rather than stopping at the
signature check; back-office operations get the admin token.
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import positive_data_acceptance

from kiosk.protocol import ErrorBody, ErrorKind, sign_request
from server.app import create_app
from tests.server.support import AdminClient, DeviceClient

# The document as served (a throwaway app builds it; no database is touched for that).
SCHEMA = schemathesis.openapi.from_dict(
    create_app("sqlite:///:memory:", run_migrations=False).openapi()
)


class SigningAuth(requests.auth.AuthBase):
    def __init__(self, device: DeviceClient, admin: AdminClient) -> None:
        self.device, self.admin = device, admin

    def __call__(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        body = prepared.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        prepared.headers.update(
            sign_request(
                prepared.method,
                prepared.path_url,
                body,
                device_code=self.device.device_code,
                secret=self.device.secret,
            )
        )
        if prepared.path_url.startswith("/v1/admin/"):
            prepared.headers["Authorization"] = f"Bearer {self.admin.token}"
        return prepared


def test_the_served_document_is_the_one_tested(server):
    served = requests.get(server.url + "/openapi.json", timeout=30).json()
    assert served["paths"].keys() == SCHEMA.raw_schema["paths"].keys()


@SCHEMA.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(case: Case, server, device, admin):
    response = case.call_and_validate(
        base_url=server.url,
        auth=SigningAuth(device, admin),
        # Valid-by-schema is not valid-by-rules: a well-formed enrolment token that was never
        # issued, or a submit whose materials were never uploaded, is rightly refused.
        excluded_checks=[positive_data_acceptance],
    )
    if response.status_code >= 400 and case.method != "HEAD":  # HEAD answers carry no body
        error = ErrorBody.model_validate_json(response.content)
        assert error.kind in set(ErrorKind)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message), error.message


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_unknown_paths_and_methods_answer_with_the_error_body(server):
    missing = requests.get(server.url + "/v1/nowhere", timeout=30)
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    wrong = requests.delete(server.url + "/v1/health", timeout=30)
    assert (wrong.status_code, wrong.json()["code"]) == (405, "method_not_allowed")
    # Every method of the path, though each is its own route.
    material = requests.delete(server.url + "/v1/materials/" + "ab" * 32, timeout=30)
    assert material.headers["Allow"] == "GET, HEAD, PATCH"
    # A fixed segment is not taken for a parameter of a neighbouring route.
    assert requests.patch(server.url + "/v1/materials/query", timeout=30).status_code == 405
    assert requests.get(server.url + "/v1/applications/batch", timeout=30).status_code == 405

"""The CA bundle Prefect's API clients load (tasks/adapters/orchestrator.py): one certificate for a
plain-http server, where none is ever checked; the full bundle for https; a bundle the
operator named stays."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from tasks.adapters import orchestrator

VARIABLE = "PREFECT_API_SSL_CERT_FILE"


def test_a_plain_http_server_gets_a_bundle_of_one_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(VARIABLE, raising=False)
    orchestrator._light_tls_for_plain_http("http://127.0.0.1:4200/api", tmp_path)
    bundle = Path(orchestrator.os.environ[VARIABLE])
    assert bundle.parent == tmp_path
    assert bundle.read_text().count("BEGIN CERTIFICATE") == 1
    context = ssl.create_default_context(cafile=str(bundle))  # what Prefect does with it
    assert len(context.get_ca_certs()) == 1
    orchestrator._light_tls_for_plain_http("http://127.0.0.1:4200/api", tmp_path)  # made once
    assert sorted(p.name for p in tmp_path.iterdir()) == [bundle.name]


@pytest.mark.parametrize(
    ("url", "named"),
    [("https://prefect.oss.nl/api", None), ("http://127.0.0.1:4200/api", "/etc/eigen-ca.pem")],
)
def test_https_and_a_named_bundle_keep_their_bundle(
    url: str, named: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if named is None:
        monkeypatch.delenv(VARIABLE, raising=False)
    else:
        monkeypatch.setenv(VARIABLE, named)
    orchestrator._light_tls_for_plain_http(url, tmp_path)
    assert orchestrator.os.environ.get(VARIABLE) == named
    assert not list(tmp_path.iterdir())

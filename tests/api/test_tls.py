"""A TLS certificate the client refuses is named for what is wrong with it (expired,
self-signed or from an unknown authority, for another name) with its fix; the fix
offered (SSL_CERT_FILE) works; `verify_tls = false` is said once on standard error.

Each store is a real TLS server on 127.0.0.1 with a certificate made for the test."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.config.support import COMMAND, clean_environ, write_config
from tests.hostile_support import assert_one_line_failure, isolated_env, run_in_process
from tests.network_support import Certificates, Recorded, make_certificates, tls_store
from tui.api.client import DownloadsClient
from tui.api.errors import CertificateRefused

TOKEN, SECRET = "tls-token-Pp3", "tls-secret-Lq8-value"
ONLY_FOR_TESTS = "verify_tls = false in the profile only for a test store."
TRUST_ITS_CA = ("If the store is yours, set SSL_CERT_FILE to the CA bundle (PEM) that signs "
                f"its certificate; {ONLY_FOR_TESTS}")


@pytest.fixture
def store(tmp_path: Path,
          request: pytest.FixtureRequest) -> Iterator[tuple[Recorded, Certificates]]:
    """A TLS store serving a certificate of the kind the test is parametrized with."""
    certificates = make_certificates(tmp_path / "certs", request.param)
    with tls_store(certificates) as served:
        yield served, certificates


@pytest.mark.parametrize(("store", "trusted", "words"), [
    ("expired", True, ("The TLS certificate of 127.0.0.1 has expired. The store's host must "
                       f"renew it (or this machine's clock is wrong); {ONLY_FOR_TESTS}")),
    ("self-signed", False, ("The TLS certificate of 127.0.0.1 is self-signed: no authority "
                            f"this machine trusts vouches for it. {TRUST_ITS_CA}")),
    ("good", False, ("The TLS certificate of 127.0.0.1 is signed by an authority this "
                     f"machine does not trust. {TRUST_ITS_CA}")),
    ("other-name", True, ("The TLS certificate of 127.0.0.1 is for another host name, not "
                          "127.0.0.1. Use the host name the certificate is for in the store's "
                          "URL, or have the store's host serve a certificate for 127.0.0.1; "
                          f"{ONLY_FOR_TESTS}")),
], indirect=["store"], ids=["expired", "self-signed", "unknown-authority", "other-name"])
def test_a_refused_certificate_says_why_and_what_to_do(
    store: tuple[Recorded, Certificates], tmp_path: Path, trusted: bool, words: str
) -> None:
    served, certificates = store
    env = isolated_env(tmp_path, served.url, SECRET, TOKEN)
    if trusted:  # the CA is trusted: only what is wrong with the certificate itself shows
        env["SSL_CERT_FILE"] = str(certificates.ca_file)
    result = run_in_process(env, "check")
    assert_one_line_failure(result, f"easycart-tui: {words}\n")
    assert served.received == []  # nothing was sent: not even the request's first line


@pytest.mark.parametrize("store", ["good"], indirect=True)
def test_the_fix_offered_works_ssl_cert_file_trusts_the_stores_ca(
    store: tuple[Recorded, Certificates], tmp_path: Path
) -> None:
    served, certificates = store
    env = isolated_env(tmp_path, served.url, SECRET, TOKEN)
    env["SSL_CERT_FILE"] = str(certificates.ca_file)
    result = run_in_process(env, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: authenticated to {served.url} in ")
    assert result.stderr == ""


@pytest.mark.parametrize("store", ["expired"], indirect=True)
async def test_a_refused_certificate_is_not_tried_again(
    store: tuple[Recorded, Certificates], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads are retried on a failure that may pass; a certificate does not."""
    served, certificates = store
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca_file))
    async with DownloadsClient(served.url, TOKEN, SECRET, retries=3, backoff=5,
                               timeout=30) as client:
        started = time.monotonic()
        with pytest.raises(CertificateRefused, match="has expired"):
            await client.get("abc123")
    assert time.monotonic() - started < 5  # no pause of 5 s before a second try


@pytest.mark.parametrize("store", ["self-signed"], indirect=True)
def test_verify_tls_false_is_said_once_on_standard_error(
    store: tuple[Recorded, Certificates], tmp_path: Path
) -> None:
    served, _ = store
    env = clean_environ(tmp_path)
    config = write_config(tmp_path / "config.toml", (
        f'[profiles.test]\nbase_url = "{served.url}"\ntoken = "{TOKEN}"\n'
        f'secret = "{SECRET}"\nverify_tls = false\n'))
    result = subprocess.run([COMMAND, "--config", str(config), "--profile", "test", "check"],
                            capture_output=True, text=True, env=env, input="", timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("warning: the TLS certificate of 127.0.0.1 is not verified "
                             "(verify_tls = false): use this only for a test store\n")
    assert result.stdout.startswith(f"OK: authenticated to {served.url} in ")

"""Why the store's TLS certificate was refused, and what to do about it.

httpx says only that the connection failed; the `ssl.SSLCertVerificationError`
behind it holds OpenSSL's verdict (`verify_code`). Each kind of refusal has its own
fix: an expired certificate must be renewed by the store's host, one signed by an
authority this machine does not know is trusted through `SSL_CERT_FILE`, one for
another name needs the URL of that name. Turning verification off is only ever
offered for a test store: anyone on the way could then pose as the store.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

from tui.api.errors import CertificateRefused

#: OpenSSL's X509_V_ERR_* codes, by what they mean to the user.
_EXPIRED, _NOT_YET_VALID = 10, 9
_SELF_SIGNED = frozenset({18, 19})  # the certificate itself, or its chain's root
_UNKNOWN_ISSUER = frozenset({2, 20, 21})
_OTHER_NAME = frozenset({62, 64})  # host name or IP address mismatch
_ONLY_FOR_TESTS = "verify_tls = false in the profile only for a test store"
_TRUST_ITS_CA = ("If the store is yours, set SSL_CERT_FILE to the CA bundle (PEM) that "
                 f"signs its certificate; {_ONLY_FOR_TESTS}.")


def certificate_refused(chain: Iterable[BaseException], host: str) -> CertificateRefused | None:
    """The error for a certificate of `host` that failed verification, found in the
    exceptions `chain` of a failed request; None when none of them is such a failure."""
    failure = next((item for item in chain if isinstance(item, ssl.SSLCertVerificationError)),
                   None)
    if failure is None:
        return None
    code = getattr(failure, "verify_code", None)
    whose = f"The TLS certificate of {host}"
    if code == _EXPIRED:
        return CertificateRefused(f"{whose} has expired.", "The store's host must renew it "
                                  f"(or this machine's clock is wrong); {_ONLY_FOR_TESTS}.")
    if code == _NOT_YET_VALID:
        return CertificateRefused(f"{whose} is not valid yet.", "Check this machine's clock; "
                                  f"{_ONLY_FOR_TESTS}.")
    if code in _SELF_SIGNED:
        return CertificateRefused(f"{whose} is self-signed: no authority this machine "
                                  "trusts vouches for it.", _TRUST_ITS_CA)
    if code in _UNKNOWN_ISSUER:
        return CertificateRefused(f"{whose} is signed by an authority this machine does "
                                  "not trust.", _TRUST_ITS_CA)
    if code in _OTHER_NAME:
        return CertificateRefused(
            f"{whose} is for another host name, not {host}.",
            f"Use the host name the certificate is for in the store's URL, or have the "
            f"store's host serve a certificate for {host}; {_ONLY_FOR_TESTS}.")
    said = " ".join(str(getattr(failure, "verify_message", "") or "").split())[:120]
    return CertificateRefused(f"{whose} could not be verified ({said or 'no reason given'}).",
                              _TRUST_ITS_CA)

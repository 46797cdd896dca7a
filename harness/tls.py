"""HTTPS on 127.0.0.1 with a certificate made at run time, for serving the site as production does (over TLS).

``LocalCertificate.make(folder)`` runs the ``openssl`` command-line tool: a
certificate authority of its own, and a certificate for ``127.0.0.1`` and
``localhost`` signed by it, valid two days. Nothing is downloaded and nothing
is written outside ``folder`` (a temporary directory: never commit one).
Browsers are told to accept it each in its own way: Chromium trusts the
certificate's key (``chromium_args()``), WebKitGTK and Firefox take
WebDriver's ``acceptInsecureCerts``.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Elliptic-curve keys: made at once, where RSA keys take a noticeable moment.
_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


class OpenSSLMissing(RuntimeError):
    pass


def _openssl(*args: str | Path) -> None:
    tool = shutil.which("openssl")
    if tool is None:
        raise OpenSSLMissing("HTTPS needs the openssl command-line tool: install Debian's openssl")
    subprocess.run([tool, *map(str, args)], check=True, capture_output=True, timeout=60)


@dataclass(frozen=True)
class LocalCertificate:
    folder: Path

    @property
    def authority(self) -> Path:
        return self.folder / "authority.pem"

    @property
    def certificate(self) -> Path:
        return self.folder / "certificate.pem"

    @property
    def key(self) -> Path:
        return self.folder / "key.pem"

    @classmethod
    def make(cls, folder: Path) -> LocalCertificate:
        made = cls(Path(folder))
        made.folder.mkdir(parents=True, exist_ok=True)
        authority_key = made.folder / "authority-key.pem"
        _openssl(
            "req", "-x509", *_KEY, "-keyout", authority_key, "-out", made.authority, "-days", "2",
            "-subj", "/CN=guide local authority (made at run time)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
        )  # fmt: skip
        _openssl(
            "req", "-x509", *_KEY, "-keyout", made.key, "-out", made.certificate, "-days", "2",
            "-CA", made.authority, "-CAkey", authority_key, "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "extendedKeyUsage=serverAuth",
        )  # fmt: skip
        authority_key.unlink()
        return made

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client that trusts this certificate's authority and nothing else."""
        return ssl.create_default_context(cafile=self.authority)

    def spki_sha256(self) -> str:
        """The certificate's public key as Chromium names it: base64 of the SHA-256 of its SubjectPublicKeyInfo."""
        der = ssl.PEM_cert_to_DER_cert(self.certificate.read_text("ascii"))
        return base64.b64encode(hashlib.sha256(_subject_public_key_info(der)).digest()).decode()

    def chromium_args(self) -> tuple[str, ...]:
        """Launch flags under which Chromium holds this certificate valid (so it caches what comes over it)."""
        return (f"--ignore-certificate-errors-spki-list={self.spki_sha256()}",)


def _subject_public_key_info(certificate_der: bytes) -> bytes:
    """The SubjectPublicKeyInfo element of a DER certificate, read from its ASN.1 structure."""

    def element(data: bytes, at: int) -> tuple[int, int, int]:
        """(start of the content, end of the element, tag) of the DER element at ``at``."""
        tag, length, at = data[at], data[at + 1], at + 2
        if length & 0x80:
            count = length & 0x7F
            length, at = int.from_bytes(data[at : at + count], "big"), at + count
        return at, at + length, tag

    certificate_body, _, _ = element(certificate_der, 0)
    at, _, _ = element(certificate_der, certificate_body)  # tbsCertificate's content
    if certificate_der[at] == 0xA0:  # [0] version
        at = element(certificate_der, at)[1]
    for _ in range(5):  # serialNumber, signature, issuer, validity, subject
        at = element(certificate_der, at)[1]
    return certificate_der[at : element(certificate_der, at)[1]]

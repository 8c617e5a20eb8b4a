"""The JSON-LD part of wallet-bench on the Python implementations, for comparison.

    pip install pyld==3.3.0 didkit==0.3.3
    python3 Sources/WalletBench/Comparisons/jsonld_bench.py

pyld: expansion + toRdf + URDNA2015 (= RDFC-1.0) of the vc-di-eddsa Alumni and employment
documents, with a document loader that serves the same pinned contexts as this library
(Sources/JSONLD/Contexts), checked against the vectors' canonical N-Quads first.
didkit: verification of Fixtures/interop/didkit-Ed25519Signature2020.json (its own issuance).
"""
import asyncio
import json
import pathlib
import time

import didkit
from pyld import jsonld

ROOT = pathlib.Path(__file__).resolve().parents[3]
CONTEXTS = ROOT / "Sources/JSONLD/Contexts"
INDEX = {entry["url"]: CONTEXTS / entry["file"] for entry in json.loads((CONTEXTS / "index.json").read_text())["contexts"]}
VECTORS = ROOT / "Fixtures/vc-di-eddsa/TestVectors"


def loader(url, options=None):
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(INDEX[url].read_text())}


def rate(body, seconds=2.0):
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        body()
        count += 1
    return count / (time.perf_counter() - start)


def main():
    for label, path, canonical in [("Alumni credential", VECTORS / "unsigned.json", VECTORS / "eddsa-rdfc-2022/canonDocDataInt.txt"),
                                   ("employment authorization credential", VECTORS / "employmentAuth.json", VECTORS / "eddsa-rdfc-2022/employ/canonDocDataInt.txt")]:
        document = json.loads(path.read_text())
        options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader, "safe": True}
        assert jsonld.normalize(document, options) == canonical.read_text(), label
        print(f"pyld expand + toRdf + URDNA2015, {label}: {rate(lambda: jsonld.normalize(document, options)):.0f} per s")

    credential = (ROOT / "Fixtures/interop/didkit-Ed25519Signature2020.json").read_text()
    verify_options = json.dumps({"proofPurpose": "assertionMethod"})

    async def verify_many(n):
        for _ in range(n):
            result = json.loads(await didkit.verify_credential(credential, verify_options))
            assert not result["errors"], result

    asyncio.run(verify_many(20))
    start = time.perf_counter()
    n = 300
    asyncio.run(verify_many(n))
    print(f"didkit verify Ed25519Signature2020 (its own credential): {n / (time.perf_counter() - start):.0f} per s")


main()

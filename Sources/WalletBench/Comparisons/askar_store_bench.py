"""The keystore benchmark's workload run against Aries Askar's SQLite store, for comparison.

    pip install aries-askar
    python3 Sources/WalletBench/Comparisons/askar_store_bench.py [--quick]

Same shape as `wallet-bench`'s keystore section: unlock (Argon2i 'int' KDF, Askar's
default), 10,000 inserts of ~1 KB one per transaction and in batches of 1,000, fetch by name,
100,000 records with two tags and lookups by tag, file size per record. Askar encrypts values,
names and tags (ChaCha20-Poly1305) under a store key.
"""
import asyncio
import os
import shutil
import sys
import tempfile
import time

from aries_askar import Store

QUICK = "--quick" in sys.argv
PASS = "benchmark passphrase"


def payload(index: int) -> bytes:
    base = ('{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","AlumniCredential"],'
            '"issuer":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","name":"Đại học Quốc gia Hà Nội"},'
            '"credentialSubject":{"id":"did:example:abcdefgh%d","givenName":"Nguyễn Văn","familyName":"An"}}' % index)
    text = (base * 8).encode()[:1000]
    return text + str(index).encode()


async def main():
    root = tempfile.mkdtemp(prefix="askar-bench-")
    figures = []
    try:
        # Unlock: open a provisioned store with its passphrase (Argon2i, 'int' preset).
        uri = "sqlite://" + os.path.join(root, "unlock.db")
        store = await Store.provision(uri, "kdf:argon2i:int", PASS, recreate=True)
        await store.close()
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            store = await Store.open(uri, "kdf:argon2i:int", PASS)
            async with store.session() as session:
                await session.count("credential")
            best = min(best, time.perf_counter() - start)
            await store.close()
        figures.append(("unlock, kdf:argon2i:int (Askar default)", best * 1000, "ms"))

        count = 2_000 if QUICK else 10_000
        uri = "sqlite://" + os.path.join(root, "records.db")
        store = await Store.provision(uri, "kdf:argon2i:int", PASS, recreate=True)
        start = time.perf_counter()
        async with store.session() as session:
            for index in range(count):
                await session.insert("credential", "c%d" % index, payload(index), {"type": "T%d" % (index % 100)})
        figures.append(("insert %d x 1 KB, one transaction each" % count, count / (time.perf_counter() - start), "records/s"))
        start = time.perf_counter()
        async with store.session() as session:
            for index in range(count):
                entry = await session.fetch("credential", "c%d" % index)
                assert entry is not None
        figures.append(("fetch by name, %d records" % count, count / (time.perf_counter() - start), "records/s"))
        start = time.perf_counter()
        async with store.session() as session:
            entries = await session.fetch_all("credential")
            assert len(entries) == count
        figures.append(("list all %d (decrypt)" % count, (time.perf_counter() - start) * 1000, "ms"))
        await store.close()

        uri = "sqlite://" + os.path.join(root, "batch.db")
        store = await Store.provision(uri, "kdf:argon2i:int", PASS, recreate=True)
        start = time.perf_counter()
        for first in range(0, count, 1000):
            async with store.transaction() as txn:
                for index in range(first, min(first + 1000, count)):
                    await txn.insert("credential", "c%d" % index, payload(index), {"type": "T%d" % (index % 100)})
                await txn.commit()
        figures.append(("insert %d x 1 KB, batches of 1,000" % count, count / (time.perf_counter() - start), "records/s"))
        await store.close()

        large = 20_000 if QUICK else 100_000
        path = os.path.join(root, "large.db")
        store = await Store.provision("sqlite://" + path, "kdf:argon2i:int", PASS, recreate=True)
        for first in range(0, large, 1000):
            async with store.transaction() as txn:
                for index in range(first, min(first + 1000, large)):
                    await txn.insert("credential", "c%d" % index, payload(index),
                                     {"subject": "did:example:%d" % index, "type": "T%d" % (index % 100)})
                await txn.commit()
        import random
        lookups = 2_000
        targets = [random.randrange(large) for _ in range(lookups)]
        start = time.perf_counter()
        async with store.session() as session:
            for target in targets:
                entries = await session.fetch_all("credential", {"subject": "did:example:%d" % target})
                assert len(entries) == 1
        figures.append(("lookup by tag + fetch, in %d records" % large, lookups / (time.perf_counter() - start), "lookups/s"))
        await store.close()
        size = os.path.getsize(path) + (os.path.getsize(path + "-wal") if os.path.exists(path + "-wal") else 0)
        figures.append(("file size per ~1 KB record (%d records, 2 tags each)" % large, size / large, "bytes"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for name, value, unit in figures:
        print("%-70s%14.1f  %s" % (name, value, unit))


asyncio.run(main())

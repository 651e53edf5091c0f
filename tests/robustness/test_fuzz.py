"""Fuzzing: mutated PDF, DOCX and ODT files never break the batch or go unaccounted for.

The small documents in samples/bad/fuzz_seeds are cut short, have bytes flipped, spans
overwritten, deleted or repeated, numbers and names in a PDF's structure changed, or (for the
ZIP packages) one part mangled and the package zipped up again so the XML readers see it. The
whole lot goes through one isolated batch, as ``kaohe extract`` runs it: every file must come
back with a row, a known status and, unless it is ``ok``, one plain sentence.

``make test`` runs KAOHE_FUZZ_CASES=300 cases with a fixed seed; ``make fuzz`` runs more with
a new seed each time (printed, so that a failure can be replayed with KAOHE_FUZZ_SEED).
Mutants that once broke a reader are kept in samples/bad/fuzz_seeds/found/, named after the
seed and case that made them and what they broke; they are read on every run.
"""

from __future__ import annotations

import io
import os
import random
import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.options import Limits, ReadContext
from pipeline.rubric import load_rubric
from tests.robustness.conftest import BAD

CASES = int(os.environ.get("KAOHE_FUZZ_CASES", "300"))
SEED = int(os.environ.get("KAOHE_FUZZ_SEED", "20240611"))
SEEDS = sorted(p for p in (BAD / "fuzz_seeds").iterdir() if p.is_file())
FOUND = sorted((BAD / "fuzz_seeds" / "found").iterdir())
STATUSES = {"ok", "partial", "failed", "skipped"}
#: Sentences that say kaohe met an exception it has no sentence for (logged in kaohe.log).
UNEXPECTED = re.compile(r"could not be read: \w+ in the (parser|worker)")
#: What must never reach a sentence raw: C0 and C1 controls, DEL, line separators, bidi controls.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")

Mutation = Callable[[bytes, random.Random], bytes]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def overwrite_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    length = rng.randint(1, 512)
    return data[:start] + rng.randbytes(length) + data[start + length :]


def delete_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 2048) :]


def repeat_span(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    span = data[start : start + rng.randint(1, 256)]
    return data[:start] + span * rng.randint(2, 50) + data[start:]


PDF_NUMBERS = re.compile(rb"(?<![\w.])\d+(?![\w.])")
PDF_NAMES = re.compile(rb"/[A-Za-z]+")
PDF_SWAPS = [b"-1", b"0", b"999999999", b"2147483648", b"1e308", b"3.5", b"R", b"[", b"<<", b"()"]
PDF_KEYWORDS = [b"endobj", b"endstream", b"obj", b"stream", b"xref", b"trailer", b"R", b">>", b"]"]


def pdf_tokens(data: bytes, rng: random.Random) -> bytes:
    """Change numbers and names of the structure (object numbers, lengths, keys), or drop a keyword."""
    out = data
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        if choice < 0.5:
            matches = list(PDF_NUMBERS.finditer(out))
            replacement = rng.choice(PDF_SWAPS)
        elif choice < 0.8:
            matches = list(PDF_NAMES.finditer(out))
            replacement = rng.choice([b"/Pages", b"/Kids", b"/Parent", b"/Length", b"/Filter", b"/Font", b"/X"])
        else:
            keyword = rng.choice(PDF_KEYWORDS)
            matches = [m for m in re.finditer(re.escape(keyword), out)]
            replacement = b""
        if matches:
            m = rng.choice(matches)
            out = out[: m.start()] + replacement + out[m.end() :]
    return out


def zip_part(data: bytes, rng: random.Random) -> bytes:
    """One part of the package mangled by a byte mutation, then the package zipped up again."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    index = rng.randrange(len(members))
    xml = [i for i, (name, _) in enumerate(members) if name.endswith(".xml")]
    if xml and rng.random() < 0.8:
        index = rng.choice(xml)
    name, content = members[index]
    if content:
        mutation = rng.choice([truncate, flip_bytes, overwrite_span, delete_span, repeat_span, xml_surgery])
        members[index] = (name, mutation(content, rng))
    elif rng.random() < 0.5:
        members.pop(index)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, body in members:
            zf.writestr(member, body)
    return buffer.getvalue()


def xml_surgery(data: bytes, rng: random.Random) -> bytes:
    """Duplicate, drop or nest an element's start tag: well-formed or not, the reader must cope."""
    tags = list(re.finditer(rb"<[A-Za-z][\w:.-]*[^<>]*>", data))
    if not tags:
        return data
    m = rng.choice(tags)
    action = rng.randrange(3)
    if action == 0:
        return data[: m.start()] + data[m.end() :]
    if action == 1:
        return data[: m.end()] + m.group() * rng.randint(2, 200) + data[m.end() :]
    return data[: m.start()] + m.group()[:-1] + b' gridSpan="999999" w:val="-7"' + m.group()[-1:] + data[m.end() :]


BYTE_MUTATIONS: list[Mutation] = [truncate, flip_bytes, overwrite_span, delete_span, repeat_span]


def mutate(seed: Path, data: bytes, rng: random.Random) -> bytes:
    if seed.suffix == ".pdf":
        return rng.choice([*BYTE_MUTATIONS, pdf_tokens, pdf_tokens])(data, rng)
    return rng.choice([*BYTE_MUTATIONS, zip_part, zip_part, zip_part])(data, rng)


def test_mutated_files_are_each_accounted_for_with_a_sentence(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    seeds = [(path, path.read_bytes()) for path in SEEDS]
    inbox = tmp_path / "mutants"
    inbox.mkdir()
    names = []
    for case in range(CASES):
        seed, data = seeds[case % len(seeds)]
        name = f"{case:05d}_{seed.stem}{seed.suffix}"
        (inbox / name).write_bytes(mutate(seed, data, rng))
        names.append(name)
    started = time.perf_counter()
    batch = run_batch(inbox, ReadContext(load_rubric(None)), limits=Limits(workers=os.cpu_count() or 2, timeout=30))
    seconds = time.perf_counter() - started
    results = batch.results
    context = f"seed {SEED}, {CASES} cases"
    assert [r.source_file for r in results] == names, f"every mutant accounted for, in order ({context})"
    for r in results:
        assert r.status in STATUSES, f"{r.source_file}: {r.status} ({context})"
        if r.status != "ok":
            assert r.error and "Traceback" not in r.error, f"{r.source_file}: {r.error!r}"
        assert not CONTROL.search(r.error), f"{r.source_file}: a control character in {r.error!r} ({context})"
        assert not r.error.startswith("reading it took longer"), f"{r.source_file} hung the reader ({context})"
    unexpected = [f"{r.source_file}: {r.error}" for r in results if UNEXPECTED.fullmatch(r.error)]
    assert not unexpected, f"exceptions without a sentence ({context}):\n" + "\n".join(unexpected)
    tally = Counter(r.status for r in results)
    print(f"\nfuzz: {CASES} cases, seed {SEED}, {seconds:.1f} s: {dict(tally)}")


def test_the_mutants_that_once_broke_a_reader_get_a_plain_sentence(tmp_path: Path) -> None:
    assert FOUND, "samples/bad/fuzz_seeds/found/ holds the regressions"
    context = ReadContext(load_rubric(None))
    batch = run_batch(BAD / "fuzz_seeds" / "found", context, limits=Limits(workers=2, timeout=30))
    for r in batch.results:
        assert r.status == "failed" and r.error, r.source_file
        assert not UNEXPECTED.fullmatch(r.error), f"{r.source_file}: {r.error}"
        assert not CONTROL.search(r.error), f"{r.source_file}: {r.error!r}"

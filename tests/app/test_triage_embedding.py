"""The static embedding triage reads beside a post's words (app/domain/triage/embedding.py)."""

from __future__ import annotations

import json
import math
import struct

import pytest

from app.domain.triage.embedding import EMBEDDING_FILE, Embedding, WordPieces, basic_words


@pytest.fixture(scope="module")
def embedding() -> Embedding:
    """The distilled file, made by tools/distil_triage_embedding.py and shipped with Kindly."""
    assert EMBEDDING_FILE.exists(), "app/domain/triage/embedding.bin is part of Kindly"
    return Embedding.load()


def test_the_pieces_are_bert_uncased_pieces(embedding: Embedding) -> None:
    """Split as the model's own tokenizer splits (its output, recorded): lower case, accents
    gone, punctuation and Chinese characters alone, unknown emoji as [UNK]; handles and links
    are left out before."""
    vocabulary = embedding.pieces.vocabulary
    names = {i: piece for piece, i in vocabulary.items()}

    def pieces(text: str) -> list[str]:
        return [names[i] for i in embedding.pieces.ids(text)]

    assert pieces("the new update absolutely kills my battery!!! 😡") == (
        "the new update absolutely kills my battery ! ! ! [UNK]".split()
    )
    assert pieces("Café déjà-vu: 再生エラー") == [
        *"cafe de ##ja - vu : [UNK] 生 エ ##ラ ##ー".split()
    ]
    assert pieces("unfollowing @you now http://x.co") == "un ##fo ##llo ##wing now".split()


def test_words_split_like_bert() -> None:
    assert basic_words("Don't\tstop… NOW") == ["don", "'", "t", "stop", "…", "now"]
    assert basic_words("") == []
    pieces = WordPieces({"[UNK]": 0, "play": 1, "##ing": 2})
    assert pieces.word("playing") == (1, 2)
    assert pieces.word("plays") == (0,)  # no piece for "s": the whole word is unknown
    assert pieces.word("x" * 101) == (0,)


def test_alike_posts_lie_close(embedding: Embedding) -> None:
    def cosine(a: str, b: str) -> float:
        return sum(x * y for x, y in zip(embedding.vector(a), embedding.vector(b)))

    battery = "the new update kills my battery"
    assert cosine(battery, "my phone battery drains so fast") > cosine(
        battery, "thank you so much, love it"
    )


def test_a_vector_has_unit_length_or_is_zero(embedding: Embedding) -> None:
    vector = embedding.vector("where is my parcel")
    assert len(vector) == embedding.dims
    assert math.isclose(math.sqrt(sum(v * v for v in vector)), 1.0, rel_tol=1e-6)
    assert embedding.vector("@shop https://t.co/x") == [0.0] * embedding.dims
    for odd in ("", "\x00\x01", "🙂" * 5_000, "a" * 100_000):
        assert len(embedding.vector(odd)) == embedding.dims


def test_a_damaged_file_is_refused(tmp_path) -> None:
    broken = tmp_path / "embedding.bin"
    broken.write_bytes(b"nope")
    with pytest.raises(ValueError):
        Embedding.load(broken)
    header = json.dumps({"dims": 2, "scales": [0.1, 0.1]}).encode()
    words = b"[UNK]\nbattery"
    whole = b"KTE1" + struct.pack("<II", len(header), len(words)) + header + words
    good = tmp_path / "good.bin"
    good.write_bytes(whole + bytes([1, 0, 0, 2]))
    assert Embedding.load(good).vector("battery") == [0.0, 1.0]
    cut = tmp_path / "cut.bin"
    cut.write_bytes(whole + bytes([1, 0, 0]))
    with pytest.raises(ValueError):
        Embedding.load(cut)


def test_the_shipped_model_reads_the_embedding(embedding: Embedding) -> None:
    from app.domain.triage.model import shipped

    model = shipped()
    assert model is not None and model.dense and len(model.dense) == embedding.dims
    assert model.embedding() is not None


def test_without_the_embedding_triage_still_reads_words(monkeypatch) -> None:
    """A missing or damaged embedding file costs the embedding's help, never a classification."""
    from app.domain.triage import classify
    from app.domain.triage import embedding as module

    monkeypatch.setattr(module, "EMBEDDING_FILE", module.EMBEDDING_FILE.with_name("absent.bin"))
    monkeypatch.setattr(module, "_embedding", None)
    monkeypatch.setattr(module, "_failed", False)
    assert module.shipped() is None
    assert classify("@shop my parcel never arrived").kind.value == "complaint"
    assert classify("@shop thank you, the mug is lovely").kind.value == "praise"

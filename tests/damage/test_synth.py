"""The synthetic damage process."""

from __future__ import annotations

from dyadwatch.damage import damage

AZ = "Azərbaycan ilə Türkiyə arasında ikitərəfli əlaqələr güclənir."


def test_damage_is_reproducible() -> None:
    assert damage(AZ, "az", seed=3) == damage(AZ, "az", seed=3)
    outs = {damage(AZ, "az", seed=s) for s in range(10)}
    assert len(outs) > 1  # ə becomes a space or nothing at random


def test_damage_drops_lost_letters() -> None:
    for seed in range(5):
        out = damage(AZ, "az", seed=seed)
        assert not set(out) & set("əşçğıöüƏŞÇĞÖÜ")
        assert out.replace(" ", "") == "".join(ch for ch in AZ if ch not in "əşçğıöüƏŞÇĞÖÜ ")
    assert damage("İLİŞKİLER Işık şöyle", "tr", seed=0) == "İLİKİLER Ik yle"


def test_space_letter_only_in_az() -> None:
    assert damage("əməkdaşlıq", "az", seed=1, space_prob=1.0) == " m kdalq"
    assert damage("əməkdaşlıq", "az", seed=1, space_prob=0.0) == "mkdalq"
    assert damage("görüşme", "tr", seed=1) == "grme"


def test_lookalike_mode() -> None:
    assert damage("Türkiye'nin dış işleri", "tr", seed=0, lookalike_prob=1.0) == "Turkiye'nin dis isleri"


def test_english_untouched() -> None:
    text = "Bilateral relations developed after 1991."
    assert damage(text, "en", seed=0) == text

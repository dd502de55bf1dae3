import pytest

from dyadwatch.ingest.encoding import DecodeError, decode, looks_binary

TURKISH = (
    "Dışişleri Bakanı Çavuşoğlu, Azerbaycan Dışişleri Bakanı Bayramov ile görüştü. "
    "Görüşmede iki ülke arasındaki işbirliği ele alındı; Türkiye'nin desteği vurgulandı."
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (TURKISH, "cp1254"),
        (TURKISH, "iso8859_9"),
        ("Москва и Баку обсудили отношения между странами", "cp1251"),
        ("Azərbaycan Respublikası və Türkiyə arasında əlaqələr", "utf-8"),
        ("Café à Paris, déjà vu, élève", "latin-1"),
    ],
)
def test_decodes_legacy_code_pages_to_the_original_text(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)).text == text


def test_cp1254_is_not_mistaken_for_cp1252() -> None:
    decoded = decode(TURKISH.encode("cp1254"))
    assert "ı" in decoded.text and "ý" not in decoded.text
    assert decoded.encoding in {"cp1254", "iso8859_9"}


def test_utf8_bom_and_utf16_are_read() -> None:
    assert decode(b"\xef\xbb\xbfABD ve Azerbaycan").text == "ABD ve Azerbaycan"
    assert decode("Bakı və Ankara".encode("utf-16")).text == "Bakı və Ankara"


def test_output_is_nfc() -> None:
    decomposed = "Azərbaycan".replace("ə", "ə").encode("utf-8") + "s\u0327".encode()  # s + combining cedilla
    assert decode(decomposed).text.endswith("ş")


def test_binary_is_refused() -> None:
    data = bytes(range(256)) * 10
    assert looks_binary(data)
    with pytest.raises(DecodeError, match="binary"):
        decode(data)

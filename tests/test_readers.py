"""aligner.readers: format detection, the .docx walk, web-page decoding and one-line errors."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from aligner.cli import main
from aligner.errors import AlignerError, InputError
from aligner.readers import read_document
from conftest import SEED_EN, SEED_ID

ARTICLE = ["The council approved the new budget on Tuesday after a long debate.",
           "Spending on schools will rise by four percent next year, the mayor said.",
           "Opposition members argued that the plan relies on optimistic tax forecasts."]
PAGE = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Budget</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul></nav>"
        "<article><h1>Council approves budget</h1>" + "".join(f"<p>{p}</p>" for p in ARTICLE)
        + "</article><footer><p>Copyright 2024 The Town Crier. All rights reserved.</p></footer></body></html>")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(body_xml: str, rels: bool = True, doctype: str = "") -> bytes:
    """A minimal .docx package whose body is ``body_xml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        if rels:
            z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W}" '
                   'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                   f"<w:body>{body_xml}<w:sectPr/></w:body></w:document>")
    return buf.getvalue()


def p(*runs: str) -> str:
    return "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>" + "".join(runs) + "</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


DOCX_FEATURES = make_docx(
    p(r("Plain paragraph.")) +
    p(r("Kept "), f"<w:ins w:id='1' w:author='A'>{r('inserted')}</w:ins>",
      "<w:del w:id='2' w:author='A'><w:r><w:delText>deleted </w:delText></w:r></w:del>", r(" text.")) +
    p(r("A "), "<w:hyperlink r:id='x' xmlns:r='urn:r'>" + r("link") + "</w:hyperlink>", r(" and a field: "),
      "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType='separate'/></w:r>", r("7"), "<w:r><w:fldChar w:fldCharType='end'/></w:r>",
      "<w:fldSimple w:instr='DATE'>", r("today"), "</w:fldSimple>") +
    p(r("Line one"), "<w:r><w:br/><w:t>line two</w:t><w:tab/><w:t>tabbed</w:t></w:r>") +
    "<w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/>" + p(r("Cell one.")) + "</w:tc><w:tc>" + p(r("Cell two.")) + "</w:tc></w:tr></w:tbl>" +
    "<w:sdt><w:sdtPr/><w:sdtContent>" + p(r("In a content control.")) + "</w:sdtContent></w:sdt>" +
    p(r("Before a text box."), "<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>" + p(r("Box text."))
      + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>" + p(r("Box text."))
      + "</w:pict></mc:Fallback></mc:AlternateContent></w:r>") +
    p() + p(r("After an empty paragraph &amp; a &lt;tag&gt;.")))
DOCX_FEATURES_TEXT = ("Plain paragraph.\nKept inserted text.\nA link and a field: 7today\nLine one\nline two\ttabbed\n"
                      "Cell one.\nCell two.\nIn a content control.\nBefore a text box.\n\n"
                      "After an empty paragraph & a <tag>.\n")


def test_docx_paragraphs_in_order_with_tracked_changes_fields_tables():
    text, reader = read_document(DOCX_FEATURES, name="features.docx")
    assert (text, reader) == (DOCX_FEATURES_TEXT, "docx")


def test_docx_without_package_relationships_uses_word_document_xml():
    assert read_document(make_docx(p(r("Hello there.")), rels=False), name="x.docx") == ("Hello there.\n", "docx")


@pytest.mark.parametrize("data, name, input_format, expected", [
    (b"Hello world. A second sentence.\n", "a.txt", "auto", ("Hello world. A second sentence.\n", "text")),
    (b"<3 is how some people write love.\n", "a.txt", "auto", ("<3 is how some people write love.\n", "text")),
    (PAGE.encode(), "page.html", "auto", "html"),
    (PAGE.encode(), "saved-as.txt", "auto", "html"),                      # by content
    (b"\xef\xbb\xbf  \n" + PAGE.encode(), "page", "auto", "html"),         # BOM and blank lines first
    ("\ufeff".encode("utf-16-le") + PAGE.encode("utf-16-le"), "p.htm", "auto", "html"),
    (b"<!-- saved from url=(0014)about:internet -->\n" + PAGE.encode(), "p", "auto", "html"),
    (PAGE.encode(), "page.html", "text", (PAGE, "text")),                 # --input-format overrides
    (PAGE.replace("<meta charset='utf-8'>", "<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>")
     .replace("Tuesday", "Tuesday in the caf\u00e9").encode("cp1252"), "p.html", "auto", "html"),
    (DOCX_FEATURES, "report.bin", "auto", (DOCX_FEATURES_TEXT, "docx")),  # a ZIP is read as .docx
])
def test_detection(data, name, input_format, expected):
    got = read_document(data, input_format, name=name)
    if isinstance(expected, tuple):
        assert got == expected
    else:
        assert got.reader == expected
        head, first, *rest = got.text.splitlines()
        assert (head, rest) == ("Council approves budget", ARTICLE[1:])
        assert first.startswith("The council approved the new budget on Tuesday")
        assert first.endswith("after a long debate.") and "caf\ufffd" not in first
        assert "Home" not in got.text and "Copyright" not in got.text


@pytest.mark.parametrize("data, name, input_format, message", [
    (b"not a zip at all", "x.docx", "auto", "x.docx: not a .docx file (not a valid ZIP archive)"),
    (b"PK\x03\x04 truncated", "x.bin", "auto", "x.bin: not a .docx file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.doc", "auto", "old.doc: a legacy Word .doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "locked.docx", "auto", "password-protected"),
    (b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World news</a></nav><form><button>Sign in</button>"
     b"</form></body></html>", "menu.html", "auto", "menu.html: no article text found in this web page"),
    (PAGE.replace("charset='utf-8'", "charset='windows-1252'").replace("Tuesday", "Tuesday \u2013 late").encode("cp1252")
     .replace(b"charset='windows-1252'", b"charset='no-such-codec'"), "p.html", "auto", "declares an unknown charset"),
    (PAGE.replace("Tuesday", "Tuesday in the caf\u00e9").encode("cp1252"), "p.html", "auto", "not valid UTF-8"),
    ("caf\u00e9 au lait.\n".encode("cp1252"), "notes.txt", "auto", "notes.txt: not valid UTF-8 text"),
    (b"Plain words.\n", "x.txt", "pdf", "unknown input format 'pdf'"),
    (b"Plain words.\n", "x.txt", "docx", "x.txt: not a .docx file"),
    (b"   \n\n", "blank.html", "auto", "blank.html: is empty"),
])
def test_errors_are_one_line(data, name, input_format, message):
    with pytest.raises(InputError) as e:
        read_document(data, input_format, name=name)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="a ZIP archive, but not a Word .docx document"):
        read_document(buf.getvalue(), name="book.xlsx")


def test_docx_with_a_doctype_is_refused():
    bad = make_docx(p(r("&e;&e;")), doctype="<!DOCTYPE w:document [<!ENTITY e 'xxxxxxxxxx'>]>")
    with pytest.raises(InputError, match="damaged .docx"):
        read_document(bad, name="bomb.docx")


def test_missing_trafilatura_names_the_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(__import__("sys").modules, "trafilatura", None)
    with pytest.raises(AlignerError, match=r"reading web pages needs trafilatura: pip install 'aligner\[formats\]'"):
        read_document(PAGE.encode(), name="page.html")
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    assert main(["align", str(tmp_path / "p.html"), str(tmp_path / "p.html"), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'aligner[formats]'" in err


def test_docx_aligns_exactly_as_the_same_text_in_a_txt(tmp_path, capsys, use_fake_embedder):
    docx = pytest.importorskip("docx")
    docs = {}
    for name, seed in (("en", SEED_EN), ("id", SEED_ID)):
        lines = open(seed, encoding="utf-8").read().rstrip("\n").split("\n")
        text = "\n".join(lines) + "\n"
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        d = docx.Document()
        for line in lines:
            d.add_paragraph(line)
        d.save(tmp_path / f"{name}.docx")
        docs[name] = text
    results = {}
    for ext in ("txt", "docx"):
        assert main(["align", str(tmp_path / f"en.{ext}"), str(tmp_path / f"id.{ext}"), "-f", "json", "-q"]) == 0
        results[ext] = json.loads(capsys.readouterr().out)
    txt, dx = results["txt"], results["docx"]
    assert (dx["source"]["reader"], txt["source"]["reader"]) == ("docx", "text")
    assert dx["source"]["text"] == docs["en"] and dx["targets"][0]["text"] == docs["id"]
    for key in ("lang", "text", "sentences"):
        assert dx["source"][key] == txt["source"][key]
    for key in ("lang", "text", "sentences", "alignment"):
        assert dx["targets"][0][key] == txt["targets"][0][key]


@pytest.mark.parametrize("meta", ["<meta charset='windows-1252'>",
                                  "<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>"])
def test_page_in_its_declared_charset(meta):
    page = PAGE.replace("<meta charset='utf-8'>", meta).replace("Tuesday", "Tuesday in the caf\u00e9 na\u00efvely")
    text, reader = read_document(page.encode("cp1252"), name="legacy.html")
    assert reader == "html" and "on Tuesday in the caf\u00e9 na\u00efvely after" in text


def test_corpus_mode_reads_the_same_formats(tmp_path):
    from aligner.corpus.documents import list_documents, load_document
    from aligner.errors import AlignerError

    (tmp_path / "a.txt").write_text("Plain text here. Another sentence.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.docx").write_bytes(DOCX_FEATURES)
    (tmp_path / "d.htm").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (tmp_path / "e.png").write_bytes(b"\x89PNG")
    paths, skipped = list_documents(str(tmp_path))
    assert [p.rsplit("/", 1)[1] for p in paths] == ["a.txt", "b.html", "c.docx", "d.htm"]
    docs, bad = [], []
    for p in paths:
        try:
            docs.append(load_document(p))
        except AlignerError as e:
            bad.append(str(e))
    assert [(d.path.rsplit("/", 1)[1], d.reader) for d in docs] == [("a.txt", "text"), ("b.html", "html"),
                                                                    ("c.docx", "docx")]
    assert docs[1].text.startswith("Council approves budget\n") and docs[2].text == DOCX_FEATURES_TEXT
    assert len(bad) == 1 and "no article text found" in bad[0] and not skipped


@pytest.mark.parametrize("page, first_lines", [
    # headline in the page header, outside the article: the page's title becomes the first line
    (PAGE.replace("<article><h1>Council approves budget</h1>", "<h1>Council approves budget</h1><article>"),
     ["Council approves budget", ARTICLE[0]]),
    # ... also when the article opens with a sub-heading of its own
    (PAGE.replace("<article><h1>Council approves budget</h1>", "<h1>Council approves budget</h1><article><h2>Key points</h2>"),
     ["Council approves budget", "Key points", ARTICLE[0]]),
    # the <h1> inside the article is not repeated
    (PAGE, ["Council approves budget", ARTICLE[0]]),
])
def test_headline_kept_once(page, first_lines):
    text = read_document(page.encode(), name="p.html").text
    assert text.splitlines()[:len(first_lines)] == first_lines
    assert text.count("Council approves budget") == 1

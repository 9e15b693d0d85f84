"""HTML report details: the key at the top, an opaque toolbar, plurals, the emoji glyph, the browser set-up."""
from __future__ import annotations

import base64
import os
import subprocess
from pathlib import Path

import pytest

from aligner.render.html import LEGEND, render_html
from aligner.types import Alignment, Bead, TargetAlignment

from browser_util import CHROMIUM, LAUNCH_ARGS, browser, open_report, page, require_chromium  # noqa: F401
from conftest import SEED_EN, SEED_ID, SEED_VI, HashEmbedder
from test_html import doc, sample

ROOT = Path(__file__).resolve().parent.parent
PIN = "\U0001F4CC"  # 📌, in the Vietnamese seed


@pytest.fixture(scope="module")
def seed_report() -> str:
    """The seed report (the test embedder: the glyph test needs the seeds' text, not a good alignment)."""
    from aligner.align.pipeline import Options, align
    from aligner.textio import read_text

    al = align(read_text(SEED_EN), [read_text(SEED_ID), read_text(SEED_VI)],
               options=Options(embedder=HashEmbedder()), source_path=SEED_EN, target_paths=[SEED_ID, SEED_VI])
    return render_html(al)


def one_of_each() -> Alignment:
    src = doc(["Only sentence."], "en", "one.en")
    return Alignment(src, [TargetAlignment(doc(["Satu-satunya."], "id", "one.id"),
                                           [Bead((0,), (0,), "match", 0.9)])], "sig", "0.1.0")


def test_singular_counts_read_as_singular():
    html = render_html(one_of_each())
    assert "1 sentences" not in html
    assert "1</span> sentence</p>" in html and "(1 of 1 sentence)" in html


def test_key_and_definitions_in_the_page():
    html = render_html(sample())
    key = html[html.index('<ul class="key"'):html.index("</ul>", html.index('<ul class="key"'))]
    assert html.index('<ul class="key"') < html.index('<nav class="toolbar"')
    for kind, label, short, _ in LEGEND:
        assert f'class="k-{kind}"' in key and label in key and short in key
    assert "count from 1" in key.lower() or "count sentences from 1" in key.lower()
    assert "Coverage: coverage is the share of the original" in html


# ---- in Chromium -------------------------------------------------------------------------------

@pytest.mark.browser
def test_browser_key_at_the_top_and_toolbar_opaque(page, seed_report):
    open_report(page, seed_report, "seeds-fake.html")
    key = page.locator("#key")
    assert key.is_visible()
    box = key.bounding_box()
    assert box["y"] + box["height"] < 300, box   # above the fold, right under the title
    assert key.locator("li .badge").all_text_contents() == [label for _, label, _, _ in LEGEND]
    # scroll text under the sticky toolbar: it must hide it completely
    page.evaluate("window.scrollTo(0, 900)")
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.toolbar'));
                                     return [s.position, s.backgroundColor, s.backdropFilter, s.opacity]; }""")
    position, background, backdrop, opacity = style
    assert position == "sticky" and opacity == "1" and backdrop in ("none", "")
    assert background.startswith("rgb(") and not background.startswith("rgba("), background
    assert page.errors == []


@pytest.mark.browser
def test_browser_status_uses_singular(page):
    open_report(page, render_html(one_of_each()), "one.html")
    page.click("button[data-filter=all]")
    assert page.inner_text("#status") == "1 row shown"


GLYPH_BOX = """() => {
  const walker = document.createTreeWalker(document.getElementById('rows'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const k = n.data.indexOf('\\u{1F4CC}');
    if (k < 0) continue;
    n.parentElement.scrollIntoView({block: 'center'});
    const r = document.createRange(); r.setStart(n, k); r.setEnd(n, k + 2);
    const b = r.getBoundingClientRect();
    return {x: b.x, y: b.y, width: b.width, height: b.height};
  }
  return null;
}"""

COLOURED_PIXELS = """async (b64) => {
  const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 80) n++;
  }
  return n;
}"""


def glyph_pixels(browser, html_path: Path) -> tuple[int, dict]:
    """Strongly coloured pixels in a screenshot of the first 📌 of the report, and its box."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pg = ctx.new_page()
        pg.goto(html_path.as_uri())
        box = pg.evaluate(GLYPH_BOX)
        assert box is not None and box["width"] > 0, "no 📌 in the page"
        png = pg.screenshot(clip=box)
        return pg.evaluate(COLOURED_PIXELS, base64.b64encode(png).decode()), box
    finally:
        ctx.close()


@pytest.mark.browser
def test_browser_seed_emoji_renders_as_a_colour_glyph(browser, seed_report, tmp_path):
    """With the system fonts (scripts/setup-browser.sh installs fonts-noto-color-emoji) the seed's 📌 is
    a colour glyph; the same page in a Chromium that sees only DejaVu shows an empty box (tofu):
    the comparison proves the check can tell the two apart."""
    assert PIN in seed_report
    path = tmp_path / "seeds.html"
    path.write_text(seed_report, encoding="utf-8")
    with_font, box = glyph_pixels(browser, path)

    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
                    "<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    bare = browser.browser_type.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS,
                                       env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    try:
        without_font, _ = glyph_pixels(bare, path)
    finally:
        bare.close()
    assert without_font <= 5, f"tofu should have no colour ({without_font} coloured pixels)"
    assert with_font >= 40 and with_font > 8 * max(without_font, 1), (
        f"📌 is not a colour glyph ({with_font} coloured pixels in {box}); "
        f"run scripts/setup-browser.sh to install fonts-noto-color-emoji")


# ---- scripts/setup-browser.sh --------------------------------------------------------------------

def _fake_tools(bin_dir: Path, log: Path) -> None:
    bin_dir.mkdir()
    tools = {
        "dpkg-query": ('#!/bin/sh\nfor a in "$@"; do pkg=$a; done\n'
                       'for p in $INSTALLED; do [ "$p" = "$pkg" ] && printf "install ok installed" && exit 0; done\n'
                       'exit 1\n'),
        "apt-get": f'#!/bin/sh\necho "apt-get $*" >> {log}\n',
        "sudo": '#!/bin/sh\nexec "$@"\n',
    }
    for name, body in tools.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)


@pytest.mark.parametrize("chromium, installed, expected", [
    (True, "fonts-dejavu-core", ["fonts-noto-color-emoji"]),     # Chromium there, the emoji font is not
    (False, "fonts-noto-color-emoji fonts-dejavu-core", ["chromium"]),
    (False, "", ["chromium", "fonts-noto-color-emoji", "fonts-dejavu-core"]),
    (True, "fonts-noto-color-emoji fonts-dejavu-core", None),   # nothing to do: no apt-get at all
])
def test_setup_browser_installs_what_is_missing(tmp_path, chromium, installed, expected):
    log = tmp_path / "apt.log"
    _fake_tools(tmp_path / "bin", log)
    fake_chromium = tmp_path / "chromium"
    if chromium:
        fake_chromium.write_text("#!/bin/sh\n")
        fake_chromium.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", "CHROMIUM": str(fake_chromium),
           "INSTALLED": installed}
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "setup-browser.sh")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text().splitlines() if log.exists() else []
    if expected is None:
        assert calls == []
    else:
        assert calls[0] == "apt-get update"
        assert calls[1].startswith("apt-get install") and calls[1].split()[-len(expected):] == expected

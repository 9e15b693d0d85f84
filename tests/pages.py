"""Saved web pages built by the tests: an article wrapped in the boilerplate of a news site.

``news_page(headline, paragraphs, lang, related, headline_in_article)`` returns the
HTML and the list of boilerplate strings it contains (menu, cookie notice, share
links, related-stories box with other headlines, comments, footer), all in the
page's language, so a test can check that none of them reaches the extracted text.
"""
from __future__ import annotations

from html import escape

BOILERPLATE = {
    "en": {
        "site": "Daily Courier",
        "menu": ["Home", "World", "Business", "Sport", "Weather", "Sign in"],
        "cookie": "We use cookies to give you the best experience on our website. "
                  "By continuing to browse, you agree to our use of cookies.",
        "accept": "Accept all cookies",
        "share": ["Share on Facebook", "Share on Twitter", "Email this story"],
        "related": "Related stories",
        "comments": "Comments",
        "comment": "What a terrible situation, I hope everyone involved is safe and well tonight.",
        "footer": "Copyright 2019 Daily Courier Media Group. All rights reserved.",
        "links": ["Terms of use", "Privacy policy", "Contact us"],
    },
    "vi": {
        "site": "Tin Nhanh",
        "menu": ["Trang chủ", "Thế giới", "Kinh doanh", "Thể thao", "Thời tiết", "Đăng nhập"],
        "cookie": "Chúng tôi sử dụng cookie để mang lại cho bạn trải nghiệm tốt nhất trên trang web. "
                  "Khi tiếp tục truy cập, bạn đồng ý với việc sử dụng cookie.",
        "accept": "Chấp nhận tất cả cookie",
        "share": ["Chia sẻ lên Facebook", "Chia sẻ lên Twitter", "Gửi bài viết qua email"],
        "related": "Tin liên quan",
        "comments": "Bình luận",
        "comment": "Thật là một tình huống khủng khiếp, tôi mong mọi người liên quan đều bình an tối nay.",
        "footer": "Bản quyền 2019 Tập đoàn Truyền thông Tin Nhanh. Bảo lưu mọi quyền.",
        "links": ["Điều khoản sử dụng", "Chính sách bảo mật", "Liên hệ"],
    },
    "id": {
        "site": "Kabar Harian",
        "menu": ["Beranda", "Dunia", "Bisnis", "Olahraga", "Cuaca", "Masuk"],
        "cookie": "Kami menggunakan cookie untuk memberi Anda pengalaman terbaik di situs web kami. "
                  "Dengan terus menjelajah, Anda menyetujui penggunaan cookie kami.",
        "accept": "Terima semua cookie",
        "share": ["Bagikan ke Facebook", "Bagikan ke Twitter", "Kirim berita ini lewat email"],
        "related": "Berita terkait",
        "comments": "Komentar",
        "comment": "Situasi yang sangat buruk, semoga semua orang yang terlibat selamat malam ini.",
        "footer": "Hak cipta 2019 Grup Media Kabar Harian. Seluruh hak dilindungi.",
        "links": ["Ketentuan penggunaan", "Kebijakan privasi", "Hubungi kami"],
    },
}


def _items(texts, href):
    return "".join(f'<li><a href="{href}{k}">{escape(t)}</a></li>' for k, t in enumerate(texts))


def news_page(headline: str, paragraphs: list[str], lang: str, related: list[str],
              headline_in_article: bool = True) -> tuple[str, list[str]]:
    b = BOILERPLATE[lang]
    h1 = f"<h1>{escape(headline)}</h1>"
    share = "".join(f'<a class="share" href="#share{k}">{escape(s)}</a> ' for k, s in enumerate(b["share"]))
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{escape(headline)} | {escape(b['site'])}</title>
<meta property="og:title" content="{escape(headline)}">
<meta property="og:site_name" content="{escape(b['site'])}">
</head>
<body>
<div id="cookie-banner" class="cookie-consent" role="dialog">
  <p>{escape(b['cookie'])}</p><button>{escape(b['accept'])}</button>
</div>
<header class="site-header">
  <a class="logo" href="/">{escape(b['site'])}</a>
  <nav class="main-menu"><ul>{_items(b['menu'], '/section/')}</ul></nav>
  {'' if headline_in_article else f'<div class="story-header">{h1}</div>'}
</header>
<main>
<article class="story">
  {h1 if headline_in_article else ''}
  <div class="share-tools">{share}</div>
  <div class="story-body">
{body}
  </div>
</article>
<aside class="related-stories">
  <h2>{escape(b['related'])}</h2>
  <ul>{_items(related, '/story/')}</ul>
</aside>
<section id="comments" class="comments">
  <h3>{escape(b['comments'])}</h3>
  <div class="comment"><p>{escape(b['comment'])}</p></div>
</section>
</main>
<footer class="site-footer">
  <p>{escape(b['footer'])}</p>
  <ul>{_items(b['links'], '/legal/')}</ul>
</footer>
</body>
</html>
"""
    strings = [b["site"], b["cookie"], b["accept"], *b["menu"], *b["share"], b["related"], *related,
               b["comments"], b["comment"], b["footer"], *b["links"]]
    return page, strings

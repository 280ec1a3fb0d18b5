"""Script-injection payloads for note bodies, and a check of rendered HTML as a browser
would read it (character references decoded, tabs and newlines inside URLs dropped)."""

import re
from html.parser import HTMLParser

# The four spellings from issue 9, then classic payloads (OWASP filter-evasion cheat sheet
# and the like) in raw HTML and in Markdown.
CHARACTER_REFERENCE_LINKS = [
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x][r]\n\n[r]: &#106;avascript:alert(1)",
]
PAYLOADS = CHARACTER_REFERENCE_LINKS + [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>alert(1)//<</script>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html,<script>alert(1)</script>\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[x](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](jav&#x0A;ascript:alert(1))",
    "[x](&#x20;javascript:alert(1))",
    "[x](javascript:alert&lpar;1&rpar;)",
    "[x](x\" onmouseover=\"alert(1))",
    "[x](#\"onclick=\"alert(1))",
    "![x](javascript:alert(1))",
    "![x](x\" onerror=\"alert(1))",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "[<img src=x onerror=alert(1)>](https://example.org/)",
    "[x][r]\n\n[r]: javascript&#58;alert(1)",
    "<https://example.org/\" onclick=\"alert(1)>",
    "<javascript:alert(1)>",
]
SAFE_SCHEMES = {"http", "https", "mailto"}
SAFE_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
             "em", "strong", "ul", "ol", "li", "a", "img"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
INVISIBLE_RE = re.compile(r"[\t\n\r]")


def url_scheme(value):
    """The scheme a browser reads from an attribute value ("" for a relative URL)."""
    cleaned = INVISIBLE_RE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                  "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                                  "\x1c\x1d\x1e\x1f ")
    match = SCHEME_RE.match(cleaned)
    return match.group(1).lower() if match else ""


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and url_scheme(value or "") not in SAFE_SCHEMES | {""}:
                self.problems.append(f"<{tag} {name}={value!r}>")


def unsafe_parts(html):
    """Every tag, event-handler attribute or URL in `html` that could run a script."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.problems


def note_text(body, title="含攻击代码的笔记"):
    return f"---\ntitle: {title}\ndate: 2024-04-13\ntype: 执法调研\n---\n{body}\n"

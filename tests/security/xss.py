"""An XSS corpus and the check that none of it can run where it is rendered.

Each payload carries its own marker (`xss123`) inside the part that would execute; `dangers`
parses a rendered HTML page and reports every place where a marker reached an executing
context: a script or style element, an event-handler attribute, a javascript:/data: address,
an embedding element (iframe, object, embed, svg, math, base, meta, link, form)."""

import re
from html.parser import HTMLParser

MARKER = re.compile(r"xsst?\d{2,3}")

VECTORS = (
    "<script>alert('{m}')</script>",
    "<SCRIPT SRC=//x.test/{m}.js></SCRIPT>",
    "<img src=x onerror=alert('{m}')>",
    '<img src="x" onerror="alert(\'{m}\')">',
    "<svg onload=alert('{m}')>",
    "<svg><script>alert('{m}')</script></svg>",
    "<body onload=alert('{m}')>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('{m}')</script>\"></iframe>",
    "<a href=\"javascript:alert('{m}')\">clic</a>",
    "<a href=\"JaVaScRiPt:alert('{m}')\">clic</a>",
    "<a href=\"data:text/html,<script>alert('{m}')</script>\">clic</a>",
    "[clic](javascript:alert('{m}'))",
    "[clic](data:text/html;base64,{m})",
    "![x](javascript:alert('{m}'))",
    "<details open ontoggle=alert('{m}')>",
    "<input autofocus onfocus=alert('{m}')>",
    "<object data=\"javascript:alert('{m}')\"></object>",
    "<embed src=\"javascript:alert('{m}')\">",
    "<math><mtext><script>alert('{m}')</script></mtext></math>",
    "<style>@import 'http://x.test/{m}.css';</style>",
    "<div style=\"background:url(javascript:alert('{m}'))\">x</div>",
    "<base href=\"javascript:alert('{m}')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'{m}\')">',
    "<link rel=stylesheet href=\"javascript:alert('{m}')\">",
    "<form action=\"javascript:alert('{m}')\"><button>x</button></form>",
    "\"><script>alert('{m}')</script>",
    "'><img src=x onerror=alert('{m}')>",
    "</textarea><script>alert('{m}')</script>",
    "</title><script>alert('{m}')</script>",
)
WRAPPERS = (
    "{v}",
    "Texte avant {v} texte après",
    "**gras** {v}",
    "> citation {v}",
    "- liste {v}",
    "`{v}`",
    "<p>{v}</p>",
    "{v}\n\nsecond paragraphe",
)


def corpus() -> list[tuple[str, str]]:
    """(marker, payload): every vector in every wrapper, 240 payloads."""
    payloads = []
    for i, (vector, wrapper) in enumerate((v, w) for v in VECTORS for w in WRAPPERS):
        marker = f"xss{i:03d}"
        payloads.append((marker, wrapper.format(v=vector.format(m=marker))))
    return payloads


EMBEDDING = {"script", "style", "iframe", "object", "embed", "svg", "math", "base", "meta",
             "link", "form", "body"}  # fmt: skip
ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "content",
                      "style", "xlink:href"}  # fmt: skip


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        if tag in EMBEDDING and any(MARKER.search(v or "") for _n, v in attrs):
            self.found.append(f"<{tag}> carrying a payload")
        for name, value in attrs:
            value = value or ""
            if not MARKER.search(value):
                continue
            if name.startswith("on"):
                self.found.append(f"event handler {name}={value!r}")
            elif name in ADDRESS_ATTRIBUTES:
                lowered = value.strip().lower()
                if lowered.startswith(("javascript:", "data:", "vbscript:")) or name in (
                    "srcdoc", "style",
                ):  # fmt: skip
                    self.found.append(f"{tag} {name}={value!r}")
        if tag in ("script", "style"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and MARKER.search(data):
            self.found.append(f"<{self.stack[-1]}> content {data[:60]!r}")


def dangers(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found

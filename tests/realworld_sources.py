"""The documents of the real-tools corpus, as their authors write them before the tool turns them into a release.

* HTML pages (a council's web page, a portal's form) that Chromium prints to PDF;
* LibreOffice flat XML documents: Writer letters (``.fodt``) and Calc
  workbooks (``.fods``), which LibreOffice exports to PDF and saves as
  ``.docx`` / ``.xlsx``;
* scanned letter pages drawn with Pillow in DejaVu Sans at 200 dpi, for
  ``ocrmypdf``.

Every name, address and number is invented (07700 900xxx is Ofcom's drama
range); the one real layout, the Met Police letter in
``tests/fixtures/letters``, is already pseudonymised. Which file must pass
and which must be flagged is in ``tests/realworld_cases.py``.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

NAME = "Jane Hartley"
TITLED = "Mr Oliver Pendleton"
PHONE = "07700 900461"
FIXTURE_LETTER = Path(__file__).parent / "fixtures" / "letters" / "met-01-FOI-19-011430.txt"

# -- HTML for Chromium ----------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.45; color: #0b0c0c; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 12pt; }
p { margin: 0 0 9pt; }
"""
_INTRO = "<h1>Response to request FOI-2024-0117</h1><p>Thank you for your request for information received on 3 April 2024.</p>"
_OUTRO = "<p>The review found that the procedure had been followed in full and no further action was needed.</p>"


def html_page(body: str, *, title: str = "FOI-2024-0117 response - Northshire County Council", css: str = "") -> str:
    """A whole HTML page (what a content-management system serves) around ``body``."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_CSS}{css}</style></head><body>{body}</body></html>"
    )


def _letter_page(middle: str, *, css: str = "", title: str | None = None) -> str:
    kw = {"title": title} if title else {}
    return html_page(_INTRO + middle + _OUTRO, css=css, **kw)


def _png_data_uri(image: Image.Image) -> str:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def signature_png(width: int = 360, height: int = 90) -> Image.Image:
    """A scanned signature: a dark blue scribble on a transparent background."""
    img = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    points = [(10, 70), (60, 15), (90, 75), (140, 20), (170, 60), (230, 25), (300, 65), (350, 30)]
    ImageDraw.Draw(img).line([(x * width // 360, y * height // 90) for x, y in points], fill=(20, 20, 90, 255), width=5)
    return img


_BLACK_PNG = _png_data_uri(Image.new("RGB", (200, 40), (0, 0, 0)))
_COMPLAINT = "The complaint was made by {} of 14 Orchard Lane and passed on for review."
_OVER = (
    '<p style="position:relative">'
    + _COMPLAINT.format(NAME)
    + "{}</p>"  # the element drawn over the name, positioned from the measured start of the name
)
#: Where "Jane Hartley" starts and how wide it is on the line above (DejaVu Sans 11pt): an overlay placed by hand.
_OVER_BOX = "position:absolute;left:5.05cm;top:0;width:2.45cm;height:1.35em;"


def _hid(style: str, tag: str = "span") -> str:
    """The complaint paragraph with the name in a ``tag`` styled ``style``."""
    return "<p>" + _COMPLAINT.format(f'<{tag} style="{style}">{NAME}</{tag}>') + "</p>"


def chromium_pages() -> dict[str, str]:
    """HTML pages printed with Chromium's "Print to PDF", by file stem."""
    name_in = _COMPLAINT.format
    cards = "".join(
        f'<div class="card"><img src="{_png_data_uri(Image.new("RGB", (320, 120), colour))}" alt=""><h2>{title}</h2><p>{text}</p></div>'
        for colour, title, text in [
            (
                (29, 112, 184),
                "Bin collections",
                "Changes to collection days over the holidays, and how to report a missed collection in your street.",
            ),
            (
                (0, 112, 60),
                "Parks and open spaces",
                "Opening hours of the country parks, the car parks and the cafes, and the events planned this summer.",
            ),
            (
                (212, 53, 28),
                "Roadworks",
                "Planned roadworks on the A614 and the B6020 this month, with the diversions and the expected delays.",
            ),
        ]
    )
    sections = "".join(
        f'<section style="background:{bg};color:{fg};padding:12pt;margin-bottom:12pt"><h2>Part {i + 1}: {topic}</h2>'
        + "".join(
            f"<p>{topic} paragraph {k + 1}: the council holds the information requested and sets it out here in full, "
            "with the figures for each financial year and the notes that explain them.</p>"
            for k in range(9)
        )
        + "</section>"
        for i, (bg, fg, topic) in enumerate(
            [
                ("#f3f2f1", "#0b0c0c", "Budgets"),
                ("#1d70b8", "#ffffff", "Staffing levels"),
                ("#fff7bf", "#0b0c0c", "Contracts"),
                ("#0b0c0c", "#ffffff", "Complaints"),
            ]
        )
    )
    zebra = "".join(
        f"<tr><td>FOI-2024-01{k:02d}</td><td>{area}</td><td>{outcome}</td></tr>"
        for k, (area, outcome) in enumerate(
            [("Highways", "Disclosed"), ("Housing", "Withheld (s43)"), ("Education", "Disclosed in part"), ("Planning", "Not held")] * 3
        )
    )
    return {
        # -- BAD: the name is in the PDF's text but a reader cannot see it
        "chrome-black-span": _letter_page(_hid("background:black;color:black")),
        "chrome-div-over-name": _letter_page(_OVER.format(f'<span style="{_OVER_BOX}background:#000"></span>')),
        "chrome-white-box-over-name": _letter_page(_OVER.format(f'<span style="{_OVER_BOX}background:#fff"></span>')),
        "chrome-image-over-name": _letter_page(_OVER.format(f'<img alt="" src="{_BLACK_PNG}" style="{_OVER_BOX}">')),
        "chrome-after-overlay": _letter_page(
            f"<p>{name_in(f'<span class=redact>{NAME}</span>')}</p>",
            css='.redact{position:relative}.redact::after{content:"";position:absolute;inset:-2px 0;background:#000}',
        ),
        "chrome-white-text": _letter_page(_hid("color:white")),
        "chrome-transparent-text": _letter_page(_hid("color:transparent")),
        "chrome-1px-text": _letter_page(_hid("font-size:1px")),
        "chrome-scaled-down": _letter_page(_hid("display:inline-block;transform:scale(0.08);transform-origin:left")),
        "chrome-mark-near-black": _letter_page(_hid("background:#0b0c0c;color:#0b0c0c", "mark")),
        "chrome-blue-on-blue": _letter_page(_hid("background:#1d70b8;color:#1d70b8")),
        "chrome-wrapped-black-span": _letter_page(
            '<p style="width:9cm">The complaint was made on 3 April by '
            f'<span style="background:black;color:black">{TITLED} of 14 Orchard Lane, Upper Marsh</span> and passed on.</p>'
        ),
        "chrome-title-names-requester": _letter_page("<p>The complaint was passed on for review.</p>", title=f"Complaint from {TITLED}"),
        # -- GOOD: correctly made pages, and hiding that Chromium itself drops from the PDF
        "chrome-plain-letter": _letter_page("<p>The complaint was passed on for review.</p>"),
        "chrome-govuk-header": html_page(
            '<header style="background:#0b0c0c;color:#fff;padding:10pt 14pt;border-bottom:8pt solid #1d70b8">'
            '<a href="#" style="color:#fff;font-weight:bold;font-size:18pt;text-decoration:none">Northshire County Council</a>'
            '<nav style="float:right;margin-top:6pt"><a style="color:#fff" href="#">Services</a> &nbsp; <a style="color:#fff" href="#">Contact</a></nav></header>'
            '<div style="background:#f3f2f1;padding:6pt 14pt;font-size:9pt">Beta: this is a new service, your feedback will help us improve it.</div>'
            f'<main style="padding:14pt">{_INTRO}<p>The complaint was passed on for review.</p>{_OUTRO}'
            '<p><a href="#" style="color:#1d70b8">Read the disclosure log</a></p></main>'
            '<footer style="border-top:1pt solid #b1b4b6;padding:10pt 14pt;color:#505a5f;font-size:9pt">'
            "Northshire County Council, County Hall, Market Street, Northtown NT1 1AA</footer>"
        ),
        "chrome-gradient-hero": html_page(
            '<div style="background:linear-gradient(135deg,#003078 0%,#1d70b8 55%,#5694ca 100%);color:#fff;padding:28pt 20pt;border-radius:8pt">'
            '<h1 style="color:#fff">Freedom of Information disclosure log</h1><p style="font-size:13pt">Every response we have published, '
            "searchable by topic and exemption.</p></div>" + _INTRO + _OUTRO
        ),
        "chrome-zebra-table": html_page(
            _INTRO + '<table style="border-collapse:collapse;width:100%"><thead><tr style="background:#0b0c0c;color:#fff">'
            "<th>Reference</th><th>Area</th><th>Outcome</th></tr></thead><tbody>" + zebra + "</tbody></table>" + _OUTRO,
            css="td,th{padding:4pt 6pt;text-align:left} tbody tr:nth-child(even){background:#e8e8e8} tbody tr:nth-child(odd){background:#fafafa}",
        ),
        "chrome-rounded-cards": html_page(
            "<h1>News from the council</h1>" + cards,
            css=".card{display:inline-block;vertical-align:top;width:5cm;margin:0 6pt 10pt 0;border-radius:12pt;overflow:hidden;"
            "box-shadow:0 2pt 6pt rgba(0,0,0,.3);background:#fff}.card img{display:block;width:100%;height:2cm;object-fit:cover}"
            ".card h2{font-size:12pt;margin:6pt 8pt}.card p{margin:0 8pt 8pt;font-size:10pt}",
        ),
        "chrome-signature-form": html_page(
            _INTRO + "<p>I confirm that the information above is correct.</p>"
            '<div style="position:relative;margin-top:40pt;width:8cm">'
            f'<img alt="Signature" src="{_png_data_uri(signature_png())}" style="position:absolute;left:6pt;bottom:2pt;width:5cm">'
            '<div style="border-bottom:1pt solid #000;height:26pt"></div><p>Signed: Head of Information Governance</p>'
            "<p>Date: ____________________</p></div>"
        ),
        "chrome-long-sections": html_page(_INTRO + sections + _OUTRO),
        "chrome-redaction-label": _letter_page(
            "<p>"
            + name_in('<span style="background:#000;color:#fff;padding:0 4pt">s40(2)</span>')
            + ' Contact: <span style="background:#000;color:#fff;padding:0 4pt">s40(2)</span>.</p>'
        ),
        "chrome-line-clamp-cards": html_page(
            "<h1>News</h1>"
            + "".join(
                f'<div class="c"><h2>Item {i + 1}</h2><p>Changes to collection days over the holidays and how to report a missed '
                "collection in your street, with the new calendar and the recycling centre hours for the whole county.</p></div>"
                for i in range(3)
            ),
            css=".c{width:6cm;border-radius:10pt;background:#f3f2f1;padding:6pt;margin:6pt;display:inline-block;vertical-align:top}"
            ".c p{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}",
        ),
        "chrome-partly-clipped-line": _letter_page(
            '<div style="height:1.4em;overflow:hidden;width:12cm">The complaint was made on 3 April 2024.<br>'
            f"It was made by {NAME} of 14 Orchard Lane.<br>It was passed for review.</div>"
        ),
        "chrome-dark-mode": html_page(
            f'<div style="background:#121212;color:#e8e8e8;padding:20pt;min-height:25cm">{_INTRO}{_OUTRO}</div>',
            css="body{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
        ),
        "chrome-received-stamp": _letter_page(
            '<div style="position:relative"><p>The complaint was passed on for review and closed.</p>'
            '<div style="position:absolute;left:3cm;top:-10pt;border:3pt solid rgba(200,0,0,.7);color:rgba(200,0,0,.7);'
            'font-size:22pt;font-weight:bold;padding:2pt 8pt;transform:rotate(-12deg)">RECEIVED 3 APR 2024</div></div>'
        ),
        "chrome-opacity-zero": _letter_page(_hid("opacity:0")),
        "chrome-visibility-hidden": _letter_page(_hid("visibility:hidden")),
        "chrome-negative-margin": _letter_page(
            f'<p>The complaint was made by the person named below.</p><p style="margin-left:-40cm">{NAME} of 14 Orchard Lane</p>'
        ),
        "chrome-overflow-clipped": _letter_page(
            f'<p>The complaint was made by the person named below.</p><div style="height:0;overflow:hidden">{NAME} of 14 Orchard Lane</div>'
        ),
    }


# -- LibreOffice flat XML -------------------------------------------------------------------------

_ODF_NS = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in [
        ("office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
        ("style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"),
        ("text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
        ("table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"),
        ("draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"),
        ("fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"),
        ("svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"),
        ("xlink", "http://www.w3.org/1999/xlink"),
        ("dc", "http://purl.org/dc/elements/1.1/"),
        ("meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"),
    ]
)
_WRITER_STYLES = """<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.2cm"/>
<style:text-properties style:font-name="DejaVu Sans" fo:font-size="11pt" fo:language="en" fo:country="GB"/></style:default-style></office:styles>"""
#: Automatic styles, as Writer names them: character (T), paragraph (P), cell (C), graphic (gr/fr).
_WRITER_AUTO = """<office:automatic-styles>
<style:style style:name="Tblack" style:family="text"><style:text-properties fo:background-color="#000000" fo:color="#000000"/></style:style>
<style:style style:name="Tyellow" style:family="text"><style:text-properties fo:background-color="#ffff00"/></style:style>
<style:style style:name="Twhite" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style>
<style:style style:name="Ttiny" style:family="text"><style:text-properties fo:font-size="1pt"/></style:style>
<style:style style:name="Thidden" style:family="text"><style:text-properties text:display="none"/></style:style>
<style:style style:name="Tlabel" style:family="text"><style:text-properties fo:background-color="#000000" fo:color="#ffffff"/></style:style>
<style:page-layout style:name="pmDark"><style:page-layout-properties fo:background-color="#1f1f1f" fo:page-width="21cm" fo:page-height="29.7cm"/>
</style:page-layout>
<style:style style:name="Pwhite" style:family="paragraph"><style:text-properties fo:color="#ffffff"/></style:style>
<style:style style:name="Pshade" style:family="paragraph"><style:paragraph-properties fo:background-color="#003078" fo:padding="0.2cm"/>
<style:text-properties fo:color="#ffffff"/></style:style>
<style:style style:name="Phead" style:family="paragraph"><style:text-properties fo:font-weight="bold" fo:color="#ffffff"/></style:style>
<style:style style:name="Cdark" style:family="table-cell"><style:table-cell-properties fo:background-color="#1f3864" fo:padding="0.1cm"/></style:style>
<style:style style:name="Cplain" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="gr1" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#000000" draw:stroke="none"
 style:wrap="run-through" style:run-through="foreground" style:horizontal-pos="from-left" style:horizontal-rel="paragraph"
 style:vertical-pos="from-top" style:vertical-rel="paragraph"/></style:style>
<style:style style:name="fr1" style:family="graphic"><style:graphic-properties style:wrap="run-through" style:run-through="foreground"
 style:horizontal-pos="from-left" style:horizontal-rel="paragraph" style:vertical-pos="from-top" style:vertical-rel="paragraph"/></style:style>
</office:automatic-styles>"""
_MASTER = """<office:master-styles><style:master-page style:name="Standard">
<style:header><text:p>Northshire County Council, County Hall, Market Street, Northtown NT1 1AA</text:p></style:header>
<style:footer><text:p>Telephone 0300 123 4567 - foi@northshire.gov.uk - www.northshire.gov.uk</text:p></style:footer>
</style:master-page></office:master-styles>"""


def fodt(body: str, *, master: str = "") -> str:
    """A Writer flat XML document (``.fodt``) with ``body`` as its text."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_ODF_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        "<office:meta><dc:title>Response to FOI-2024-0117</dc:title></office:meta>"
        f"{_WRITER_STYLES}{_WRITER_AUTO}{master}<office:body><office:text>{body}</office:text></office:body></office:document>"
    )


def _p(*parts: str, style: str = "") -> str:
    attr = f' text:style-name="{style}"' if style else ""
    return f"<text:p{attr}>{''.join(parts)}</text:p>"


def _span(text: str, style: str) -> str:
    return f'<text:span text:style-name="{style}">{text}</text:span>'


_W_INTRO = (
    _p("Freedom of Information request FOI-2024-0117")
    + _p("Dear Requester,")
    + _p("Thank you for your request for information received on 3 April 2024.")
)
_W_OUTRO = _p("The review found that the procedure had been followed in full and no further action was needed.") + _p("Yours sincerely,")
_W_TEAM = _p("Information Governance Team")


def _w_letter(middle: str, *, master: str = "") -> str:
    return fodt(_W_INTRO + middle + _W_OUTRO + _W_TEAM, master=master)


def _w_complaint(name: str) -> str:
    return _p("The complaint was made by ", name, " of 14 Orchard Lane.")


def _png_b64(image: Image.Image) -> str:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return base64.b64encode(buf.getvalue()).decode()


def _met_letter(redact: bool) -> str:
    """The pseudonymised Met Police letter as a Writer document, one paragraph a line.

    ``redact``: its personal data deleted and replaced by a black label
    reading "s40(2)" in white (a correct redaction); otherwise the name and
    the officer's e-mail address are 'redacted' with black character
    highlighting over black text.
    """
    personal = ["Mr Exampleford", "Alex.B.O'Sample@met.police.uk", "Alex O'Sample"]
    label = _span("\u00a0s40(2)\u00a0", "Tlabel")
    paras = []
    for line in FIXTURE_LETTER.read_text(encoding="utf-8").splitlines():
        text = escape(line, quote=False)
        for item in personal:
            if escape(item, quote=False) in text:
                text = text.replace(escape(item, quote=False), label if redact else _span(escape(item, quote=False), "Tblack"))
        paras.append(_p(text))
    return fodt("".join(paras), master=_MASTER)


def writer_documents() -> dict[str, str]:
    """Writer letters (``.fodt``) that LibreOffice exports to PDF and saves as Word, by file stem."""
    sig = _png_b64(signature_png())
    return {
        "writer-black-highlight": _w_letter(_w_complaint(_span(NAME, "Tblack"))),
        "writer-white-text": _w_letter(_w_complaint(_span(NAME, "Twhite"))),
        "writer-1pt-text": _w_letter(_w_complaint(_span(NAME, "Ttiny"))),
        "writer-black-shape": _w_letter(
            _p(
                f"The complaint was made by {NAME} of 14 Orchard Lane.",
                '<draw:rect text:anchor-type="paragraph" draw:z-index="1" draw:style-name="gr1" '
                'svg:x="5.05cm" svg:y="-0.05cm" svg:width="2.4cm" svg:height="0.55cm"/>',
            )
        ),
        "writer-hidden-paragraph": _w_letter(
            _p("The complaint was passed on for review.") + _p(_span(f"Complaint made by {TITLED}, telephone {PHONE}.", "Thidden"))
        ),
        "writer-tracked-deletion": _w_letter(
            '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info>'
            "<dc:creator>Information Team</dc:creator><dc:date>2024-04-20T10:00:00</dc:date></office:change-info>"
            f"<text:p>{TITLED}</text:p></text:deletion></text:changed-region></text:tracked-changes>"
            + _p('The complaint was made by <text:change text:change-id="ct1"/>the complainant and passed on for review.')
        ),
        "writer-comment": _w_letter(
            _p(
                "The complaint was passed on for review.<office:annotation><dc:creator>Information Team</dc:creator>"
                f"<dc:date>2024-04-20T10:00:00</dc:date><text:p>Requester is {TITLED}, {PHONE}</text:p></office:annotation>"
            )
        ),
        "writer-yellow-highlight": _w_letter(
            _p("The ", _span("review was completed on 17 April 2024", "Tyellow"), " and its report is attached.")
        ),
        "writer-redaction-label": _w_letter(
            _p(
                "The complaint was made by ",
                _span("\u00a0s40(2)\u00a0", "Tlabel"),
                " of ",
                _span("\u00a0s40(2)\u00a0", "Tlabel"),
                " and passed on.",
            )
        ),
        "writer-table-header": _w_letter(
            '<table:table table:name="Requests"><table:table-column table:number-columns-repeated="2"/><table:table-row>'
            '<table:table-cell table:style-name="Cdark" office:value-type="string"><text:p text:style-name="Phead">Month</text:p></table:table-cell>'
            '<table:table-cell table:style-name="Cdark" office:value-type="string"><text:p text:style-name="Phead">Requests received</text:p>'
            "</table:table-cell></table:table-row><table:table-row>"
            '<table:table-cell table:style-name="Cplain" office:value-type="string"><text:p>April 2024</text:p></table:table-cell>'
            '<table:table-cell table:style-name="Cplain" office:value-type="string"><text:p>112</text:p></table:table-cell></table:table-row></table:table>'
        ),
        "writer-signature": fodt(
            _W_INTRO
            + _W_OUTRO
            + _p()
            + _p(
                "________________________________",
                '<draw:frame draw:style-name="fr1" text:anchor-type="paragraph" svg:x="0.3cm" svg:y="-0.75cm" svg:width="4cm" '
                f'svg:height="1cm" draw:z-index="2"><draw:image><office:binary-data>{sig}</office:binary-data></draw:image></draw:frame>',
            )
            + _p("Head of Information Governance")
        ),
        "writer-headers-footers": _w_letter(_p("The complaint was passed on for review."), master=_MASTER),
        "writer-dark-page": fodt(
            _p("Freedom of Information request FOI-2024-0117", style="Pwhite")
            + _p("Dear Requester,", style="Pwhite")
            + _p("The review found that the procedure had been followed in full.", style="Pwhite"),
            master='<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pmDark"/></office:master-styles>',
        ),
        "writer-paragraph-shading": _w_letter(_p("Important: this response is published in the disclosure log.", style="Pshade")),
        "writer-custom-properties": _w_letter(_p("The complaint was passed on for review.")).replace(
            "</office:meta>",
            f'<meta:user-defined meta:name="Requester">{NAME}</meta:user-defined>'
            f'<meta:user-defined meta:name="Requester telephone">{PHONE}</meta:user-defined></office:meta>',
        ),
        "letter-met-redacted": _met_letter(redact=True),
        "letter-met-highlighted": _met_letter(redact=False),
    }


_CALC_AUTO = """<office:automatic-styles>
<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="4cm"/></style:style>
<style:style style:name="ceBlack" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#000000"/></style:style>
<style:style style:name="ceWhite" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:color="#ffffff"/></style:style>
<style:style style:name="ceHead" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#1f3864"/>
<style:text-properties fo:color="#ffffff" fo:font-weight="bold"/></style:style>
<style:style style:name="ceBlue" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:background-color="#1f3864"/>
<style:text-properties fo:color="#1f3864"/></style:style>
<style:style style:name="ceTiny" style:family="table-cell" style:parent-style-name="Default"><style:text-properties fo:font-size="1pt"/></style:style>
<style:style style:name="gr1" style:family="graphic"><style:graphic-properties draw:fill="solid" draw:fill-color="#000000" draw:stroke="none"/></style:style>
</office:automatic-styles>"""
_COLUMNS = '<table:table-column table:style-name="co1" table:number-columns-repeated="4"/>'


def _cell(value: str, style: str = "") -> str:
    attr = f' table:style-name="{style}"' if style else ""
    if not value:
        return f"<table:table-cell{attr}/>"
    return f'<table:table-cell{attr} office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def fods(rows: list[list[str]], *, styles: dict[tuple[int, int], str] | None = None, columns: str = _COLUMNS, shapes: str = "") -> str:
    """A one-sheet Calc flat XML workbook (``.fods``); ``styles``: cell style by (row, column)."""
    styles = styles or {}
    body = "".join(
        "<table:table-row>" + "".join(_cell(v, styles.get((r, c), "")) for c, v in enumerate(row)) + "</table:table-row>"
        for r, row in enumerate(rows)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_ODF_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        '<office:styles><style:style style:name="Default" style:family="table-cell"/></office:styles>'
        f'{_CALC_AUTO}<office:body><office:spreadsheet><table:table table:name="Requests">{shapes}{columns}{body}'
        "</table:table></office:spreadsheet></office:body></office:document>"
    )


_NAMED = [
    ["Reference", "Received", "Requester", "Outcome"],
    ["FOI-2024-0101", "2024-04-03", NAME, "Disclosed"],
    ["FOI-2024-0102", "2024-04-05", "Oliver Pendleton", "Withheld"],
    ["FOI-2024-0103", "2024-04-09", "Priya Castellano", "Disclosed"],
]
_SUBJECTS = [["Reference", "Received", "Subject", "Outcome"]] + [
    [r[0], r[1], s, r[3]] for r, s in zip(_NAMED[1:], ["Education", "Highways", "Housing"], strict=True)
]
_COLUMN_C = {(r, 2) for r in range(1, 4)}


def calc_workbooks() -> dict[str, str]:
    """Calc workbooks (``.fods``) that LibreOffice saves as Excel and prints to PDF, by file stem."""
    return {
        "calc-black-fill-automatic-font": fods(_NAMED, styles=dict.fromkeys(_COLUMN_C, "ceBlack")),
        "calc-white-font": fods(_NAMED, styles=dict.fromkeys(_COLUMN_C, "ceWhite")),
        "calc-hidden-column-of-names": fods(
            _NAMED,
            columns='<table:table-column table:style-name="co1" table:number-columns-repeated="2"/>'
            '<table:table-column table:style-name="co1" table:visibility="collapse"/><table:table-column table:style-name="co1"/>',
        ),
        "calc-black-rectangle": fods(
            _NAMED,
            shapes='<table:shapes><draw:rect draw:style-name="gr1" draw:z-index="0" svg:x="8cm" svg:y="0.45cm" svg:width="4cm" svg:height="1.4cm"/></table:shapes>',
        ),
        "calc-white-header-dark-fill": fods(_SUBJECTS, styles={(0, c): "ceHead" for c in range(4)}),
        "calc-hidden-empty-columns": fods(
            [[r[0], "", "", r[3]] for r in _SUBJECTS],
            columns='<table:table-column table:style-name="co1"/><table:table-column table:style-name="co1" table:visibility="collapse" '
            'table:number-columns-repeated="2"/><table:table-column table:style-name="co1"/>',
        ),
        "calc-plain-table": fods(_SUBJECTS),
        # Nine 4 cm columns: Calc prints the sheet in tiles, and a note overflowing its cell across the
        # page break is written whole on both pages, each clipped to its own area.
        "calc-overflow-across-pages": fods(
            [
                ["Reference", "Received", "Subject", "Outcome", "Days", "Notes", "", "", ""],
                [
                    "FOI-2024-0101",
                    "2024-04-03",
                    "Education",
                    "Disclosed",
                    "14",
                    "",
                    "Response sent by post to the address given in the request",
                    "",
                    "",
                ],
            ],
            columns='<table:table-column table:style-name="co1" table:number-columns-repeated="9"/>',
        ),
        "calc-blue-on-blue": fods(_NAMED, styles=dict.fromkeys(_COLUMN_C, "ceBlue")),
        "calc-1pt-font": fods(_NAMED, styles=dict.fromkeys(_COLUMN_C, "ceTiny")),
        "calc-hidden-row": fods(_NAMED).replace(
            '<table:table-row><table:table-cell office:value-type="string"><text:p>FOI-2024-0102',
            '<table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>FOI-2024-0102',
        ),
        "calc-note-naming-requester": fods(_SUBJECTS).replace(
            "<text:p>FOI-2024-0102</text:p>",
            "<office:annotation><dc:creator>Information Team</dc:creator>"
            f"<text:p>Requester is {TITLED}, {PHONE}</text:p></office:annotation><text:p>FOI-2024-0102</text:p>",
        ),
    }


# -- scans ----------------------------------------------------------------------------------------

SCAN_DPI = 200
_SCAN_LINES = [
    "Freedom of Information request FOI-2024-0117",
    "",
    "Dear Requester,",
    "",
    "Thank you for your request for information received on 3 April 2024.",
    "The complaint was made by {name} of 14 Orchard Lane and passed",
    "to {titled} for review. The review found that the procedure",
    "had been followed in full and no further action was needed.",
    "",
    "Yours sincerely,",
    "",
    "Information Governance Team",
]


def scan_page(*, names: tuple[str, str] = (NAME, TITLED), black_out: bool = False) -> Image.Image:
    """An A4 letter page as a 200 dpi greyscale scan; ``black_out`` paints a black box over each name."""
    font = ImageFont.truetype(str(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")), 30)
    img = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(img)
    y = 260
    boxes = []
    for template in _SCAN_LINES:
        line = template.format(name=names[0], titled=names[1])
        draw.text((200, y), line, font=font, fill=0)
        for needle in names:
            if needle in line and "{" in template:
                x = 200 + draw.textlength(line[: line.index(needle)], font=font)
                boxes.append((x - 4, y - 4, x + draw.textlength(needle, font=font) + 4, y + 38))
        y += 50
    if black_out:
        for box in boxes:
            draw.rectangle(box, fill=0)
    return img

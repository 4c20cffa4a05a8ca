"""Word (.docx) files: the do-it-yourself redactions FOI officers really make, and correct look-alikes.

Every file is a whole Word package (content types, relationships, styles with
document defaults, the Office theme, settings, properties: see
``tests/docx_builders.py``); only the thing the case is about differs from
what Word writes for an ordinary letter. Names and numbers are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx_builders import (
    CM,
    CONTENT_TYPE_ITEM,
    Word,
    anchor,
    p,
    pic_graphic,
    picture,
    png,
    run,
    shape_run,
    sharepoint_item,
    table,
    vml_rect,
    word_docx,
    wps_shape,
)

from corpus import Case, bad, good

REQUESTER = "Jane Hartley"
OFFICER = "Jane Doe"
OTHER = "Oliver Pendleton"
REQUESTER_EMAIL = "jane.hartley@example.com"
_SP_SCHEMA = "http://schemas.microsoft.com/office/2006/metadata/properties"
_CT_SCHEMA = "http://schemas.microsoft.com/office/2006/metadata/contentType"


def _letter(*middle: str) -> str:
    """A response letter's body with ``middle`` paragraphs after the salutation."""
    return (
        p("Freedom of Information request FOI-2025-0101", ppr='<w:pStyle w:val="Heading1"/>')
        + p("Dear requester,")
        + "".join(middle)
        + p("We hold the information you asked for and it is set out below.")
        + p("Yours sincerely,")
        + p("Information Governance Team")
    )


def _docx(name: str, body: str, word: Word | None = None) -> Callable[[Path], Path]:
    return lambda folder: word_docx(folder / f"{name}.docx", body, word)


def _covered(text: str, rpr: str) -> str:
    """A paragraph whose name the officer 'redacted' with formatting: ``rpr`` on the name's run."""
    return p(run("The request was made by "), run(text, rpr), run(" on 3 March 2025."))


_BLACK = '<w:color w:val="000000"/>'
_ALT_CHUNK_HTML = (
    "<html><body><p>Dear Mr Oliver Pendleton,</p><p>Thank you for your request of 3 March 2025.</p>"
    f"<p>Please reply to {REQUESTER_EMAIL}.</p></body></html>"
).encode()


def _glossary(text: str) -> str:
    return (
        '<w:docPart><w:docPartPr><w:name w:val="Letter opening"/><w:category><w:name w:val="General"/>'
        '<w:gallery w:val="autoTxt"/></w:category><w:guid w:val="{8C2A7E55-3B1D-4F0E-9E1C-2D5F6A7B8C9D}"/></w:docPartPr>'
        f"<w:docPartBody>{p(text)}</w:docPartBody></w:docPart>"
    )


def _unused_header(path: Path) -> Path:
    """header2.xml linked from the document's relationships, but no section refers to it."""
    import zipfile

    word_docx(path, _letter(), Word(headers=[p("Example Borough Council")]))
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["word/header2.xml"] = (
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r>'
        f"<w:t>Draft - requester {REQUESTER}</w:t></w:r></w:p></w:hdr>"
    ).encode()
    rels = members["word/_rels/document.xml.rels"].decode()
    extra = (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>'
    )
    members["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", extra + "</Relationships>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _banner(text: str) -> str:
    """A header paragraph: a dark banner picture anchored behind the text, white lettering over it."""
    anchor = (
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251658240" '
        'behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page">'
        '<wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="7560000" cy="1080000"/><wp:wrapNone/><wp:docPr id="3" name="Banner"/><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        '<pic:cNvPr id="3" name="Banner"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId1"/></pic:blipFill>'
        '<pic:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing></w:r>"
    )
    return p(anchor, run(text, '<w:color w:val="FFFFFF" w:themeColor="background1"/><w:sz w:val="36"/>'), ppr='<w:pStyle w:val="Header"/>')


_BLACK_FILL = '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill>'
#: Where a box dragged over the name in "The request was made by Jane Hartley on 3 March 2025." (Calibri 11) sits.
_NAME_BOX = {"cx": int(2.3 * CM), "cy": int(0.5 * CM), "h": ("column", int(4.1 * CM)), "v": ("paragraph", -int(0.05 * CM))}
_VML_NAME_BOX = (
    "position:absolute;margin-left:116pt;margin-top:-1pt;width:66pt;height:14pt;z-index:251659264;visibility:visible;"
    "mso-wrap-style:square;mso-position-horizontal:absolute;mso-position-horizontal-relative:text;"
    "mso-position-vertical:absolute;mso-position-vertical-relative:text;v-text-anchor:middle"
)


def _boxed(shape: str, text: str = REQUESTER) -> str:
    """The name's paragraph with a floating object anchored at its start, as Word puts a shape dropped on it."""
    return p(shape, run("The request was made by "), run(text), run(" on 3 March 2025."))


def _word_rectangle(fill: str = _BLACK_FILL, name: str = "Rectangle 1", **place: object) -> str:
    """Insert > Shapes > Rectangle as Word 2010+ saves it: the wps shape and its VML fallback."""
    box = {**_NAME_BOX, **place}
    vml = vml_rect(_VML_NAME_BOX, name=name)
    return shape_run(anchor(wps_shape(box["cx"], box["cy"], fill), name=name, **box), vml)  # type: ignore[arg-type]


_PHOTO = png((240, 180), (70, 90, 110))
_BLACK_PNG = png((200, 40), (0, 0, 0))
_SIGNATURE = png((300, 90), (255, 255, 255, 0), mode="RGBA", ink=(20, 30, 90, 255))

BAD: list[Case] = [
    bad(
        "word-black-highlight-black-text",
        _docx("highlight", _letter(_covered(REQUESTER, _BLACK + '<w:highlight w:val="black"/>'))),
        "docx-text-same-colour",
        where=("paragraph 3", "black on a black highlight"),
        story="The name was given a black font colour and black highlighter: the PDF looks redacted, the text is all there.",
    ),
    bad(
        "word-black-run-shading",
        _docx("shading", _letter(_covered(REQUESTER, _BLACK + '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'))),
        "docx-text-same-colour",
        where=("paragraph 3", "shading"),
        story="Borders and Shading > Shading > Fill: black, over black text.",
    ),
    bad(
        "word-pct90-shading",
        _docx("pattern", _letter(_covered(REQUESTER, '<w:shd w:val="pct90" w:color="auto" w:fill="auto"/><w:color w:val="000000"/>'))),
        "docx-text-same-colour",
        where=("paragraph 3",),
        story="A 90 % pattern shading (automatic colour) over black text: near black on black.",
    ),
    bad(
        "word-white-text-white-page",
        _docx("white", _letter(_covered(REQUESTER, '<w:color w:val="FFFFFF"/>'))),
        "docx-text-same-colour",
        where=("paragraph 3", "white on a white page"),
        story="Font colour set to white to 'hide' the name.",
    ),
    bad(
        "word-white-text-letterhead-document",
        _docx(
            "whitebanner",
            _letter(_covered(REQUESTER, '<w:color w:val="FFFFFF"/>')),
            Word(headers=[_banner("Example Borough Council")]),
        ),
        "docx-text-same-colour",
        where=("paragraph 3", "white on a white page"),
        story="White text in the body of a letter whose header has a banner: the banner is no excuse for the body.",
    ),
    bad(
        "word-text-1pt",
        _docx("tiny1", _letter(_covered(REQUESTER, '<w:sz w:val="2"/><w:szCs w:val="2"/>'))),
        "docx-text-tiny",
        where=("paragraph 3", "1 pt"),
        story="The name shrunk to 1 pt: a hairline in print, full text in the file.",
    ),
    bad(
        "word-text-2pt",
        _docx("tiny2", _letter(p(run(f"Contact {REQUESTER_EMAIL}", '<w:sz w:val="4"/>')))),
        "docx-text-tiny",
        where=("paragraph 3", "2 pt"),
        story="A line of contact details shrunk to 2 pt.",
    ),
    bad(
        "word-character-style-colour",
        _docx(
            "charstyle",
            _letter(_covered(REQUESTER, '<w:rStyle w:val="Redacted"/>')),
            Word(
                styles='<w:style w:type="character" w:customStyle="1" w:styleId="Redacted"><w:name w:val="Redacted"/>'
                '<w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:color w:val="000000"/><w:highlight w:val="black"/></w:rPr></w:style>'
            ),
        ),
        "docx-text-same-colour",
        where=("paragraph 3",),
        story="A 'Redacted' character style (black text, black highlight) applied to names.",
    ),
    bad(
        "word-theme-background1-text",
        _docx("theme", _letter(_covered(REQUESTER, '<w:color w:val="FFFFFF" w:themeColor="background1"/>'))),
        "docx-text-same-colour",
        where=("paragraph 3", "white"),
        story="Font colour 'Background 1' from the theme palette: white on the white page.",
    ),
    bad(
        "word-black-paragraph-shading",
        _docx(
            "parashade",
            _letter(p(run(f"Requester: {REQUESTER}", _BLACK), ppr='<w:shd w:val="clear" w:color="auto" w:fill="000000"/>')),
        ),
        "docx-text-same-colour",
        where=("paragraph 3", "paragraph shading"),
        story="A whole paragraph shaded black, its text set to black.",
    ),
    bad(
        "word-table-cell-black",
        _docx(
            "cell",
            _letter(
                table(
                    [[p("Name"), p("Role")], [p(run(REQUESTER, _BLACK)), p("Requester")]],
                    cell_pr={(1, 0): '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'},
                )
            ),
        ),
        "docx-text-same-colour",
        where=("table cell shading",),
        story="A table cell shaded black over a name in black.",
    ),
    bad(
        "word-altchunk-letter",
        _docx(
            "altchunk",
            _letter('<w:altChunk r:id="rId60"/>'),
            Word(parts=[("word/afchunk.htm", "application/xhtml+xml", _ALT_CHUNK_HTML, "aFChunk")]),
        ),
        {"email", "salutation-name"},
        where=("altChunk",),
        story="The original letter pasted in as an inserted HTML file (altChunk): only its part holds the text.",
    ),
    bad(
        "word-image-alt-text",
        _docx(
            "alttext",
            _letter(p(picture("rId60", f"Requester: {OTHER}", title="Signed request form"))),
            Word(parts=[("word/media/image1.png", "image/png", b"", "image")]),
        ),
        "labelled-name",
        where=("alt text",),
        story="A scan of the signed request form, its alt text naming the requester.",
    ),
    bad(
        "word-custom-property-requester",
        _docx("custom", _letter(), Word(custom={"Requester": REQUESTER, "CaseReference": "FOI-2025-0101"})),
        "docx-properties",
        where=("Requester",),
        story="A case-management template writes the requester's name into a custom document property.",
    ),
    bad(
        "word-customxml-requester-email",
        _docx(
            "spmeta",
            _letter(),
            Word(
                custom_xml=[
                    (
                        sharepoint_item(f'<RequesterEmail xmlns="b4c6a2b3-7c1e-4e0a-9a51-2f4b6d1c3e77">{REQUESTER_EMAIL}</RequesterEmail>'),
                        _SP_SCHEMA,
                    )
                ]
            ),
        ),
        "email",
        where=("customXml",),
        story="Downloaded from a SharePoint FOI library whose 'Requester email' column travels in customXml.",
    ),
    bad(
        "word-orphan-document2",
        _docx(
            "orphan",
            _letter(),
            Word(
                parts=[
                    (
                        "word/document2.xml",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                        f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
                        f"<w:t>Dear {REQUESTER}, earlier draft</w:t></w:r></w:p></w:body></w:document>".encode(),
                        None,
                    )
                ]
            ),
        ),
        "ooxml-orphan-part",
        where=("word/document2.xml",),
        story="A tool kept the earlier, unredacted draft as a second document part nothing links.",
    ),
    bad(
        "word-stray-notes",
        _docx("notes", _letter(), Word(parts=[("notes.txt", "text/plain", f"call {REQUESTER} back on 07700 900123".encode(), None)])),
        "ooxml-orphan-part",
        where=("notes.txt",),
        story="Someone's working notes zipped into the package.",
    ),
    bad(
        "word-footer-case-officer",
        _docx("footer", _letter(), Word(footers=[p(f"Case officer: {OFFICER}", ppr='<w:pStyle w:val="Footer"/>')])),
        "labelled-name",
        where=("footer",),
        story="The case officer's name in the footer of every page.",
    ),
    bad(
        "word-vanish-style",
        _docx(
            "vanish",
            _letter(p(f"Requester: {REQUESTER}", ppr='<w:pStyle w:val="Internal"/>')),
            Word(
                styles='<w:style w:type="paragraph" w:customStyle="1" w:styleId="Internal"><w:name w:val="Internal note"/>'
                '<w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>'
            ),
        ),
        "docx-hidden-text",
        where=("paragraph 3",),
        story="An 'Internal note' paragraph style formatted as hidden.",
    ),
    bad(
        "word-unused-header",
        lambda folder: _unused_header(folder / "header.docx"),
        "ooxml-orphan-part",
        where=("word/header2.xml",),
        story="A header from an earlier version still linked in the package but used by no section.",
    ),
    bad(
        "word-glossary-old-letter",
        _docx("glossary", _letter(), Word(glossary=_glossary(f"Dear Mr {OTHER},"))),
        "salutation-name",
        where=("building blocks",),
        story="A Quick Part (building block) saved from last year's letter still holds the requester's salutation.",
    ),
    bad(
        "word-black-rectangle-over-name",
        _docx("blackrect", _letter(_boxed(_word_rectangle()))),
        "docx-shape-over-text",
        where=("paragraph 3", "black rectangle", "in front of the text"),
        story="Insert > Shapes > Rectangle, Shape Fill black, Wrap Text: In Front of Text, dragged over the name (Word 2010+: "
        "mc:AlternateContent with a VML fallback).",
    ),
    bad(
        "word-white-rectangle-over-name",
        _docx("whiterect", _letter(_boxed(_word_rectangle('<a:solidFill><a:schemeClr val="bg1"/></a:solidFill>', "Rectangle 4")))),
        "docx-shape-over-text",
        where=("paragraph 3", "white rectangle ('Rectangle 4')"),
        story="The same with a white fill: 'white-out' over the name.",
    ),
    bad(
        "word-vml-black-rectangle",
        _docx(
            "vmlrect",
            _letter(
                _boxed(
                    "<w:r><w:pict>"
                    + vml_rect(_VML_NAME_BOX, 'fillcolor="black"', "Rectangle 2", '<w10:wrap anchorx="column"/>')
                    + "</w:pict></w:r>"
                )
            ),
        ),
        "docx-shape-over-text",
        where=("paragraph 3", "black rectangle ('Rectangle 2')"),
        story="A document in compatibility mode (Word 2007 and older, or a converted .doc): the rectangle is VML only.",
    ),
    bad(
        "word-black-picture-over-name",
        _docx(
            "blackpic",
            _letter(
                _boxed(shape_run(anchor(pic_graphic("rId60", int(2.3 * CM), int(0.5 * CM), "Picture 2"), name="Picture 2", **_NAME_BOX)))
            ),  # type: ignore[arg-type]
            Word(parts=[("word/media/image1.png", "image/png", _BLACK_PNG, "image")]),
        ),
        "docx-shape-over-text",
        where=("paragraph 3", "dark picture", "in front of the text"),
        story="A picture of a black bar pasted in and set to In Front of Text over the name.",
    ),
    bad(
        "word-rectangle-over-next-paragraph",
        _docx(
            "nextpara",
            (
                p("Freedom of Information request FOI-2025-0101", ppr='<w:pStyle w:val="Heading1"/>')
                + p(_word_rectangle(name="Rectangle 5", v=("paragraph", int(0.75 * CM))), run("Dear requester,"))
                + _covered(REQUESTER, "")
                + p("Yours sincerely,")
            ),
        ),
        "docx-shape-over-text",
        where=("paragraph 3",),
        story="The box was inserted while the cursor was on the salutation, then dragged down over the name on the next line: "
        "it is anchored to paragraph 2 but lies over paragraph 3.",
    ),
]


_TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" '
    'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph">'
    '<wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="5731510" cy="600000"/><wp:wrapTopAndBottom/>'
    '<wp:docPr id="2" name="Text Box 2"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5731510" cy="600000"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"><a:lumMod val="50000"/></a:schemeClr>'
    "</a:solidFill></wps:spPr><wps:txbx><w:txbxContent>"
    + p(run("Key facts: 20 working days to respond", '<w:color w:val="FFFFFF" w:themeColor="background1"/>'))
    + "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    '<mc:Fallback><w:pict><v:shape fillcolor="#1f3864"><v:textbox><w:txbxContent>'
    + p(run("Key facts: 20 working days to respond", '<w:color w:val="FFFFFF"/>'))
    + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)

_DARK_BAR = '<a:solidFill><a:schemeClr val="accent1"><a:lumMod val="50000"/></a:schemeClr></a:solidFill>'

GOOD: list[Case] = [
    good(
        "word-banner-behind-heading",
        _docx(
            "bannerbody",
            p(
                shape_run(
                    anchor(
                        wps_shape(int(16 * CM), int(1.2 * CM), _DARK_BAR),
                        name="Rectangle 1",
                        cx=int(16 * CM),
                        cy=int(1.2 * CM),
                        v=("paragraph", -int(0.3 * CM)),
                        behind=True,
                    )
                ),
                run("Freedom of Information response", '<w:color w:val="FFFFFF" w:themeColor="background1"/><w:sz w:val="32"/>'),
            )
            + _letter(),
        ),
        story="A dark banner shape set Behind Text under a white heading in the body.",
    ),
    good(
        "word-logo-in-header",
        _docx(
            "headerlogo",
            _letter(),
            Word(
                headers=[
                    p(
                        shape_run(
                            anchor(
                                pic_graphic("rId1", int(3 * CM), int(1.5 * CM), "Picture 1"),
                                name="Picture 1",
                                cx=int(3 * CM),
                                cy=int(1.5 * CM),
                                h=("margin", "right"),
                                v=("paragraph", 0),
                            )
                        ),
                        run("Example Borough Council"),
                        ppr='<w:pStyle w:val="Header"/>',
                    )
                ],
                parts=[("word/media/image1.png", "image/png", _BLACK_PNG, "image")],
            ),
        ),
        story="The council's logo floating in front of the header text, top right: header artwork never covers the body.",
    ),
    good(
        "word-logo-above-first-text",
        _docx(
            "toplogo",
            p(
                shape_run(
                    anchor(
                        pic_graphic("rId60", int(4 * CM), int(1.5 * CM), "Picture 1"),
                        name="Picture 1",
                        cx=int(4 * CM),
                        cy=int(1.5 * CM),
                        h=("page", int(2.54 * CM)),
                        v=("page", int(0.6 * CM)),
                    )
                ),
                run("Freedom of Information request FOI-2025-0101"),
            )
            + _letter(),
            Word(parts=[("word/media/image1.png", "image/png", _BLACK_PNG, "image")]),
        ),
        story="A dark logo In Front of Text, anchored to the first paragraph but placed in the top margin above all text.",
    ),
    good(
        "word-photo-square-wrap",
        _docx(
            "photo",
            _letter(
                p(
                    shape_run(
                        anchor(
                            pic_graphic("rId60", int(5 * CM), int(3.75 * CM), "Picture 3"),
                            name="Picture 3",
                            cx=int(5 * CM),
                            cy=int(3.75 * CM),
                            h=("margin", "right"),
                            v=("paragraph", 0),
                            wrap='<wp:wrapSquare wrapText="bothSides"/>',
                        )
                    ),
                    run("The photograph shows the repaired footpath on Orchard Lane after the works were finished in May 2025. " * 3),
                )
            ),
            Word(parts=[("word/media/image1.png", "image/png", _PHOTO, "image")]),
        ),
        story="A photo with Square wrapping beside a paragraph: Word moves the text out of its way.",
    ),
    good(
        "word-light-text-box-beside",
        _docx(
            "sidebar",
            _letter(
                p(
                    shape_run(
                        anchor(
                            wps_shape(
                                int(4.5 * CM),
                                int(2 * CM),
                                '<a:solidFill><a:srgbClr val="F2F2F2"/></a:solidFill>',
                                text=p("Deadline: 20 working days"),
                            ),
                            name="Text Box 2",
                            cx=int(4.5 * CM),
                            cy=int(2 * CM),
                            h=("margin", "right"),
                            v=("paragraph", 0),
                            wrap='<wp:wrapSquare wrapText="bothSides"/>',
                        )
                    ),
                    run("We aim to answer every request promptly and within the statutory limit set by the Act. " * 3),
                )
            ),
        ),
        story="A light grey text box with its own text, Square wrapping, beside a paragraph.",
    ),
    good(
        "word-signature-in-front",
        _docx(
            "signature",
            _letter()[: -len(p("Information Governance Team"))]
            + p(
                shape_run(
                    anchor(
                        pic_graphic("rId60", int(4 * CM), int(1.2 * CM), "Picture 4"),
                        name="Picture 4",
                        cx=int(4 * CM),
                        cy=int(1.2 * CM),
                        v=("paragraph", int(0.1 * CM)),
                    )
                )
            )
            + p("Information Governance Team"),
            Word(parts=[("word/media/image1.png", "image/png", _SIGNATURE, "image")]),
        ),
        story="A scanned signature (a PNG with a transparent background) In Front of Text, over the signature space and the typed name.",
    ),
    good(
        "word-red-circle-no-fill",
        _docx(
            "circle",
            _letter(
                p(
                    shape_run(
                        anchor(
                            wps_shape(int(2.5 * CM), int(0.8 * CM), "<a:noFill/>", prst="ellipse"),
                            name="Oval 3",
                            cx=int(2.5 * CM),
                            cy=int(0.8 * CM),
                            h=("column", int(3 * CM)),
                            v=("paragraph", -int(0.15 * CM)),
                        )
                    ),
                    run("Total spend in 2024-25 was £1,204,000."),
                )
            ),
        ),
        story="A red outline circle (no fill) In Front of Text drawn round a figure to draw the eye to it.",
    ),
    good(
        "word-yellow-highlight",
        _docx("yellow", _letter(p(run("Please note: "), run("the deadline is 20 working days", '<w:highlight w:val="yellow"/>')))),
        story="Yellow highlighter on ordinary text, for emphasis.",
    ),
    good(
        "word-white-on-dark-blue-header",
        _docx(
            "header",
            _letter(
                table(
                    [[p("Contract"), p("Value")], [p("Cloud hosting"), p("£120,000")]],
                    style="GridTable4-Accent1",
                ),
                table(
                    [
                        [p(run("Supplier", '<w:color w:val="FFFFFF"/><w:b/>')), p(run("Year", '<w:color w:val="FFFFFF"/>'))],
                        [p("Acme Ltd"), p("2024")],
                    ],
                    cell_pr={
                        (0, 0): '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>',
                        (0, 1): '<w:shd w:val="clear" w:color="auto" w:fill="1F3864"/>',
                    },
                ),
            ),
        ),
        story="White header text on a dark blue header row: from the Grid Table 4 style, and set by hand.",
    ),
    good(
        "word-auto-text-dark-shading",
        _docx(
            "autodark",
            _letter(
                p(run("IMPORTANT: the 20 working day limit applies", '<w:highlight w:val="black"/>')),
                p("Section 40(2) applies to names of junior staff.", ppr='<w:shd w:val="clear" w:color="auto" w:fill="262626"/>'),
            ),
        ),
        story="Automatic-colour text on a black highlight and dark shading: Word shows it white, so it is read.",
    ),
    good(
        "word-grey-note-box",
        _docx(
            "note",
            _letter(p("Note: figures are rounded to the nearest £1,000.", ppr='<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>')),
        ),
        story="A grey-shaded note paragraph.",
    ),
    good(
        "word-7pt-footnote",
        _docx(
            "footnote",
            _letter(
                p(
                    run("Spending rose by 4%."),
                    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>',
                )
            ),
            Word(
                footnotes=[p(run("Source: annual accounts 2023-24, note 7.", '<w:sz w:val="14"/>'), ppr='<w:pStyle w:val="FootnoteText"/>')]
            ),
        ),
        story="A small but readable 7 pt footnote.",
    ),
    good(
        "word-sharepoint-content-type",
        _docx(
            "sharepoint",
            _letter(),
            Word(
                custom_xml=[(CONTENT_TYPE_ITEM, _CT_SCHEMA), (sharepoint_item(), _SP_SCHEMA)],
                custom={"ContentTypeId": "0x0101004A1B2C3D4E5F60718293A4B5C6D7E8F9"},
            ),
        ),
        story="A file from a SharePoint library: customXml items holding only the content type and its ids.",
    ),
    good(
        "word-standard-package",
        _docx(
            "standard",
            _letter(),
            Word(
                thumbnail=b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
                glossary=_glossary("Click or tap here to enter text."),
                people=["FOI Team"],
                core_creator="FOI Team",
            ),
        ),
        allowed={"docx-properties"},
        story="Word's ordinary parts: thumbnail, glossary of building blocks, people list (a team account).",
    ),
    good(
        "word-dark-text-box",
        _docx("textbox", _letter(p(_TEXT_BOX))),
        story="White text in a dark blue text box (with the VML fallback Word writes).",
    ),
    good(
        "word-letterhead-banner",
        _docx("banner", _letter(), Word(headers=[_banner("Example Borough Council")])),
        story="A letterhead: white lettering over a dark banner picture anchored behind the header text.",
    ),
    good(
        "word-light-grey-caption",
        _docx(
            "caption",
            _letter(
                p(
                    run(
                        "Figure 1: spend by year",
                        '<w:color w:val="767171" w:themeColor="background2" w:themeShade="80"/><w:sz w:val="18"/>',
                    )
                )
            ),
        ),
        story="A grey 9 pt caption in a theme colour: quiet, but readable.",
    ),
]

"""Word packages built the way Word writes them: content types, relationships, styles with
document defaults, the Office theme, settings, font table, properties.

Tests and the Word corpus describe a document by its body (raw WordprocessingML)
and what else it carries (headers, footers, notes, custom properties,
customXml items, a page colour...); :func:`word_docx` writes every part with the
relationship and content-type entries Word would give it, so the gate sees a
package whose only oddities are the ones a test puts there.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
NS = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14 wp14"'
)
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

#: styles.xml as Word 2016+ writes it for a blank document (trimmed to the styles a letter uses).
STYLES = (
    f'{XML}<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
    '<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
    '<w:link w:val="Heading1Char"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="0"/><w:outlineLvl w:val="0"/></w:pPr>'
    '<w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"/><w:color w:val="2F5496" w:themeColor="accent1" '
    'w:themeShade="BF"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:link w:val="HeaderChar"/>'
    '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:link w:val="FooterChar"/>'
    '<w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" '
    'w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
    '<w:style w:type="table" w:styleId="GridTable4-Accent1"><w:name w:val="Grid Table 4 Accent 1"/><w:basedOn w:val="TableNormal"/>'
    '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblStyleColBandSize w:val="1"/></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF" w:themeColor="background1"/></w:rPr><w:tblPr/>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="4472C4" w:themeFill="accent1"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band1Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3" '
    'w:themeFill="accent1" w:themeFillTint="33"/></w:tcPr></w:tblStylePr></w:style>'
    "{extra}</w:styles>"
)

THEME = (
    f'{XML}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements>'
    '<a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" '
    'lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1>'
    '<a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/>'
    '</a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6>'
    '<a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/>'
    '</a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/>'
    '<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>'
    '</a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    "</a:fillStyleLst></a:fmtScheme></a:themeElements></a:theme>"
)

FONT_TABLE = (
    f'{XML}<w:fonts xmlns:w="{W}"><w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="Times New Roman"><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)
WEB_SETTINGS = f'{XML}<w:webSettings xmlns:w="{W}"><w:optimizeForBrowser/><w:allowPNG/></w:webSettings>'


def settings(extra: str = "") -> str:
    return (
        f'{XML}<w:settings xmlns:w="{W}">{extra}<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:rsids><w:rsidRoot w:val="00A1B2C3"/>'
        '</w:rsids><w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def core(title: str = "Response to request FOI-2025-0101", creator: str = "") -> str:
    """docProps/core.xml; ``creator`` (the Word user's name) and last-modified-by omitted when empty."""
    people = f"<dc:creator>{escape(creator)}</dc:creator><cp:lastModifiedBy>{escape(creator)}</cp:lastModifiedBy>" if creator else ""
    return (
        f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title>{people}"
        '<cp:revision>2</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2025-03-03T09:12:00Z'
        '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-04T10:01:00Z</dcterms:modified></cp:coreProperties>'
    )


APP = (
    f'{XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template>'
    "<TotalTime>12</TotalTime><Pages>1</Pages><Words>120</Words><Application>Microsoft Office Word</Application>"
    "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><AppVersion>16.0000</AppVersion></Properties>"
)


def custom_properties(props: dict[str, str]) -> str:
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{escape(k)}"><vt:lpwstr>{escape(v)}</vt:lpwstr></property>'
        for i, (k, v) in enumerate(props.items(), start=2)
    )
    return (
        f'{XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}</Properties>'
    )


def sharepoint_item(fields: str = "") -> str:
    """customXml/item1.xml as SharePoint writes it: the library's columns under ``documentManagement``."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:pc="http://schemas.microsoft.com/office/infopath/2007/PartnerControls">'
        f'<documentManagement>{fields}<TaxCatchAll xmlns="b4c6a2b3-7c1e-4e0a-9a51-2f4b6d1c3e77"/></documentManagement></p:properties>'
    )


CONTENT_TYPE_ITEM = (
    '<?xml version="1.0" encoding="utf-8"?><ct:contentTypeSchema ct:_="" ma:_="" ma:contentTypeName="Document" '
    'ma:contentTypeID="0x0101004A1B2C3D4E5F60718293A4B5C6D7E8F9" ma:contentTypeVersion="12" ma:contentTypeDescription="Create a new document." '
    'ma:contentTypeScope="" ma:versionID="5f7d9c0a1b2e3f405162738495a6b7c8" '
    'xmlns:ct="http://schemas.microsoft.com/office/2006/metadata/contentType" '
    'xmlns:ma="http://schemas.microsoft.com/office/2006/metadata/properties/metaAttributes"><xsd:schema '
    'targetNamespace="http://schemas.microsoft.com/office/2006/metadata/properties" xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>'
    "</ct:contentTypeSchema>"
)


def item_props(n: int, schema: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{{6A1C2B3D-4E5F-4071-8293-A4B5C6D7E8F{n}}}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{schema}"/></ds:schemaRefs></ds:datastoreItem>'
    )


@dataclass
class Word:
    """What goes into the package besides the body."""

    styles: str = ""  # extra w:style elements
    headers: list[str] = field(default_factory=list)  # body XML of each header
    footers: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # body XML of each footnote
    settings: str = ""  # extra settings children (e.g. <w:displayBackgroundShape/>)
    background: str = ""  # a <w:background .../> element
    custom: dict[str, str] = field(default_factory=dict)
    custom_xml: list[tuple[str, str]] = field(default_factory=list)  # (item xml, schema uri for itemProps)
    #: (part name, content type, bytes, document relationship type or None for an unlinked part)
    parts: list[tuple[str, str, bytes, str | None]] = field(default_factory=list)
    thumbnail: bytes = b""
    glossary: str = ""  # body XML of the glossary document (building blocks)
    people: list[str] = field(default_factory=list)
    core_creator: str = ""
    raw_root_rels: str = ""  # extra <Relationship> elements in _rels/.rels


def _rel(rid: str, rtype: str, target: str, mode: str = "") -> str:
    extra = f' TargetMode="{mode}"' if mode else ""
    url = rtype if rtype.startswith("http") else f"{REL}/{rtype}"
    return f'<Relationship Id="{rid}" Type="{url}" Target="{target}"{extra}/>'


def _rels(items: list[str]) -> str:
    return f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(items)}</Relationships>'


def _story(root: str, body: str) -> str:
    return f"{XML}<w:{root} {NS}>{body}</w:{root}>"


def word_docx(path: Path, body: str, word: Word | None = None) -> Path:
    """Write a .docx as Word does; the body is raw WordprocessingML (paragraphs, tables)."""
    word = word or Word()
    overrides: dict[str, str] = {
        "/word/document.xml": f"{CT_BASE}.document.main+xml",
        "/word/styles.xml": f"{CT_BASE}.styles+xml",
        "/word/settings.xml": f"{CT_BASE}.settings+xml",
        "/word/webSettings.xml": f"{CT_BASE}.webSettings+xml",
        "/word/fontTable.xml": f"{CT_BASE}.fontTable+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    files: dict[str, bytes] = {}
    doc_rels = [
        _rel("rId1", "styles", "styles.xml"),
        _rel("rId2", "settings", "settings.xml"),
        _rel("rId3", "webSettings", "webSettings.xml"),
        _rel("rId4", "fontTable", "fontTable.xml"),
        _rel("rId5", "theme", "theme/theme1.xml"),
    ]
    root_rels = [
        _rel("rId1", "officeDocument", "word/document.xml"),
        _rel("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
        _rel("rId3", "extended-properties", "docProps/app.xml"),
    ]
    sect_refs = ""
    n = 10
    for kind, items in (("header", word.headers), ("footer", word.footers)):
        for i, content in enumerate(items, start=1):
            n += 1
            name = f"{kind}{i}.xml"
            files[f"word/{name}"] = _story("hdr" if kind == "header" else "ftr", content).encode()
            overrides[f"/word/{name}"] = f"{CT_BASE}.{kind}+xml"
            doc_rels.append(_rel(f"rId{n}", kind, name))
            sect_refs += f'<w:{kind}Reference w:type="default" r:id="rId{n}"/>'
    if word.footnotes:
        notes = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        notes += '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        notes += "".join(f'<w:footnote w:id="{i}">{c}</w:footnote>' for i, c in enumerate(word.footnotes, start=1))
        files["word/footnotes.xml"] = _story("footnotes", notes).encode()
        overrides["/word/footnotes.xml"] = f"{CT_BASE}.footnotes+xml"
        doc_rels.append(_rel("rId30", "footnotes", "footnotes.xml"))
    for i, (item, schema) in enumerate(word.custom_xml, start=1):
        files[f"customXml/item{i}.xml"] = item.encode()
        files[f"customXml/itemProps{i}.xml"] = item_props(i, schema).encode()
        files[f"customXml/_rels/item{i}.xml.rels"] = _rels([_rel("rId1", "customXmlProps", f"itemProps{i}.xml")]).encode()
        overrides[f"/customXml/itemProps{i}.xml"] = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
        doc_rels.append(_rel(f"rId{40 + i}", "customXml", f"../customXml/item{i}.xml"))
    if word.custom:
        files["docProps/custom.xml"] = custom_properties(word.custom).encode()
        overrides["/docProps/custom.xml"] = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
        root_rels.append(_rel("rId4", "custom-properties", "docProps/custom.xml"))
    if word.thumbnail:
        files["docProps/thumbnail.jpeg"] = word.thumbnail
        root_rels.append(
            _rel("rId5", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail", "docProps/thumbnail.jpeg")
        )
    if word.glossary:
        files["word/glossary/document.xml"] = _story("glossaryDocument", f"<w:docParts>{word.glossary}</w:docParts>").encode()
        files["word/glossary/styles.xml"] = STYLES.format(extra="").encode()
        files["word/glossary/_rels/document.xml.rels"] = _rels([_rel("rId1", "styles", "styles.xml")]).encode()
        overrides["/word/glossary/document.xml"] = f"{CT_BASE}.document.glossary+xml"
        overrides["/word/glossary/styles.xml"] = f"{CT_BASE}.styles+xml"
        doc_rels.append(_rel("rId50", "glossaryDocument", "glossary/document.xml"))
    if word.people:
        people = "".join(
            f'<w15:person w15:author="{escape(p)}"><w15:presenceInfo w15:providerId="None" w15:userId="{escape(p)}"/></w15:person>'
            for p in word.people
        )
        files["word/people.xml"] = (
            f'{XML}<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">{people}</w15:people>'
        ).encode()
        overrides["/word/people.xml"] = f"{CT_BASE}.people+xml"
        doc_rels.append(_rel("rId51", "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"))
    for i, (name, ctype, data, rtype) in enumerate(word.parts, start=60):
        files[name] = data
        overrides["/" + name] = ctype
        if rtype:
            target = name.removeprefix("word/") if name.startswith("word/") else "../" + name
            doc_rels.append(_rel(f"rId{i}", rtype, target))
    sect = f'<w:sectPr>{sect_refs}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
    document = f"{XML}<w:document {NS}>{word.background}<w:body>{body}{sect}</w:body></w:document>"
    types = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
    content_types = (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Default Extension="png" ContentType="image/png"/><Default Extension="htm" ContentType="application/xhtml+xml"/>'
        f"{types}</Types>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", _rels(root_rels + ([word.raw_root_rels] if word.raw_root_rels else [])))
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", _rels(doc_rels))
        zf.writestr("word/styles.xml", STYLES.format(extra=word.styles))
        zf.writestr("word/settings.xml", settings(word.settings))
        zf.writestr("word/webSettings.xml", WEB_SETTINGS)
        zf.writestr("word/fontTable.xml", FONT_TABLE)
        zf.writestr("word/theme/theme1.xml", THEME)
        zf.writestr("docProps/core.xml", core(creator=word.core_creator))
        zf.writestr("docProps/app.xml", APP)
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def run(text: str, rpr: str = "") -> str:
    """One run with optional run properties (raw ``w:rPr`` children)."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*runs: str, ppr: str = "") -> str:
    """A paragraph of runs (strings are plain runs); ``ppr``: raw ``w:pPr`` children."""
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f'<w:p w14:paraId="1A2B3C4D" w14:textId="77777777">{props}{body}</w:p>'


def table(rows: list[list[str]], *, style: str = "TableGrid", look: str = "04A0", cell_pr: dict[tuple[int, int], str] | None = None) -> str:
    """A table of paragraphs' XML (each cell a paragraph XML string); ``cell_pr`` adds raw ``w:tcPr`` children."""
    cell_pr = cell_pr or {}
    body = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/>{cell_pr.get((r, c), "")}</w:tcPr>{cell}</w:tc>' for c, cell in enumerate(row)
        )
        + "</w:tr>"
        for r, row in enumerate(rows)
    )
    first = "1" if int(look, 16) & 0x20 else "0"
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="{look}" '
        f'w:firstRow="{first}" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid>{body}</w:tbl>'
    )


def picture(rid: str, descr: str, title: str = "", name: str = "Picture 1") -> str:
    """An inline picture run as Word writes it (``wp:docPr`` and ``pic:cNvPr`` carry the alt text)."""
    t = f' title="{escape(title)}"' if title else ""
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1828800" cy="1371600"/>'
        f'<wp:docPr id="1" name="{name}" descr="{escape(descr)}"{t}/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="1" name="{name}" descr="{escape(descr)}"{t}/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="1828800" cy="1371600"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


#: EMU per centimetre (DrawingML lengths).
CM = 360_000


def anchor(
    graphic: str,
    *,
    name: str,
    cx: int,
    cy: int,
    h: tuple[str, int | str] = ("column", 0),
    v: tuple[str, int | str] = ("paragraph", 0),
    wrap: str = "<wp:wrapNone/>",
    behind: bool = False,
    shape_id: int = 1,
) -> str:
    """A ``wp:anchor`` as Word writes it: ``h``/``v`` are (relativeFrom, offset in EMU or an alignment word)."""

    def position(axis: str, where: tuple[str, int | str]) -> str:
        inner = f"<wp:posOffset>{where[1]}</wp:posOffset>" if isinstance(where[1], int) else f"<wp:align>{where[1]}</wp:align>"
        return f'<wp:position{axis} relativeFrom="{where[0]}">{inner}</wp:position{axis}>'

    return (
        f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="25165{8240 + shape_id}" '
        f'behindDoc="{int(behind)}" locked="0" layoutInCell="1" allowOverlap="1" wp14:anchorId="5C3E1A{shape_id:02d}" '
        f'wp14:editId="0D4F2B{shape_id:02d}"><wp:simplePos x="0" y="0"/>{position("H", h)}{position("V", v)}'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>{wrap}'
        f'<wp:docPr id="{shape_id}" name="{escape(name)}"/><wp:cNvGraphicFramePr/>{graphic}'
        '<wp14:sizeRelH relativeFrom="margin"><wp14:pctWidth>0</wp14:pctWidth></wp14:sizeRelH>'
        '<wp14:sizeRelV relativeFrom="margin"><wp14:pctHeight>0</wp14:pctHeight></wp14:sizeRelV></wp:anchor>'
    )


def wps_shape(cx: int, cy: int, fill: str, *, text: str = "", prst: str = "rect") -> str:
    """A Word 2010+ shape (``wps:wsp``) with Word's default style; ``fill``: raw spPr fill (``<a:solidFill>...``)."""
    box = f"<wps:txbx><w:txbxContent>{text}</w:txbxContent></wps:txbx>" if text else ""
    flag = ' txBox="1"' if text else ""
    return (
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f"<wps:cNvSpPr{flag}/>"
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>{fill}<a:ln w="12700"><a:solidFill><a:schemeClr val="tx1"/>'
        '</a:solidFill></a:ln></wps:spPr><wps:style><a:lnRef idx="2"><a:schemeClr val="accent1"><a:shade val="50000"/></a:schemeClr>'
        '</a:lnRef><a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/>'
        '</a:effectRef><a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></wps:style>'
        f'{box}<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="ctr">'
        "<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>"
    )


def pic_graphic(rid: str, cx: int, cy: int, name: str = "Picture 1") -> str:
    """The ``a:graphic`` of a picture (``pic:pic``) as Word writes it."""
    return (
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="0" name="{escape(name)}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        "</a:graphicData></a:graphic>"
    )


def shape_run(drawing_anchor: str, vml: str = "") -> str:
    """A run holding a floating object; with ``vml``, as Word 2010+ writes shapes (``mc:AlternateContent``, VML fallback)."""
    drawing = f"<w:drawing>{drawing_anchor}</w:drawing>"
    if not vml:
        return f"<w:r><w:rPr><w:noProof/></w:rPr>{drawing}</w:r>"
    return (
        f'<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback><w:pict>{vml}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def vml_rect(style: str, fill: str = 'fillcolor="black [3213]"', name: str = "Rectangle 1", wrap: str = "") -> str:
    """A VML rectangle as Word writes it (``style``: the CSS position and size)."""
    return (
        f'<v:rect id="{escape(name)}" o:spid="_x0000_s1026" style="{style}" {fill} strokecolor="black [3213]" strokeweight="1pt">'
        f"{wrap}</v:rect>"
    )


def png(size: tuple[int, int], colour: tuple[int, ...], mode: str = "RGB", ink: tuple[int, ...] | None = None) -> bytes:
    """A PNG of one colour (``ink``: a diagonal stroke across it, like a signature)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new(mode, size, colour)
    if ink:
        ImageDraw.Draw(image).line([(4, size[1] - 6), (size[0] // 2, 6), (size[0] - 4, size[1] // 2)], fill=ink, width=4)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()

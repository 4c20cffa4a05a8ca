"""`foilog redact` through the command line: copies, refusals, --boxes, --into, the proof and the report.

Images go through the real image cleaner; PDFs, spreadsheets and Word files through
fake cleaners registered in the dispatch table (their own tests cover the real ones),
so these tests pin the command's behaviour whatever the cleaners do.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import image_builders as ib
import pdf_builders as pb
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader, PdfWriter

from foilog.commands.cli import main
from foilog.gate.redact import dispatch
from foilog.gate.redact.model import CannotClean, Cleaned, RedactOptions, Removal
from foilog.log.yamlload import load_yaml

TOP = pb.HEIGHT  # PDF y grows upwards; --boxes measure down from the top
NAME_LINE = 6


def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, ["redact", *map(str, args)], env={"CI": "", "GITHUB_ACTIONS": "", **(env or {})})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _image(folder: Path, name: str = "photo.jpg") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return ib.write(folder, name, ib.gps_jpeg())


def _name_box() -> tuple[float, float, float, float]:
    """The requester's name on the letter, as a --boxes rectangle (points from the top-left)."""
    x, y, w, h = pb.span(NAME_LINE, pb.NAME)
    return x, TOP - (y + h), x + w, TOP - y


def _letter(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return pb.pdf(folder / "letter.pdf", pb.letter)


def _fake_pdf_cleaner(data: bytes, options: RedactOptions) -> Cleaned:
    """What a good PDF cleaner does: the name gone from the text, an opaque box where it was."""
    del data
    out = io.BytesIO()
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(out, pagesize=pb.A4)
    pb.letter(c, removed={NAME_LINE: [pb.NAME]})
    for box in options.boxes:
        c.setFillColorRGB(0, 0, 0)
        c.rect(box.x0, TOP - box.y1, box.x1 - box.x0, box.y1 - box.y0, stroke=0, fill=1)
    c.showPage()
    c.save()
    return Cleaned(data=out.getvalue(), removals=(Removal("page 1", "characters under a box", pb.NAME),), notes=("A fake cleaner.",))


def _lazy_pdf_cleaner(data: bytes, options: RedactOptions) -> Cleaned:
    """What a bad tool does: a black box stamped over the name with pypdf, the text left underneath."""
    from reportlab.pdfgen.canvas import Canvas

    x0, y0, x1, y1 = _name_box()
    overlay = io.BytesIO()
    c = Canvas(overlay, pagesize=pb.A4)
    c.setFillColorRGB(0, 0, 0)
    c.rect(x0, TOP - y1, x1 - x0, y1 - y0, stroke=0, fill=1)
    c.showPage()
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.pages[0].merge_page(PdfReader(overlay).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return Cleaned(data=out.getvalue(), removals=(Removal("page 1", "a box drawn"),))


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(dispatch.CLEANERS, "pdf", _fake_pdf_cleaner)


# -- images, the real cleaner --------------------------------------------------------------------


def test_an_image_gets_a_clean_copy_beside_it_and_a_report(tmp_path: Path) -> None:
    photo = _image(tmp_path / "in")
    original = photo.read_bytes()
    result = run(photo)
    assert result.exit_code == 0, result.output
    copy = tmp_path / "in" / "photo.clean.jpg"
    assert copy.is_file() and photo.read_bytes() == original
    assert "clean" in result.stdout and "photo.clean.jpg" in result.stdout
    report = (tmp_path / "in" / "redact-report.md").read_text("utf-8")
    assert report.startswith("# foilog redact report")
    assert "GPS position" in report and "finds no hidden content" in report and "the original had 1" in report


def test_never_over_an_existing_file_unless_it_is_the_same_copy(tmp_path: Path) -> None:
    photo = _image(tmp_path)
    copy = tmp_path / "photo.clean.jpg"
    copy.write_bytes(b"someone else's file")
    result = run(photo)
    assert result.exit_code == 1
    assert "already exists" in result.output and copy.read_bytes() == b"someone else's file"
    copy.unlink()
    assert run(photo).exit_code == 0
    first = copy.read_bytes()
    again = run(photo)
    assert again.exit_code == 0, again.output
    assert copy.read_bytes() == first


def test_out_puts_copies_and_report_in_the_folder(tmp_path: Path) -> None:
    photo = _image(tmp_path / "in")
    png = ib.write(tmp_path / "in", "chart.png", ib.png([("tEXt", "Author", ib.PHOTOGRAPHER)]))
    result = run(photo, png, "--out", tmp_path / "clean")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "clean").iterdir()) == ["chart.clean.png", "photo.clean.jpg", "redact-report.md"]
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["chart.png", "photo.jpg"]
    report = (tmp_path / "clean" / "redact-report.md").read_text("utf-8")
    assert "J*** H******" in report and ib.PHOTOGRAPHER not in report


def test_unmask_shows_the_removed_text_but_not_in_ci(tmp_path: Path) -> None:
    png = ib.write(tmp_path, "chart.png", ib.png([("tEXt", "Author", ib.PHOTOGRAPHER)]))
    refused = run(png, "--unmask", env={"CI": "true"})
    assert refused.exit_code == 2 and "refused in CI" in refused.output
    shown = run(png, "--unmask", "--dry-run")
    assert shown.exit_code == 0 and ib.PHOTOGRAPHER in shown.stdout


def test_dry_run_writes_nothing_and_says_what_would_go(tmp_path: Path) -> None:
    png = ib.write(tmp_path, "chart.png", ib.png([("tEXt", "Author", ib.PHOTOGRAPHER)]))
    result = run(png, "--dry-run")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png"]
    assert "would be clean" in result.stdout and "Author" in result.stdout and "J*** H******" in result.stdout
    assert ib.PHOTOGRAPHER not in result.stdout


# -- --into ------------------------------------------------------------------------------------------

RESPONSE_YML = """\
# yaml-language-server: $schema=../../../response.schema.json
reference: NCC/FOI/26/0042
title: Gritting routes on rural roads   # as the requester put it
attachments:
  - path: attachments/routes.csv
    title: Gritting routes 2026/27

# reviewed by the information team
acknowledgements: []
"""


def test_into_adds_the_copy_to_the_response_and_never_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "responses" / "2026" / "ncc-foi-26-0042"
    (folder / "attachments").mkdir(parents=True)
    (folder / "response.yml").write_text(RESPONSE_YML, encoding="utf-8")
    photo = _image(tmp_path / "incoming", "Depot photo.jpg")
    result = run(photo, "--into", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "attachments").iterdir()) == ["Depot-photo.clean.jpg"]
    text = (folder / "response.yml").read_text("utf-8")
    assert text.startswith(RESPONSE_YML.split("\n# reviewed")[0])
    assert "# reviewed by the information team\nacknowledgements: []" in text and "# as the requester put it" in text
    data = load_yaml(text.encode()).data
    assert isinstance(data, dict)
    assert data["attachments"][-1] == {"path": "attachments/Depot-photo.clean.jpg", "title": "Depot photo"}
    assert len(data["attachments"]) == 2
    assert not any(p.name == "Depot photo.jpg" for p in tmp_path.joinpath("responses").rglob("*"))
    assert (tmp_path / "incoming" / "redact-report.md").is_file()
    again = run(photo, "--into", folder)
    assert again.exit_code == 0 and (folder / "response.yml").read_text("utf-8") == text


def test_into_a_response_without_attachments_adds_the_list(tmp_path: Path) -> None:
    folder = tmp_path / "responses" / "2026" / "x"
    folder.mkdir(parents=True)
    (folder / "response.yml").write_text("reference: X/1\nattachments: []\n", encoding="utf-8")
    result = run(_image(tmp_path / "in"), "--into", folder, "--out", tmp_path / "report")
    assert result.exit_code == 0, result.output
    assert load_yaml((folder / "response.yml").read_bytes()).data == {
        "reference": "X/1",
        "attachments": [{"path": "attachments/photo.clean.jpg", "title": "Photo"}],
    }


def test_into_from_inside_the_log_keeps_the_report_out_of_it(tmp_path: Path) -> None:
    folder = tmp_path / "responses" / "2026" / "x"
    (folder / "attachments").mkdir(parents=True)
    (folder / "response.yml").write_text(
        "reference: X/1\nattachments:\n  - path: attachments/photo.jpg\n    title: The depot\n", encoding="utf-8"
    )
    photo = _image(folder / "attachments")
    result = run(photo, "--into", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "attachments").iterdir()) == ["photo.clean.jpg", "photo.jpg"]
    assert not list(tmp_path.rglob("redact-report.md")) and "Report: " in result.stdout
    report = Path(result.stdout.split("Report: ")[1].split(" (")[0])
    assert report.is_file() and report.parent.name.startswith("foilog-redact-")
    shutil.rmtree(report.parent)
    assert "is still in the response: remove it" in result.stdout
    data = load_yaml((folder / "response.yml").read_bytes()).data
    assert isinstance(data, dict) and data["attachments"][1] == {"path": "attachments/photo.clean.jpg", "title": "The depot"}


def test_into_needs_a_response_folder(tmp_path: Path) -> None:
    result = run(_image(tmp_path / "in"), "--into", tmp_path)
    assert result.exit_code == 2 and "no response.yml" in result.output


def test_without_into_nothing_is_written_inside_responses(tmp_path: Path) -> None:
    photo = _image(tmp_path / "responses" / "2026" / "x" / "attachments")
    result = run(photo)
    assert result.exit_code == 2 and "inside responses/" in result.output
    assert sorted(p.name for p in photo.parent.iterdir()) == ["photo.jpg"]


# -- --boxes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("b.yml", "- page: 1\n  x0: 10\n  y0: 10\n  x1: 5\n  y1: 20\n", ":1: [0].x1: expected x1 greater than x0"),
        (
            "b.yml",
            "- page: 1\n  x0: 10\n  y0: 10\n  x1: 50\n  y1: 20\n- page: two\n  x0: 1\n  y0: 1\n  x1: 2\n  y1: 2\n",
            ":6: [1].page: expected a whole page number",
        ),
        ("b.yml", "- page: 1\n  x0: 10\n  y0: 10\n  x1: 50\n", ":1: [0].y1: missing; expected a number of points from the top-left corner"),
        (
            "b.yml",
            "boxes:\n  - page: 1\n    x0: 1\n    y0: 1\n    x1: 2\n    y1: 2\n    colour: red\n",
            ":2: boxes[0].colour: unknown field",
        ),
        ("b.yml", "- page: 1\n  x0: [1\n", ":2: malformed YAML"),
        ("b.yml", "page: 1\n", ":1: expected a list of boxes"),
        ("b.csv", "page,x0,y0,x1,y1,label\n1,10,10,50,20,s40(2)\n1,10,abc,50,20,\n", ":3: row 3.y0: expected a number of points"),
        ("b.csv", "page,x0,y0,x1,y1,size\n", ":1: unknown column 'size'"),
        (
            "b.yml",
            "- file: other.pdf\n  page: 1\n  x0: 1\n  y0: 1\n  x1: 2\n  y1: 2\n",
            ":1: file: 'other.pdf' is not one of the files given",
        ),
    ],
)
def test_a_bad_boxes_file_names_file_line_field_and_what_was_expected(tmp_path: Path, name: str, text: str, expected: str) -> None:
    boxes = tmp_path / name
    boxes.write_text(text, encoding="utf-8")
    result = run(_letter(tmp_path / "in"), "--boxes", boxes, "--dry-run")
    assert result.exit_code == 2, result.output
    assert f"{boxes}{expected}" in result.output
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["letter.pdf"]


# -- the proof and the report, with fake PDF cleaners ---------------------------------------------------


def _boxes_file(tmp_path: Path) -> Path:
    x0, y0, x1, y1 = _name_box()
    path = tmp_path / "boxes.yml"
    path.write_text(f"- file: letter.pdf\n  page: 1\n  x0: {x0}\n  y0: {y0}\n  x1: {x1}\n  y1: {y1}\n  label: s40(2)\n", encoding="utf-8")
    return path


def test_a_pdf_copy_is_proved_and_reported_with_before_and_after_pictures(tmp_path: Path, fake_pdf: None) -> None:
    letter = _letter(tmp_path / "in")
    result = run(letter, "--boxes", _boxes_file(tmp_path), "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "out" / "letter.clean.pdf"
    text = "".join(page.extract_text() for page in PdfReader(copy).pages)
    assert pb.NAME not in text and pb.OTHER in text
    report = (tmp_path / "out" / "redact-report.md").read_text("utf-8")
    assert "## letter.pdf: clean" in report and "J*** H******" in report and pb.NAME not in report
    for side in ("before", "after"):
        picture = tmp_path / "out" / f"letter-pdf-page-1-{side}.png"
        assert picture.read_bytes().startswith(b"\x89PNG")
        assert f"]({picture.name})" in report


def test_a_copy_that_still_fails_the_gate_is_failed_and_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(dispatch.CLEANERS, "pdf", _lazy_pdf_cleaner)
    letter = _letter(tmp_path / "in")
    result = run(letter, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "FAILED" in result.stdout and "pdf-text-under-box" in result.stdout
    assert not (tmp_path / "out" / "letter.clean.pdf").exists()
    report = (tmp_path / "out" / "redact-report.md").read_text("utf-8")
    assert "## letter.pdf: FAILED" in report and "### Why the copy failed" in report and "still refuses" in report
    assert (tmp_path / "out" / "letter-pdf-page-1-before.png").is_file()  # the pictures help to see why


def test_boxes_go_to_the_file_they_name_and_are_noted_unused_for_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[int, RedactOptions] = {}

    def recording(data: bytes, options: RedactOptions) -> Cleaned:
        seen[len(seen)] = options
        return _fake_pdf_cleaner(data, options)

    monkeypatch.setitem(dispatch.CLEANERS, "pdf", recording)
    letter = _letter(tmp_path / "in")
    other = pb.pdf(tmp_path / "in" / "other.pdf", pb.letter)
    photo = _image(tmp_path / "in")
    boxes = tmp_path / "boxes.csv"
    boxes.write_text("file,page,x0,y0,x1,y1,label\nletter.pdf,1,72,600,200,620,s40(2)\n,2,10,10,20,20,\n", encoding="utf-8")
    result = run(letter, other, photo, "--boxes", boxes, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [len(o.boxes) for o in seen.values()] == [2, 1]
    assert seen[0].boxes[0].label == "s40(2)" and seen[0].boxes[0].y0 == 600
    report = (tmp_path / "out" / "redact-report.md").read_text("utf-8")
    assert "boxes apply to PDF pages only" in report


def test_the_bytes_decide_the_kind_not_the_name(tmp_path: Path, fake_pdf: None) -> None:
    letter = _letter(tmp_path / "in")
    disguised = letter.rename(tmp_path / "in" / "letter.jpg")
    result = run(disguised, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "letter.clean.pdf").is_file()


# -- files foilog cannot clean: one clear line each, never a traceback ------------------------------------


def test_kinds_without_a_cleaner_are_clear_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "list.csv").write_text("name,role\nA,B\n", encoding="utf-8")
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setitem(dispatch.CLEANERS, "word", "foilog.gate.redact.no_such_module")
    docx = folder / "letter.docx"
    import zipfile

    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    photo = _image(folder)
    result = run(*sorted(folder.iterdir()), "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith(str(folder / "list.csv")) and "foilog cannot clean CSV files" in line for line in lines)
    assert any("blob.bin" in line and "foilog cannot clean unrecognised files" in line for line in lines)
    assert any("old.doc" in line and "save it again as .xlsx or .docx" in line for line in lines)
    assert any("letter.docx" in line and "foilog cannot clean Word (.docx) files yet" in line for line in lines)
    assert (tmp_path / "out" / "photo.clean.jpg").is_file()
    assert photo.is_file()


def test_a_cleaner_that_breaks_is_reported_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, options: RedactOptions) -> Cleaned:
        raise KeyError("/Contents")

    def refusing(data: bytes, options: RedactOptions) -> Cleaned:
        raise CannotClean("the PDF is encrypted; remove the password and rerun")

    letter = _letter(tmp_path / "in")
    monkeypatch.setitem(dispatch.CLEANERS, "pdf", broken)
    result = run(letter, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "bug in foilog" in result.stdout
    monkeypatch.setitem(dispatch.CLEANERS, "pdf", refusing)
    result = run(letter, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "encrypted" in result.stdout
    assert not (tmp_path / "out" / "letter.clean.pdf").exists()


def test_two_inputs_with_one_copy_name_and_a_foreign_report_are_usage_errors(tmp_path: Path) -> None:
    first, second = _image(tmp_path / "a"), _image(tmp_path / "b")
    result = run(first, second, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "would both be copied to" in result.output
    (tmp_path / "notes.md").write_text("# My notes\n", encoding="utf-8")
    result = run(first, "--out", tmp_path / "out", "--report", tmp_path / "notes.md")
    assert result.exit_code == 2 and "is not a foilog redact report" in result.output
    assert (tmp_path / "notes.md").read_text("utf-8") == "# My notes\n" and not (tmp_path / "out").exists()


def test_a_file_given_twice_or_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    photo = _image(tmp_path / "in")
    result = run(photo, photo)
    assert result.exit_code == 2 and "given twice" in result.output
    result = run(tmp_path / "in")
    assert result.exit_code == 2 and "is a folder" in result.output


def test_extra_files_of_a_cleaner_are_proved_written_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--to-csv: the spreadsheet cleaner's CSVs go beside the copy, through the gate, and --into lists them."""
    import openpyxl

    def spreadsheet(data: bytes, options: RedactOptions) -> Cleaned:
        assert options.to_csv and options.keep_hidden
        return Cleaned(data=data, removals=(Removal("sheet 'Staff'", "hidden sheet"),), extra={"../Routes.csv": b"road,day\nA1,Monday\n"})

    monkeypatch.setitem(dispatch.CLEANERS, "spreadsheet", spreadsheet)
    book = openpyxl.Workbook()
    book.active.append(["road", "day"])
    (tmp_path / "in").mkdir()
    book.save(tmp_path / "in" / "routes.xlsx")
    folder = tmp_path / "responses" / "2026" / "x"
    folder.mkdir(parents=True)
    (folder / "response.yml").write_text(
        "reference: X/1\nattachments:\n- path: attachments/old.pdf\n  title: Old\n# the end\n", encoding="utf-8"
    )
    result = run(tmp_path / "in" / "routes.xlsx", "--to-csv", "--keep-hidden", "--into", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "attachments").iterdir()) == ["Routes.csv", "routes.clean.xlsx"]
    text = (folder / "response.yml").read_text("utf-8")
    assert text.endswith("# the end\n")
    data = load_yaml(text.encode()).data
    assert isinstance(data, dict)
    assert [a["path"] for a in data["attachments"]] == ["attachments/old.pdf", "attachments/routes.clean.xlsx", "attachments/Routes.csv"]
    assert data["attachments"][2]["title"] == "Routes (Routes.csv)"


def test_a_response_yml_that_does_not_load_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "responses" / "2026" / "x"
    folder.mkdir(parents=True)
    broken = "reference: 'X/1\nattachments: []\n"
    (folder / "response.yml").write_text(broken, encoding="utf-8")
    result = run(_image(tmp_path / "in"), "--into", folder)
    assert result.exit_code == 2 and "response.yml:1" in result.output
    assert (folder / "response.yml").read_text("utf-8") == broken
    assert sorted(p.name for p in folder.iterdir()) == ["response.yml"]

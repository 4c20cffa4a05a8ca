"""Images: photos and charts as phones, cameras, photo libraries and editors write them.

The mistakes are the ones FOI teams really make with pictures: a press or site
photo published with the photographer's IPTC by-line, a caption or keywords
naming the people in it, a number plate and a face blurred in the picture while
the camera's EXIF thumbnail still shows them, a chart whose PNG text chunks name
its author, a phone photo's GPS position. The correct look-alikes are what a
careful export leaves: no metadata, or only camera make, date and orientation,
or only the software's name, or an organisation's credit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from image_builders import (
    EMAIL,
    PHOTOGRAPHER,
    RESIDENT,
    blur_plate_and_face,
    camera_jpeg,
    exif_jpeg,
    gif,
    gps_jpeg,
    iptc_jpeg,
    photoshop_thumbnail_jpeg,
    png,
    street_scene,
    tiff,
    webp,
    write,
    xmp_jpeg,
    xmp_packet,
)
from PIL import Image

from corpus import Case, bad, good


def _file(name: str, make: Callable[[], bytes]) -> Callable[[Path], Path]:
    return lambda folder: write(folder, name, make())


def _blurred_with_thumbnail() -> bytes:
    original = street_scene()
    return camera_jpeg(blur_plate_and_face(original), thumbnail_from=original)


def _cropped_with_thumbnail() -> bytes:
    original = street_scene()
    return camera_jpeg(original.crop((0, 0, 400, 480)), thumbnail_from=original)


def _webp_exif_artist() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = PHOTOGRAPHER
    return webp(exif=exif)


def _stripped_webp() -> bytes:
    return webp()


def _clean_jpeg(folder: Path) -> Path:
    path = folder / "site-photo.jpg"
    street_scene().save(path, "JPEG", quality=85)
    return path


_LIGHTROOM_PEOPLE = (
    "<dc:creator><rdf:Seq><rdf:li>Northshire County Council</rdf:li></rdf:Seq></dc:creator>"
    f"<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>{RESIDENT}</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>"
)

BAD: list[Case] = [
    bad(
        "image-iptc-byline",
        _file("press-photo.jpg", lambda: iptc_jpeg([(80, PHOTOGRAPHER), (90, "Kingsford"), (120, "Resurfacing works on the B1234")])),
        "image-iptc",
        where=("IPTC", "By-line"),
        story="a site photo from the press office keeps the photographer's IPTC by-line (Photo Mechanic, Photoshop File Info)",
    ),
    bad(
        "image-iptc-caption-names-person",
        _file("collision.jpg", lambda: iptc_jpeg([(120, f"Mr {RESIDENT} at the scene"), (105, "Collision on Mill Lane")])),
        "image-iptc",
        where=("IPTC", "Caption/Abstract"),
        story="the caption written for the internal case file names the man in the photo",
    ),
    bad(
        "image-iptc-keywords-name",
        _file("flytipping.jpg", lambda: iptc_jpeg([(25, "fly-tipping"), (25, "Kingsford"), (25, RESIDENT), (25, "enforcement")])),
        "image-iptc",
        where=("IPTC", "Keywords"),
        story="a photo library tags the person in the picture by name among the keywords",
    ),
    bad(
        "image-exif-thumbnail-unblurred",
        _file("vehicle.jpg", _blurred_with_thumbnail),
        "image-thumbnail",
        where=("EXIF thumbnail",),
        story="number plate and face blurred in an editor that kept the camera's EXIF thumbnail of the original",
    ),
    bad(
        "image-exif-thumbnail-uncropped",
        _file("cropped.jpg", _cropped_with_thumbnail),
        "image-thumbnail",
        where=("EXIF thumbnail",),
        story="a bystander cropped out of the picture is still in the thumbnail",
    ),
    bad(
        "image-photoshop-thumbnail",
        _file("edited.jpg", lambda: photoshop_thumbnail_jpeg(blur_plate_and_face(street_scene()), street_scene())),
        "image-thumbnail",
        where=("Photoshop thumbnail",),
        story="Photoshop's Save As keeps a thumbnail resource made before the blur",
    ),
    bad(
        "image-png-author",
        _file("chart.png", lambda: png([("tEXt", "Author", PHOTOGRAPHER), ("tEXt", "Software", "matplotlib version3.8.2")])),
        "image-metadata",
        where=("PNG text chunk Author",),
        story="a chart saved with its author in a PNG tEXt chunk",
    ),
    bad(
        "image-png-itxt-email",
        _file("screenshot.png", lambda: png([("iTXt", "Description", f"Screenshot sent by {EMAIL}")])),
        "image-metadata",
        where=("Description",),
        story="a screenshot tool stores where it came from in an iTXt Description",
    ),
    bad(
        "image-png-ztxt-comment-names",
        _file("plan.png", lambda: png([("zTXt", "Comment", f"Boundary as agreed with Mr {RESIDENT}")])),
        "image-metadata",
        where=("Comment",),
        story="a compressed zTXt comment names the neighbour",
    ),
    bad(
        "image-webp-xmp-creator",
        _file("photo.webp", lambda: webp(xmp=xmp_packet(f"<dc:creator><rdf:Seq><rdf:li>{PHOTOGRAPHER}</rdf:li></rdf:Seq></dc:creator>"))),
        "image-metadata",
        where=("XMP creator",),
        story="a WebP export from Lightroom keeps the creator in its XMP chunk",
    ),
    bad(
        "image-webp-exif-artist",
        _file("upload.webp", _webp_exif_artist),
        "image-metadata",
        where=("Artist",),
        story="a WebP converted from a camera JPEG keeps the EXIF Artist in its EXIF chunk",
    ),
    bad(
        "image-xmp-person-in-image",
        _file("lightroom.jpg", lambda: xmp_jpeg(_LIGHTROOM_PEOPLE)),
        "image-metadata",
        where=("PersonInImage",),
        story="Lightroom's face tagging writes the person shown into IPTC Extension PersonInImage",
    ),
    bad(
        "image-jpeg-gps",
        _file("pothole.jpg", gps_jpeg),
        "image-gps",
        where=("GPS position",),
        story="a phone photo of a pothole outside someone's house records where it was taken",
    ),
    bad(
        "image-tiff-artist",
        _file("scan.tif", lambda: tiff(Artist=PHOTOGRAPHER, Software="EPSON Scan")),
        "image-metadata",
        where=("Artist",),
        story="scanner software stamps the operator's name into the TIFF Artist tag",
    ),
    bad(
        "image-gif-comment",
        _file("map.gif", lambda: gif(f"Site visit with Mr {RESIDENT}")),
        "image-metadata",
        where=("Comment",),
        story="a GIF comment extension names the resident",
    ),
]

GOOD: list[Case] = [
    good("image-clean-jpeg", _clean_jpeg, story="a JPEG straight from an editor's export with metadata switched off"),
    good(
        "image-png-software-only",
        _file("chart-clean.png", lambda: png([("tEXt", "Software", "GIMP 2.10.36"), ("tEXt", "Creation Time", "Thu 14 Mar 2024 10:12")])),
        story="a chart whose only text chunks are the software and the time it was made",
    ),
    good(
        "image-png-imagemagick-dates",
        _file(
            "resized.png",
            lambda: png([("tEXt", "date:create", "2024-03-14T10:12:00+00:00"), ("tEXt", "date:modify", "2024-03-14T10:12:00+00:00")]),
        ),
        story="ImageMagick's own date chunks after a resize",
    ),
    good(
        "image-jpeg-camera-basics",
        _file("exif-basic.jpg", exif_jpeg),
        story="EXIF with orientation, date and camera make and model only (a phone app's 'remove location')",
    ),
    good("image-webp-stripped", _file("photo-clean.webp", _stripped_webp), story="a WebP with no EXIF or XMP chunks"),
    good(
        "image-iptc-council-credit",
        _file(
            "council-photo.jpg",
            lambda: iptc_jpeg(
                [
                    (110, "Northshire County Council"),
                    (116, "© 2024 Northshire County Council"),
                    (120, "Victoria Station forecourt after resurfacing"),
                    (25, "Grace Road"),
                    (25, "road safety"),
                ]
            ),
        ),
        allowed={"image-iptc"},
        story="a council photo credited to the council, captioned with a station and a street named after people",
    ),
]

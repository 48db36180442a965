"""HTML to PDF with WeasyPrint. Images can be handed over by name (`<img src="image:NAME">`),
files are read from disk, and nothing is fetched from the network."""

from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

IMAGE_SCHEME = "image:"
IMAGE_TYPES = {"<svg": "image/svg+xml", "\x89PNG": "image/png"}


def static_path(name) -> str:
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(f"static file {name!r} not found")
    return str(path)


class LocalFetcher(URLFetcher):
    """Named images from a dict, files from disk, data: URLs; every other URL is refused."""

    def __init__(self, images):
        super().__init__(allowed_protocols={"file", "data", IMAGE_SCHEME[:-1]})
        self.images = images

    def fetch(self, url, headers=None):
        if not url.startswith(IMAGE_SCHEME):
            return super().fetch(url, headers)
        image = self.images[url.removeprefix(IMAGE_SCHEME)]
        kind = next((t for start, t in IMAGE_TYPES.items() if image[:4] == start), None)
        body = image.encode() if isinstance(image, str) else image
        return URLFetcherResponse(url, body, {"Content-Type": kind or "image/svg+xml"})


def pdf_bytes(html: str, images=None) -> bytes:
    """Render a complete HTML document; `images` maps names to SVG text or PNG bytes."""
    return HTML(string=html, base_url=".", url_fetcher=LocalFetcher(images or {})).write_pdf()

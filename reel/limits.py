"""Limits that keep a hostile or broken file from exhausting memory."""

# A 300 dpi A0 scan is ~140 megapixels; anything beyond this is not a page scan and
# would cost gigabytes to decode.
MAX_PIXELS = 200_000_000

# The resolution every box in the app is measured in (DESIGN.md, conventions).
BASE_DPI = 300

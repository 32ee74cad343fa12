"""A small video to stand in for a webinar's recording in the demo and the tests: a
VP8 WebM whose frames show the title and the seconds counting, drawn with Pillow and
encoded with PyAV. No sound (a browser may play it without a click)."""

from __future__ import annotations

import io
import textwrap
from fractions import Fraction

import av
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 320, 180
FPS = 5


def sample_webm(title: str, seconds: int = 20) -> bytes:
    """A WebM video of `seconds` seconds (VP8, 320×180, 5 frames a second) showing
    `title` and a counter."""
    out = io.BytesIO()
    font = ImageFont.load_default(size=18)
    lines = textwrap.wrap(title, width=26)[:3]
    with av.open(out, mode="w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=FPS)
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "yuv420p"
        stream.options = {"deadline": "realtime", "cpu-used": "8"}
        stream.bit_rate = 150_000
        for number in range(seconds * FPS):
            image = Image.new("RGB", (WIDTH, HEIGHT), (20, 60, 110))
            draw = ImageDraw.Draw(image)
            for line_number, line in enumerate(lines):
                draw.text((16, 20 + 24 * line_number), line, fill="white", font=font)
            counter = f"{number // FPS // 60:02d}:{number // FPS % 60:02d}"
            draw.text((16, HEIGHT - 40), counter, fill=(255, 220, 90), font=font)
            frame = av.VideoFrame.from_image(image)
            frame.pts = number
            frame.time_base = Fraction(1, FPS)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()

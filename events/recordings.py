"""Reading an event's recording: whether a file is a real MP4 or WebM video, and how
long it lasts (PyAV reads the container's header, not the whole file).

The length is what the 90% rule of a webinar's recording measures against: a learner's
reflection counts only once most of the recording's length has passed since they
opened it (`events.attendance.recording_watched`).
"""

from __future__ import annotations

import logging
import math
from typing import IO

import av
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The containers a browser's <video> plays: PyAV (FFmpeg) names them by family.
CONTAINERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": "mp4",
    "matroska,webm": "webm",
}


def video_seconds(file: IO[bytes]) -> int:
    """The length in whole seconds (rounded up) of the MP4 or WebM video in `file`
    (an open binary file, read from its start). A ValidationError, with a message for
    the editor, when it is not one: another format, no video in it, or no length."""
    file.seek(0)
    try:
        with av.open(file, mode="r") as container:
            kind = CONTAINERS.get(container.format.name)
            if kind is None:
                raise ValidationError(
                    _("The recording must be an MP4 or WebM video."), code="format"
                )
            streams = container.streams.video
            if not streams:
                raise ValidationError(
                    _("The recording holds no video."), code="no_video"
                )
            seconds = _duration(container, streams[0])
    except av.FFmpegError as error:
        logger.info("Not a readable video: %s", error)
        raise ValidationError(
            _("The recording must be an MP4 or WebM video."), code="format"
        ) from error
    finally:
        file.seek(0)
    if seconds is None or seconds <= 0:
        raise ValidationError(
            _("The length of the recording cannot be read."), code="no_length"
        )
    return math.ceil(seconds)


def _duration(container, stream) -> float | None:
    """The container's length (microseconds in its header), else the stream's."""
    if container.duration:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def document_seconds(document) -> int | None:
    """The length of a stored document's video, or None when it is not a video whose
    length can be read (an editor chose another kind of file)."""
    try:
        with document.file.open("rb") as file:
            return video_seconds(file)
    except (ValidationError, OSError) as error:
        logger.warning("Recording %s: no length (%s)", document.pk, error)
        return None

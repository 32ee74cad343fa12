"""Settings for benchmarks: the test settings plus a URLconf with a hello-world view."""

from lms.settings.test import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
# The test settings run every task in-process; a benchmark with a broker measures the
# real worker (otherwise certificates would be "rendered" while they are issued).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL  # noqa: F405
DEBUG = False
AXES_ENABLED = (
    False  # 50 logins from one address in a second is the benchmark, not an attack
)

import warnings  # noqa: E402

# Static files are not collected for a benchmark; WhiteNoise would warn in every worker.
warnings.filterwarnings("ignore", message="No directory at")

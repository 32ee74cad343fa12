"""Settings for benchmarks: the test settings plus a URLconf with a hello-world view."""

from lms.settings.test import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
DEBUG = False
AXES_ENABLED = (
    False  # 50 logins from one address in a second is the benchmark, not an attack
)

import warnings  # noqa: E402

# Static files are not collected for a benchmark; WhiteNoise would warn in every worker.
warnings.filterwarnings("ignore", message="No directory at")

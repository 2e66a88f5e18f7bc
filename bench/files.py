"""The document vault for the benchmark: the upload and the download of a 15 MB scanned PDF,
timed end to end through the pages, with the memory they take.

The PDF is made here, once per run: pages of photographed noise (JPEG, as a scanner or a phone
writes them), so that neither cleaning nor sealing can shrink it.
"""

from __future__ import annotations

import gc
import io
import random
import resource
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bench.common import percentile, style
from bench.summaries import bench_case
from casework import actions
from casework.models import CaseFile, User

TARGET_MB = 15
PAGES = 15
# What "bounded" means here: the Python heap and the process's resident memory may grow by
# this much for a 15 MB file, whatever its size (the file is streamed, never held whole).
MEMORY_BUDGET_MB = 64


def noise_jpeg(seed: int, size: tuple[int, int] = (1000, 1414)) -> bytes:
    from PIL import Image

    # Reproducible noise, not a secret.
    pixels = random.Random(seed).randbytes(size[0] * size[1] * 3)  # noqa: S311
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, format="JPEG", quality=70)
    return out.getvalue()


def scanned_pdf(target_mb: int = TARGET_MB, pages: int = PAGES) -> bytes:
    """A PDF of `pages` pages of JPEG noise, about target_mb in all."""
    import pikepdf

    pdf = pikepdf.new()
    per_page = target_mb * 2**20 // pages
    for number in range(pages):
        jpeg = noise_jpeg(number)
        # Noise JPEGs come out at a size of their own: padded, each page weighs its share.
        data = jpeg + b"\0" * max(0, per_page - len(jpeg))
        image = pdf.make_stream(
            data,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=1000,
            Height=1414,
            ColorSpace=pikepdf.Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=pikepdf.Name.DCTDecode,
        )
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@dataclass
class FileResult:
    what: str
    times_ms: list[float]
    python_peak_mb: float
    rss_growth_mb: float

    @property
    def bounded(self) -> bool:
        return max(self.python_peak_mb, self.rss_growth_mb) <= MEMORY_BUDGET_MB


def measure(*, coordinator: User, requests: int) -> tuple[int, list[FileResult]]:
    case = bench_case("typical", coordinator)
    client = Client()
    client.force_login(coordinator)
    content = scanned_pdf()
    upload_url = reverse("casework:case_files", args=[case.pk])
    runs = max(3, requests // 10)

    def upload() -> CaseFile:
        response = client.post(
            upload_url,
            {
                "file": SimpleUploadedFile("scan.pdf", content, "application/pdf"),
                "kind": "court_decision",
                "title": "Benchmark scan",
            },
        )
        if response.status_code != 302:
            raise RuntimeError(f"The upload answered {response.status_code}.")
        return case.files.latest("pk")

    def download(file: CaseFile) -> int:
        url = reverse("casework:case_file", args=[case.pk, file.pk])
        return sum(len(chunk) for chunk in client.get(url).streaming_content)

    uploads = [timed_memory(upload) for _ in range(runs)]
    files = [file for file, *_ in uploads]
    downloads = [timed_memory(lambda file=file: download(file)) for file in files]
    for file in files:
        actions.remove_file(case=case, by=coordinator, file=file)
    return len(content), [
        FileResult("upload (clean, preview, seal, store)", *summarise(uploads)),
        FileResult("download (unseal, stream)", *summarise(downloads)),
    ]


def timed_memory(call) -> tuple:
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    result = call()
    elapsed = (time.perf_counter() - started) * 1000
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return result, elapsed, peak / 2**20, rss_growth / 1024


def summarise(runs: list[tuple]) -> tuple[list[float], float, float]:
    return (
        [elapsed for _, elapsed, _, _ in runs],
        max(peak for _, _, peak, _ in runs),
        max(rss for _, _, _, rss in runs),
    )


def print_table(size: int, results: list[FileResult]) -> None:
    print()
    print(
        f"{'Case file, ' + f'{size / 2**20:.1f} MB PDF':<38} {'median':>8} {'p95':>8} "
        f"{'py peak':>8} {'rss +':>7}  memory"
    )
    for r in results:
        verdict = style.SUCCESS("bounded") if r.bounded else style.ERROR("OVER BUDGET")
        print(
            f"{r.what:<38} {statistics.median(r.times_ms):>8.0f} "
            f"{percentile(r.times_ms, 95):>8.0f} {r.python_peak_mb:>6.1f}MB "
            f"{r.rss_growth_mb:>5.0f}MB  {verdict}"
        )
    print(
        f"Times in ms through the pages ({len(results[0].times_ms)} of each; tracing memory "
        "slows them a little). 'py peak' is the peak of Python allocations during one request "
        "(tracemalloc), the test client's request body (as big as the file) included; 'rss +' "
        "is how far the process's resident memory high-water mark rose. Bounded: neither above "
        f"{MEMORY_BUDGET_MB} MB for a file of {TARGET_MB} MB."
    )

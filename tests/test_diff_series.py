"""`foilog diff` over a series of commits, compared whole with the expected Markdown summary.

Each step is one commit of a small repository: add a response, change an
answer, withdraw a response, add an embargoed one. The summary of every step,
and of the whole series, must match the text below exactly (commit ids are
replaced by ``<commit>``), so any change to the reviewer's summary shows up
here as a diff to review.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from logbuilder import LogBuilder, variant
from test_diff import OTHER_SLUG, commit, git, other_yml, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

THIRD_SLUG = "ncc-foi-26-0099"


def third_yml() -> str:
    text = variant("reference: NCC/FOI/26/0042", "reference: NCC/FOI/26/0099")
    text = variant("title: Gritting routes on rural roads", "title: Salt stocks for winter 2026", text)
    return variant("outcome: granted-in-part", "outcome: granted-in-part\npublish_after: 2027-01-15", text)


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> LogBuilder:
    """main = the sample response; step1..step4 each add one commit."""
    builder = LogBuilder(tmp_path_factory.mktemp("series") / "repo")
    builder.valid()
    git(builder.root, "init", "-q", "-b", "main")
    commit(builder.root, "base")
    git(builder.root, "tag", "step0")
    steps = [
        lambda: builder.valid(other_yml(), slug=OTHER_SLUG),
        lambda: builder.valid(
            variant("answer: See the attached table of routes.", "answer: See the attached table of routes, updated in October.")
        ),
        lambda: builder.valid(
            other_yml() + "withdrawn:\n  date: 2026-11-20\n  reason: Published in error before the requester was told.\n",
            slug=OTHER_SLUG,
        ),
        lambda: builder.valid(third_yml(), slug=THIRD_SLUG),
    ]
    for number, step in enumerate(steps, start=1):
        step()
        commit(builder.root, f"step {number}")
        git(builder.root, "tag", f"step{number}")
    return builder


def summary(builder: LogBuilder, base: str, head: str) -> str:
    code, markdown, _ = run(builder, base, head, fmt="markdown")
    assert code == 0, markdown
    return re.sub(r"\\\(([0-9a-f]{12})\\\)", r"\\(<commit>\\)", markdown)


ADDED = """\
## What this change publishes

Comparing step0 \\(<commit>\\) with step1 \\(<commit>\\), as of 2026-11-26.

**1 added, 0 changed, 0 withdrawn, 0 corrected, 0 renamed, 0 deleted, 0 embargoed · 0 errors, 0 warnings, 0 acknowledged**

### Added (1)

| Reference | Title | Web address | Goes public |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | Pothole repairs in 2026 | \\/responses\\/2026\\/ncc\\-foi\\-26\\-0077\\/ | on merge |

### Possibly related to published responses (1)

These added responses ask questions like published ones. If one is a repeat, link it: paste the YAML into its response.yml (choose the kind that fits: `updates`, `repeat_of`, `same_question_as`, `refers_to`, `follow_up_of`). If not, ignore it: nothing needs recording.

#### NCC\\/FOI\\/26\\/0077: Pothole repairs in 2026

| Published response | Title | Score | Shared words | Suggested kind |
|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0042 | Gritting routes on rural roads | 1.00 | rural, road, gritter, grit, drive | same\\_question\\_as |

To link the closest, add to responses\\/2026\\/ncc\\-foi\\-26\\-0077\\/response\\.yml:

```yaml
related:
  - kind: same_question_as
    reference: NCC/FOI/26/0042
```

### Attachments of added and changed responses (1)

| Response | File | Title | Type | Size | Pages | Text layer |
|---|---|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |

### Findings (0)

No validation errors and nothing for the leak gate to report.
"""

CHANGED = """\
## What this change publishes

Comparing step1 \\(<commit>\\) with step2 \\(<commit>\\), as of 2026-11-26.

**0 added, 1 changed, 0 withdrawn, 0 corrected, 0 renamed, 0 deleted, 0 embargoed · 0 errors, 0 warnings, 0 acknowledged**

### Changed (1)

| Reference | Title | Fields changed | Files |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0042 | Gritting routes on rural roads | questions | response\\.yml \\(modified\\) |

#### NCC\\/FOI\\/26\\/0042: Gritting routes on rural roads

<details><summary>Changes to responses/2026/ncc-foi-26-0042/response.yml</summary>

```diff
--- a/responses/2026/ncc-foi-26-0042/response.yml
+++ b/responses/2026/ncc-foi-26-0042/response.yml
@@ -14,5 +14,5 @@
   - number: '1'
     question: Which rural roads do you grit?
-    answer: See the attached table of routes.
+    answer: See the attached table of routes, updated in October.
     outcome: granted-in-full
   - number: '2'
```

</details>

### Attachments of added and changed responses (1)

| Response | File | Title | Type | Size | Pages | Text layer |
|---|---|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0042 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |

### Findings (0)

No validation errors and nothing for the leak gate to report.
"""

WITHDRAWN = """\
## What this change publishes

Comparing step2 \\(<commit>\\) with step3 \\(<commit>\\), as of 2026-11-26.

**0 added, 1 changed, 1 withdrawn, 0 corrected, 0 renamed, 0 deleted, 0 embargoed · 0 errors, 0 warnings, 0 acknowledged**

### Changed (1)

| Reference | Title | Fields changed | Files |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | Pothole repairs in 2026 | withdrawn | response\\.yml \\(modified\\) |

#### NCC\\/FOI\\/26\\/0077: Pothole repairs in 2026

<details><summary>Changes to responses/2026/ncc-foi-26-0077/response.yml</summary>

```diff
--- a/responses/2026/ncc-foi-26-0077/response.yml
+++ b/responses/2026/ncc-foi-26-0077/response.yml
@@ -25,2 +25,5 @@
   - path: attachments/gritting-routes.csv
     title: Gritting routes 2026/27
+withdrawn:
+  date: 2026-11-20
+  reason: Published in error before the requester was told.
```

</details>

### Withdrawn (1)

Each page becomes a notice with the date and reason; its attachments leave the site.

| Reference | Title | Date | Reason |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | Pothole repairs in 2026 | 2026-11-20 | Published in error before the requester was told\\. |

### Attachments of added and changed responses (1)

| Response | File | Title | Type | Size | Pages | Text layer |
|---|---|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |

### Findings (0)

No validation errors and nothing for the leak gate to report.
"""

EMBARGOED = """\
## What this change publishes

Comparing step3 \\(<commit>\\) with step4 \\(<commit>\\), as of 2026-11-26.

**1 added, 0 changed, 0 withdrawn, 0 corrected, 0 renamed, 0 deleted, 1 embargoed · 0 errors, 0 warnings, 0 acknowledged**

### Added (1)

| Reference | Title | Web address | Goes public |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0099 | Salt stocks for winter 2026 | \\/responses\\/2026\\/ncc\\-foi\\-26\\-0099\\/ | 2027\\-01\\-15 |

### Possibly related to published responses (1)

These added responses ask questions like published ones. If one is a repeat, link it: paste the YAML into its response.yml (choose the kind that fits: `updates`, `repeat_of`, `same_question_as`, `refers_to`, `follow_up_of`). If not, ignore it: nothing needs recording.

#### NCC\\/FOI\\/26\\/0099: Salt stocks for winter 2026

| Published response | Title | Score | Shared words | Suggested kind |
|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0042 | Gritting routes on rural roads | 1.00 | rural, road, gritter, grit, drive | same\\_question\\_as |

To link the closest, add to responses\\/2026\\/ncc\\-foi\\-26\\-0099\\/response\\.yml:

```yaml
related:
  - kind: same_question_as
    reference: NCC/FOI/26/0042
```

### Embargoed (1)

These responses will not be published until their date: the daily build publishes each on the morning of that day.

| Reference | Title | Not published until | In this change |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0099 | Salt stocks for winter 2026 | 2027-01-15 | yes |

### Attachments of added and changed responses (1)

| Response | File | Title | Type | Size | Pages | Text layer |
|---|---|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0099 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |

### Findings (0)

No validation errors and nothing for the leak gate to report.
"""

WHOLE = """\
## What this change publishes

Comparing step0 \\(<commit>\\) with step4 \\(<commit>\\), as of 2026-11-26.

**2 added, 1 changed, 1 withdrawn, 0 corrected, 0 renamed, 0 deleted, 1 embargoed · 0 errors, 0 warnings, 0 acknowledged**

### Added (2)

| Reference | Title | Web address | Goes public |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | Pothole repairs in 2026 | \\/responses\\/2026\\/ncc\\-foi\\-26\\-0077\\/ | withdrawn: only the notice |
| NCC\\/FOI\\/26\\/0099 | Salt stocks for winter 2026 | \\/responses\\/2026\\/ncc\\-foi\\-26\\-0099\\/ | 2027\\-01\\-15 |

### Possibly related to published responses (1)

These added responses ask questions like published ones. If one is a repeat, link it: paste the YAML into its response.yml (choose the kind that fits: `updates`, `repeat_of`, `same_question_as`, `refers_to`, `follow_up_of`). If not, ignore it: nothing needs recording.

#### NCC\\/FOI\\/26\\/0099: Salt stocks for winter 2026

| Published response | Title | Score | Shared words | Suggested kind |
|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0042 | Gritting routes on rural roads | 1.00 | rural, road, gritter, grit, drive | same\\_question\\_as |

To link the closest, add to responses\\/2026\\/ncc\\-foi\\-26\\-0099\\/response\\.yml:

```yaml
related:
  - kind: same_question_as
    reference: NCC/FOI/26/0042
```

### Changed (1)

| Reference | Title | Fields changed | Files |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0042 | Gritting routes on rural roads | questions | response\\.yml \\(modified\\) |

#### NCC\\/FOI\\/26\\/0042: Gritting routes on rural roads

<details><summary>Changes to responses/2026/ncc-foi-26-0042/response.yml</summary>

```diff
--- a/responses/2026/ncc-foi-26-0042/response.yml
+++ b/responses/2026/ncc-foi-26-0042/response.yml
@@ -14,5 +14,5 @@
   - number: '1'
     question: Which rural roads do you grit?
-    answer: See the attached table of routes.
+    answer: See the attached table of routes, updated in October.
     outcome: granted-in-full
   - number: '2'
```

</details>

### Withdrawn (1)

Each page becomes a notice with the date and reason; its attachments leave the site.

| Reference | Title | Date | Reason |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | Pothole repairs in 2026 | 2026-11-20 | Published in error before the requester was told\\. |

### Embargoed (1)

These responses will not be published until their date: the daily build publishes each on the morning of that day.

| Reference | Title | Not published until | In this change |
|---|---|---|---|
| NCC\\/FOI\\/26\\/0099 | Salt stocks for winter 2026 | 2027-01-15 | yes |

### Attachments of added and changed responses (3)

| Response | File | Title | Type | Size | Pages | Text layer |
|---|---|---|---|---|---|---|
| NCC\\/FOI\\/26\\/0077 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |
| NCC\\/FOI\\/26\\/0099 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |
| NCC\\/FOI\\/26\\/0042 | attachments\\/gritting\\-routes\\.csv | Gritting routes 2026\\/27 | text\\/csv | 30 B |  |  |

### Findings (0)

No validation errors and nothing for the leak gate to report.
"""


@pytest.mark.parametrize(
    ("base", "head", "expected"),
    [
        ("step0", "step1", ADDED),
        ("step1", "step2", CHANGED),
        ("step2", "step3", WITHDRAWN),
        ("step3", "step4", EMBARGOED),
        ("step0", "step4", WHOLE),
    ],
    ids=["add", "change-answer", "withdraw", "add-embargoed", "whole-series"],
)
def test_summary_of_each_step(series: LogBuilder, base: str, head: str, expected: str) -> None:
    assert summary(series, base, head) == expected


def test_working_tree_summary_matches_the_last_commit(series: LogBuilder, tmp_path: Path) -> None:
    whole = summary(series, "step0", "step4")
    code, markdown, _ = run(series, "step0", fmt="markdown")
    assert code == 0
    assert re.sub(r"\\\(([0-9a-f]{12})\\\)", r"\\(<commit>\\)", markdown) == whole.replace(
        "with step4 \\(<commit>\\)", "with the working tree"
    )

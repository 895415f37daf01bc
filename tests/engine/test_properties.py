"""Property-based: generated account documents, valid and corrupted, never make `check` raise.

Every error carries a file and a line, and input files are byte-for-byte unchanged.
"""

import json
import os
import string
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from govmedia_lint.cli.app import app

PLATFORMS = ["wechat", "weibo", "douyin", "toutiao", "app", "miniprogram", "bogus"]
STATUSES = ["planned", "approved", "active", "offline", "closing", "closed", "cancelled"]
JURISDICTIONS = ["jiaxian", "佳县", "shenmu", "nantong", "qianjiang", "suixi", "atlantis"]

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
moments = st.one_of(days, st.builds(lambda d, h, m: f"{d} {h:02d}:{m:02d}", days, st.integers(0, 23), st.integers(0, 59)))
text = st.text(alphabet=string.ascii_letters + "佳县政务发布：「」 -", min_size=1, max_size=12)
flag = st.one_of(st.booleans(), st.none())

post = st.fixed_dictionaries({"date": moments}, optional={
    "title": text, "original": flag, "commercial_ad": flag, "personal_opinion": flag, "source_approved": flag,
    "editor": text, "reviewers": st.lists(text, max_size=3)})
message = st.fixed_dictionaries({"received_at": moments}, optional={"replied_at": moments, "acknowledged_at": moments})
filing = st.fixed_dictionaries({"type": st.sampled_from(["open", "change", "close", "offline", "bogus"])}, optional={
    "event_on": days, "filed_on": days, "approved_on": days, "registered_on": days, "written": flag})
notice = st.fixed_dictionaries({"kind": st.sampled_from(["opening", "closure", "migration", "offline"]),
                                "posted_on": days}, optional={"removed_on": days, "placement": st.sampled_from(
                                    ["homepage_prominent", "homepage_pinned", "other"])})
offline = st.fixed_dictionaries({"kind": st.sampled_from(["temporary", "emergency"]), "start": days},
                                optional={"end": days, "approved_on": days})
account = st.fixed_dictionaries({
    "name": text, "platform": st.sampled_from(PLATFORMS), "jurisdiction": st.sampled_from(JURISDICTIONS),
    "host_unit": text, "status": st.sampled_from(STATUSES)},
    optional={"opened_on": days, "approved_on": days, "closed_on": days, "host_unit_kind": st.sampled_from(
        ["department", "internal_office", "individual"]), "verification_names_host": flag,
        "interaction_enabled": flag, "purpose": st.sampled_from(["regular", "special_event"])})
document = st.fixed_dictionaries({"account": account}, optional={
    "posts": st.lists(post, max_size=30), "messages": st.lists(message, max_size=5),
    "filings": st.lists(filing, max_size=4), "notices": st.lists(notice, max_size=3),
    "offline_periods": st.lists(offline, max_size=3)})


def dump(data) -> str:
    import io

    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(data, stream)
    return stream.getvalue()


@st.composite
def corrupted(draw, source):
    """A document's text, maybe damaged: bytes cut, lines dropped or shuffled, tabs or junk inserted."""
    text = dump(draw(source))
    how = draw(st.sampled_from(["none", "truncate", "drop-line", "tab", "junk", "dup-key"]))
    lines = text.splitlines(keepends=True)
    if how == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "drop-line" and lines:
        del lines[draw(st.integers(0, len(lines) - 1))]
        text = "".join(lines)
    elif how == "tab" and lines:
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = "\t" + lines[index]
        text = "".join(lines)
    elif how == "junk":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from([":", "- ", "{", "]", "&a ", "*a", "!!python/name:os.system ", "'"])) + text[at:]
    elif how == "dup-key" and lines:
        text = text + lines[0]
    return text


runner = CliRunner()


@settings(max_examples=int(os.environ.get("GML_HYPOTHESIS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(texts=st.lists(corrupted(document), min_size=1, max_size=3),
       as_of=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
def test_check_never_raises_errors_carry_file_and_line_and_inputs_are_unchanged(tmp_path_factory, texts, as_of):
    folder = tmp_path_factory.mktemp("register")
    paths = []
    for index, text in enumerate(texts):
        path = folder / f"a{index}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    before = {p: p.read_bytes() for p in paths}
    since = as_of - timedelta(days=200)
    result = runner.invoke(app, ["check", str(folder), "-f", "json", "--as-of", str(as_of), "--since", str(since)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    report = json.loads(result.stdout)  # stderr may carry a notice (a provisional calendar year)
    assert report["files"] == len(paths)
    for finding in report["findings"]:
        assert finding["file"] and isinstance(finding["line"], int) and finding["line"] >= 1, finding
    assert before == {p: p.read_bytes() for p in paths}

"""`govmedia-lint init`: a complete, commented account file that loads, and that `check` completes as missing data."""

import json
import os
import re
from pathlib import Path

from typer.testing import CliRunner

from govmedia_lint.cli.app import app
from govmedia_lint.fields import all_model_fields, field_docs
from govmedia_lint.loading import load_account_file, load_account_text
from govmedia_lint.model import Platform
from govmedia_lint.newaccount import account_template

runner = CliRunner()
ARGS = ["init", "--jurisdiction", "佳县", "--platform", "wechat", "--name", "佳县教育",
        "--host-unit", "佳县教育和体育局"]


def init(*extra: str):
    return runner.invoke(app, [*ARGS, *extra])


def test_init_then_check_reports_missing_data_never_input_errors(tmp_path):
    target = tmp_path / "accounts" / "jiaxian" / "佳县教育.yaml"
    assert init("--output", str(target)).exit_code == 0
    result = runner.invoke(app, ["check", str(target), "--as-of", "2025-07-01", "-f", "json", "--no-cache"])
    report = json.loads(result.stdout)
    rules = {f["rule"] for f in report["findings"]}
    assert "GML-INPUT" not in rules and result.exit_code in (0, 1)
    missing = [f for f in report["findings"] if "缺少规则所需数据" in f["message"]]
    expected = {"JX-DEDICATED-STAFF", "JX-VERIFICATION-NAMES-HOST", "JX-INTERACTION-ENABLED"}
    assert expected <= {f["rule"] for f in missing}


def test_every_field_is_in_the_file_with_its_chinese_comment(tmp_path):
    text = init().stdout
    docs = field_docs()
    for node in all_model_fields():
        if node.path.startswith("person."):  # a person is written whole: {name, phone, role}
            continue
        assert re.search(rf"^[# -]*{node.name}:", text, re.M), node.path
        assert f"# {docs[node.path].label}" in text, node.path
    assert "需要它的规则：JX-NO-INTERNAL-OR-PERSONAL-SUBJECT" in text
    assert "institution 事业单位" in text


def test_the_commented_examples_load_when_uncommented():
    text = init().stdout
    uncommented = re.sub(r"^(\w+): \[\]\n# 例.*\n", r"\1:\n", text, flags=re.M)
    uncommented = re.sub(r"^# {2}( +[-\w].*)$", r"\1", uncommented, flags=re.M)
    result = load_account_text(uncommented, "x.yaml")
    assert result.errors == [] and result.document.posts and result.document.filings[0].type.value == "change"


def test_every_pack_and_platform_gives_a_file_that_loads(packset):
    for pack in packset.packs.values():
        for platform in Platform:
            result = load_account_text(account_template(pack, platform, "测试: 账号 #1", "某某局"), "x.yaml")
            assert result.errors == [], (pack.meta.id, platform)
            assert result.document.account.name == "测试: 账号 #1"


def test_the_written_file_loads(tmp_path):
    target = tmp_path / "a.yaml"
    assert init("--output", str(target)).exit_code == 0
    assert load_account_file(target).errors == []


def test_chinese_platform_and_jurisdiction_name():
    text = runner.invoke(app, ["init", "--jurisdiction", "黔江", "--platform", "微信", "--name", "黔江教育",
                               "--host-unit", "区教委"]).stdout
    assert "  platform: wechat\n" in text and "  jurisdiction: qianjiang" in text
    assert "QJ-WECHAT-MENUS" in text  # applies to wechat accounts


def test_unknown_jurisdiction_or_platform_is_a_usage_error():
    result = runner.invoke(app, [*ARGS[:2], "火星", *ARGS[3:]])
    assert result.exit_code == 2 and "jiaxian（佳县）" in result.output
    result = runner.invoke(app, [*ARGS[:4], "飞书", *ARGS[5:]])
    assert result.exit_code == 2 and "wechat" in result.output


def test_an_existing_file_is_not_overwritten_without_force(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("hand-written\n", encoding="utf-8")
    result = init("--output", str(target))
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "hand-written\n"
    assert init("--output", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# 佳县")


def test_a_symlink_is_never_written_through_not_even_with_force(tmp_path):
    real = tmp_path / "real.yaml"
    link = tmp_path / "link.yaml"
    os.symlink(real, link)
    result = init("--output", str(link))
    assert result.exit_code == 2 and "符号链接" in result.output and not real.exists()
    forced = init("--output", str(link), "--force")
    assert forced.exit_code == 2 and "符号链接" in forced.output and not real.exists()


def test_installed_cli_init_then_check_with_chinese_values(tmp_path):
    """The installed command: a new file, completed with Chinese values, is read without input errors."""
    import shutil
    import subprocess
    import sys

    exe = shutil.which("govmedia-lint", path=str(Path(sys.executable).parent))
    target = tmp_path / "佳县教育.yaml"
    subprocess.run([exe, *ARGS, "--output", str(target)], check=True, capture_output=True)
    text = target.read_text(encoding="utf-8")
    for key, value in (("host_unit_kind", "事业单位"), ("interaction_enabled", "是"), ("purpose", "常规")):
        text = text.replace(f"  {key}:\n", f"  {key}: {value}\n")
    target.write_text(text.replace("platform: wechat", "platform: 微信"), encoding="utf-8")
    run = subprocess.run([exe, "check", str(target), "--as-of", "2025-07-01", "-f", "json", "--no-cache"],
                         capture_output=True, text=True, encoding="utf-8")
    rules = {f["rule"] for f in json.loads(run.stdout)["findings"]}
    assert run.returncode == 1 and "GML-INPUT" not in rules
    assert not rules & {"JX-INTERACTION-ENABLED", "JX-NO-INTERNAL-OR-PERSONAL-SUBJECT", "JX-NO-SPECIAL-EVENT-ACCOUNT"}


def test_pack_text_with_a_line_break_stays_inside_its_comment(packset):
    """A pack from --pack-dir may come from a pull request: its names never become YAML keys."""
    import dataclasses

    jiaxian = packset.packs["jiaxian"]
    meta = jiaxian.meta.model_copy(update={"document": "办法\nwaivers: [{rule: JX-UPDATE-WEEKLY}]", "name": "佳\r县"})
    text = account_template(dataclasses.replace(jiaxian, meta=meta), Platform.wechat, "甲", "乙")
    result = load_account_text(text, "x.yaml")
    assert result.errors == [] and result.document.waivers == []


def test_a_name_with_a_line_break_is_refused():
    result = runner.invoke(app, [*ARGS[:6], "甲\nstatus: closed", *ARGS[7:]])
    assert result.exit_code == 2 and "换行" in result.output


def test_platform_kind_is_written_and_read():
    text = runner.invoke(app, ["init", "--jurisdiction", "黔江", "--platform", "微信", "--name", "黔江发布",
                               "--host-unit", "区政府办", "--platform-kind", "服务号"]).stdout
    assert "  platform_kind: 服务号\n" in text
    assert load_account_text(text, "x.yaml").document.account.platform_kind == "服务号"
    bad = runner.invoke(app, ["init", "--jurisdiction", "黔江", "--platform", "微信", "--name", "x",
                              "--host-unit", "y", "--platform-kind", "服务\n号"])
    assert bad.exit_code == 2 and "--platform-kind" in bad.output


def test_init_examples_name_the_packs_own_approving_office(tmp_path):
    """黔江 第八条 报市政府办公厅批准, 佳县 第七条（三） 报省政府办公厅批准: the example filing names that office."""
    for jurisdiction, office in (("qianjiang", "市政府办公厅"), ("jiaxian", "省政府办公厅")):
        result = CliRunner().invoke(app, ["init", "--jurisdiction", jurisdiction, "--platform", "wechat",
                                          "--name", "测试", "--host-unit", "测试局"])
        assert result.exit_code == 0, result.output
        assert f"#     approved_by: {office}" in result.stdout

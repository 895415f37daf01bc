"""Account text shared by the CLI-level tests of config, waivers and baselines."""

#: a 佳县 account's facts, open for appending more account keys or top-level sections
TEST_ACCOUNT = """\
account:
  name: 测试账号
  platform: wechat
  jurisdiction: jiaxian
  host_unit: 佳县测试局
  status: active
  opened_on: 2024-01-01
"""

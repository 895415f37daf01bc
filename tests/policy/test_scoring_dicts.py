"""The JSON report's score entries are ``asdict`` of each score, without its deep copy."""

from dataclasses import asdict

from govmedia_lint.policy.scoring import Deduction, ScoreResult, VetoHit


def test_a_score_as_a_dict_is_what_asdict_gives():
    result = ScoreResult("account", "佳县发布", "jiaxian", "佳政办发〔2021〕1号", 100, 60, None, False,
                         vetoes=[VetoHit("单项否决", "连续两周未更新", "JX-IDLE-OVER-14-DAYS", "停更 15 天", 12)],
                         deductions=[Deduction("更新频率", None, ["JX-UPDATE-WEEKLY"], 3, 6, [4, 9])],
                         missing=["JX-FUNDING-BUDGETED"], file="a.yaml", accounts=["a.yaml"], computable=90,
                         unknown_vetoes=["x"], local_criteria={"A1": "JX-UPDATE-WEEKLY"}, errors=2)
    data = result.to_dict()
    expected = asdict(result)
    assert {k: data[k] for k in expected} == expected and list(data)[:len(expected)] == list(expected)
    data["deductions"][0]["lines"].append(1)
    data["accounts"].append("b.yaml")
    assert result.deductions[0].lines == [4, 9] and result.accounts == ["a.yaml"]  # copies, as asdict's

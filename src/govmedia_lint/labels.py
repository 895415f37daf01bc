"""Chinese labels of the account format's fields and values, for messages read by people (issue 11).

A stop-gap until the format documentation (issue 11 §1, ``docs/account-format.md``) is the single
source of these labels: then this module should read them from there. Paths are the dotted field
paths the condition language and messages use (``outsourcing.vendor``, ``filings[].written``).
"""

from __future__ import annotations

from typing import Any

FIELDS = {
    "name": "账号名称", "platform": "平台", "platform_kind": "账号类型", "account_id": "账号 ID", "url": "网址",
    "jurisdiction": "辖区", "host_unit": "主办单位", "host_unit_kind": "主办单位类型", "verified_subject": "认证主体",
    "verification_names_host": "公开认证信息标明主办单位名称", "purpose": "开设用途", "status": "账号状态",
    "approved_on": "批准日期", "opened_on": "上线日期", "closed_on": "关停日期", "interaction_enabled": "开设互动功能",
    "menus": "菜单", "staff": "人员", "staff.leader": "主管领导", "staff.operators": "运维人员",
    "staff.editors": "编辑人员", "staff.reviewers": "审核人员",
    "outsourcing": "委托运维", "outsourcing.vendor": "代运营机构",
    "outsourcing.has_news_license": "代运营机构具备互联网新闻信息服务资质",
    "outsourcing.confidentiality_agreement": "签订保密协议", "outsourcing.reported_on": "委托运维报备日期",
    "management.managing_office": "明确管理机构", "management.dedicated_staff": "配备专人",
    "management.funding": "经费纳入预算", "management.rules_in_place": "建立管理制度",
    # items of the collections
    "type": "类型", "event_on": "事件日期", "filed_on": "报备日期", "registered_on": "报送系统登记日期",
    "approved_by": "批准单位", "approval_ref": "批准文号", "changed_fields": "变更内容", "written": "书面报备",
    "kind": "类型", "posted_on": "发布日期", "removed_on": "撤下日期", "placement": "公告位置", "channel": "发布渠道",
    "start": "开始日期", "end": "结束日期", "reported_on": "报告日期", "reason": "原因",
    "date": "日期", "title": "标题", "original": "原创", "source": "来源", "source_credited": "注明来源",
    "source_approved": "来源为党委政府网站或确定的稿源单位", "commercial_ad": "商业广告",
    "personal_opinion": "个人观点言论", "editor": "编辑", "reviewers": "审核人员", "review_record_kept": "保留审核记录",
    "declared_date": "标注的发布日期", "received_at": "收到留言时间", "acknowledged_at": "回复受理时间",
    "replied_at": "答复时间", "summary": "留言摘要", "inappropriate_reply": "回复失当",
    "issued_on": "印发日期", "needs_interpretation": "需要解读", "interpretation_published_on": "解读发布日期",
    "description": "说明", "count": "次数",
}

VALUES = {
    "platform": {"wechat": "微信", "weibo": "微博", "douyin": "抖音", "toutiao": "今日头条", "kuaishou": "快手",
                 "xigua": "西瓜视频", "bilibili": "哔哩哔哩", "app": "移动客户端", "miniprogram": "小程序",
                 "website": "网站", "other": "其他"},
    "host_unit_kind": {"government": "人民政府", "department": "政府部门", "township": "乡镇（街道）",
                       "institution": "事业单位", "internal_office": "内设机构", "subordinate_unit": "下属单位",
                       "individual": "个人"},
    "purpose": {"regular": "日常政务", "special_event": "重大活动或专项工作"},
    "status": {"planned": "拟开设", "approved": "已批准开设", "active": "运行中", "offline": "临时下线",
               "closing": "关停中", "closed": "已关停", "cancelled": "已注销"},
    "filing_type": {"open": "开设", "change": "变更", "offline": "临时下线", "close": "关停", "cancel": "注销",
                    "emergency_shutdown": "紧急关停", "exit_supervision": "退出监管"},
    "notice_kind": {"opening": "开通", "closure": "关停", "migration": "迁移", "offline": "临时下线",
                    "suspension": "暂停更新"},
    "placement": {"homepage_prominent": "首页显著位置", "homepage_pinned": "首页置顶", "other": "其他位置"},
    "channel": {"portal": "政府门户网站", "account": "本账号"},
    "incident_kind": {"serious_wording_error": "严重表述错误", "secret_leak": "泄露国家秘密",
                      "prohibited_content": "发布或链接违禁内容", "negative_opinion_incident": "引发严重负面舆情",
                      "fake_followers": "购买粉丝等数据造假", "forced_engagement": "强制要求群众关注点赞",
                      "inappropriate_content": "发布不当内容", "comment_moderation_failure": "留言审看不到位",
                      "broken_function": "功能无法使用", "excessive_personal_data": "过度获取用户信息"},
}

COLLECTIONS = {"filings": "备案记录", "notices": "公告", "offline_periods": "下线记录", "posts": "发布信息",
               "messages": "网民留言", "policy_documents": "政策文件", "incidents": "问题事件", "waivers": "豁免",
               "account": "账号"}

#: which value table a field path's values come from
_VALUE_TABLE = {"type": "filing_type", "filings[].type": "filing_type", "kind": "notice_kind",
                "notices[].kind": "notice_kind", "incidents[].kind": "incident_kind"}


def field_label(path: str) -> str:
    """``outsourcing.vendor`` -> 代运营机构; ``account.staff.leader`` -> 主管领导; unknown paths as written."""
    bare = path.removeprefix("account.")
    for candidate in (bare, bare.split("[].")[-1], bare.split(".")[-1]):
        if candidate in FIELDS:
            return FIELDS[candidate]
    return path


def value_label(path: str, value: Any) -> str:
    """An enum value in Chinese (``internal_office`` -> 内设机构), booleans 是/否, others as written."""
    if isinstance(value, bool):
        return "是" if value else "否"
    value = getattr(value, "value", value)
    bare = path.removeprefix("account.").split(".")[-1]
    table = VALUES.get(_VALUE_TABLE.get(path.removeprefix("account."), _VALUE_TABLE.get(bare, bare)), {})
    return table.get(str(value), str(value))


def collection_label(name: str) -> str:
    return COLLECTIONS.get(name, name)

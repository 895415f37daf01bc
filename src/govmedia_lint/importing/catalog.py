"""The SOURCEs of ``govmedia-lint import`` by name, with what each reads (the command's help).

Names and text only: the CLI builds every command's help at start-up, and the readers behind these names
(``sources.READERS``) import the spreadsheet, HTML and table machinery, which a ``check`` never needs.
"""

SOURCES: dict[str, str] = {
    "wechat-analytics": "微信公众号 数据分析 下载数据明细（xlsx / xls / HTML 表格）",
    "wechat-api": "微信接口返回 JSON：freepublish/batchget、datacube/getarticletotaldetail、comment/list",
    "weibo": "微博接口 statuses JSON，或 weibo-crawler / weiboSpider 的 CSV",
    "douyin": "抖音 创作者服务中心 导出数据（xlsx）",
    "csv": "通用 CSV / Excel：列名即字段名，或 --map 列名=字段、--preset 名称",
    "review-ledger": "三审三校 / 审签台账：补充编辑、审核人等，只更新已登记的信息",
    "message-ledger": "留言办理台账：收到、受理、答复时间",
    "rectification-ledger": "整改台账：多个账号的问题、通报日期、整改期限、完成日期和佐证，只取账号名称和平台与本账号一致的行",
}

"""Every name a county's files may use, in one place: column headers, sectors, risk tiers, yes and no.

A planner's sheet is typed by people: the same column is 从业人员 in one county and 职工人数 in the
next, with full-width brackets, spaces and a unit in parentheses. Names are compared after `key()`
(NFKC, lower case, no spaces or punctuation), so `从业人员（人）`, `从业 人员` and `从业人员(人)` are
one header. docs/county_data.md lists these tables; tests/unit/test_county_columns.py keeps it in step.
"""

from __future__ import annotations

import re
import unicodedata

# Register columns (企业名录 / 监管对象台账): role -> the headers that mean it. Only `sector` is required.
REGISTER_COLUMNS = {
    "name": ("企业名称", "单位名称", "名称", "企业(单位)名称", "生产经营单位名称", "name", "enterprise"),
    "sector": ("行业", "行业类别", "所属行业", "行业类型", "行业领域", "监管行业", "sector", "industry"),
    "workers": ("从业人员", "从业人数", "职工人数", "从业人员数", "员工人数", "workers", "employees"),
    "key": ("重点企业", "是否重点", "是否重点企业", "重点监管企业", "key", "key_enterprise"),
    "tier": ("风险等级", "风险分级", "安全风险等级", "风险级别", "risk_tier", "tier"),
    "township": ("乡镇", "街道", "乡镇街道", "乡镇(街道)", "所在乡镇", "township", "town"),
}

# The model's sectors (sim/config/county_schema.py: SECTORS) and the names a register gives them.
# 工贸 covers the eight industries of 冶金有色建材机械轻工纺织烟草商贸, each accepted by name.
SECTOR_NAMES = {
    "hazardous_chemicals": ("危险化学品", "危化品", "危化", "化工", "危险化学品企业"),
    "non_coal_mines": ("非煤矿山", "非煤矿", "金属非金属矿山", "尾矿库"),
    "construction": ("建筑施工", "建筑业", "建筑", "建设工程"),
    "industry_trade": ("工贸", "工贸行业", "工贸企业", "冶金", "有色", "建材", "机械", "轻工", "纺织", "烟草",
                       "商贸"),
    "town_gas": ("城镇燃气", "燃气"),
    "crowded_premises": ("人员密集场所", "消防重点单位", "人员密集场所/消防重点单位"),
    "road_transport": ("道路运输", "道路运输企业", "两客一危", "道路运输企业(两客一危)", "交通运输"),
    "fireworks": ("烟花爆竹",),
}

# Risk tiers (风险分级管控): 0 red (重大风险) to 3 blue (低风险), the model's order (sim.world.scenario.TIERS).
TIER_NAMES = (
    ("红", "红色", "重大", "重大风险", "red"),
    ("橙", "橙色", "较大", "较大风险", "orange"),
    ("黄", "黄色", "一般", "一般风险", "yellow"),
    ("蓝", "蓝色", "低", "低风险", "较低", "较低风险", "blue"),
)
YES = ("是", "重点", "y", "yes", "true", "1", "√", "✓")
NO = ("否", "非重点", "n", "no", "false", "0", "×", "✗")

# Yearly records (执法统计、事故统计), one row per year: the year column, each measure's headers
# (what the model compares each with is records.MEASURES), and the suffixes that mark a measure's
# observation error (`死亡人数误差`, `deaths_error`).
YEAR_COLUMN = ("年份", "年度", "年", "year")
RECORD_COLUMNS = {
    "inspections": ("检查企业家次", "检查家次", "执法检查家次", "检查企业", "检查企业数", "inspections"),
    "double_random_checks": ("双随机抽查家次", "双随机检查家次", "双随机抽查企业", "双随机抽查", "双随机检查",
                             "double_random_checks"),
    "planned_checks": ("计划检查家次", "计划检查企业家次", "计划内检查家次", "计划检查企业", "完成计划检查",
                       "planned_checks"),
    "hazards_per_check": ("每家次发现隐患", "平均每家次发现隐患", "家次均隐患", "每次检查发现隐患", "hazards_per_check"),
    "hazards_found": ("发现隐患", "发现隐患总数", "隐患总数", "排查隐患", "hazards_found"),
    "hazards_general": ("发现一般隐患", "一般隐患", "发现隐患一般", "一般事故隐患", "hazards_general"),
    "hazards_major": ("发现重大隐患", "重大隐患", "发现隐患重大", "重大事故隐患", "hazards_major"),
    "rectification_rate": ("整改率", "隐患整改率", "rectification_rate"),
    "penalties": ("行政处罚", "行政处罚次数", "行政处罚案件", "处罚", "penalties"),
    "suspensions": ("停产整顿", "责令停产整顿", "责令停产停业整顿", "suspensions"),
    "reports": ("举报", "举报件数", "受理举报", "举报数", "reports"),
    "rewards": ("奖励", "举报奖励", "奖励金额", "兑现奖励", "rewards", "rewards_paid"),
    "accidents": ("事故起数", "事故", "生产安全事故", "生产安全事故起数", "accidents"),
    "deaths": ("死亡人数", "死亡", "事故死亡人数", "deaths"),
    "deaths_industrial": ("工矿商贸死亡人数", "工矿商贸事故死亡人数", "deaths_industrial"),
    "staff_days": ("计划总人日", "执法人日", "执法工作日", "staff_days"),
    "unplanned_days": ("非计划人日", "计划外人日", "unplanned_days"),
    "check_days": ("计划检查人日", "检查人日", "check_days"),
}
ERROR_SUFFIXES = ("误差", "标准差", "error", "sd")

# A unit written in parentheses after a header: dropped, and a 万元 column is scaled to yuan.
UNITS = {"人": 1.0, "家": 1.0, "家次": 1.0, "户": 1.0, "起": 1.0, "次": 1.0, "件": 1.0, "项": 1.0, "条": 1.0,
         "个": 1.0, "元": 1.0, "万元": 1e4, "%": 1.0, "人日": 1.0, "天": 1.0, "日": 1.0}
_UNIT = re.compile(r"^(.*?)[(（]\s*([^()（）]+?)\s*[)）]\s*$")


def key(text: object) -> str:
    """`text` as names are compared: NFKC, lower case, without spaces and punctuation."""
    normal = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(c for c in normal if unicodedata.category(c)[0] not in "PZ" and not c.isspace())


def header_key(text: object) -> tuple[str, float]:
    """A header as compared, without a unit in parentheses, and the unit's scale (万元: 10,000)."""
    normal = unicodedata.normalize("NFKC", str(text)).strip()
    match = _UNIT.match(normal)
    if match and match.group(2) in UNITS and match.group(1).strip():
        return key(match.group(1)), UNITS[match.group(2)]
    return key(normal), 1.0


def lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{key(name): what it means} of a table of meanings and their names (the meaning's own name too)."""
    out: dict[str, str] = {}
    for meaning, names in table.items():
        for name in (meaning, *names):
            out[key(name)] = meaning
    return out


SECTOR_LOOKUP = lookup(SECTOR_NAMES)
TIER_LOOKUP = {key(name): tier for tier, names in enumerate(TIER_NAMES) for name in names}
YES_NO_LOOKUP = {**{key(n): 1 for n in YES}, **{key(n): 0 for n in NO}}

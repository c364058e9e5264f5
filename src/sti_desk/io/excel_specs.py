"""Declarative column specs of the four importable kinds (单位, 专家, 项目申报, 支出台账) and the 预算明细 sheet.

A :class:`FieldSpec` says what one column means: canonical field name, Chinese header, header synonyms,
value type, whether it is required, the default money unit, the drop-down list it takes its values from.
The parser, the template writer and docs/excel-formats.md all follow these specs.
"""
from __future__ import annotations

from dataclasses import dataclass

from sti_desk.domain.entities import FIELDS, UNIT_TYPE_LABELS, UnitType
from sti_desk.domain.policy import BUDGET_SUBJECTS, BudgetScheme

from .excel_values import WAN


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column. ``vtype``: text, name, code, phone, id_number, credit_code, money, date, bool, choice,
    percent, team. ``unit`` is the money unit assumed when neither the header nor the sheet names one
    (None: the header must say 元 or 万元). ``choices`` names a list in the choices dict. ``fill_down``:
    a value chosen once for the whole file that clerks copy down the column (申报批次); a row holding
    nothing but such values is an empty row (:func:`~sti_desk.io.excel_parse.parse_rows` skips it)."""

    name: str
    header: str
    vtype: str = "text"
    required: bool = False
    synonyms: tuple[str, ...] = ()
    unit: str | None = None
    choices: str | None = None
    help: str = ""
    example: str = ""
    in_template: bool = True
    width: int = 16
    fill_down: bool = False

    @property
    def template_header(self) -> str:
        """'申请财政资金(万元)*' — the header the template writes."""
        unit = f"({self.unit or '元'})" if self.vtype == "money" else ""
        return f"{self.header}{unit}{'*' if self.required else ''}"


@dataclass(frozen=True, slots=True)
class SheetSpec:
    kind: str
    title: str                      # sheet name in templates, label in messages
    fields: tuple[FieldSpec, ...]
    key: tuple[str, ...]            # natural key inside one file (duplicates reported)
    key_label: str                  # how the key is named in the duplicate message
    #: Headers of this sheet recognised but not imported, besides :data:`IGNORED_HEADERS` (the extra
    #: columns our own export writes after the template's, so a re-import does not call them unknown).
    ignored: tuple[str, ...] = ()

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.required)


# -- choice lists -------------------------------------------------------------------------------------
ALL_SUBJECTS: tuple[str, ...] = tuple(dict.fromkeys(
    BUDGET_SUBJECTS[BudgetScheme.SIMPLIFIED] + BUDGET_SUBJECTS[BudgetScheme.TRADITIONAL]))
#: Lists the drop-downs and the value checks use when the caller does not pass its own.
DEFAULT_CHOICES: dict[str, list[str]] = {
    "field": list(FIELDS),
    "unit_type": list(UNIT_TYPE_LABELS.values()),
    "budget_subject": list(ALL_SUBJECTS),
    "bool": ["是", "否"],
}
CHOICE_KEYS = ("call", "field", "unit_type", "budget_subject")
#: Other words clerks write for a unit type.
UNIT_TYPE_SYNONYMS: dict[str, UnitType] = {
    "公司": UnitType.ENTERPRISE, "民营企业": UnitType.ENTERPRISE, "国有企业": UnitType.ENTERPRISE,
    "高新技术企业": UnitType.ENTERPRISE, "高校": UnitType.UNIVERSITY, "大学": UnitType.UNIVERSITY,
    "高等学校": UnitType.UNIVERSITY, "科研机构": UnitType.INSTITUTE, "研究所": UnitType.INSTITUTE,
    "研究院": UnitType.INSTITUTE, "医院": UnitType.HOSPITAL, "医疗机构": UnitType.HOSPITAL,
    "卫生机构": UnitType.HOSPITAL, "事业单位法人": UnitType.PUBLIC_INSTITUTION,
}
SUBJECT_SYNONYMS = {"间接费": "间接费用", "设备购置费": "设备费", "其他费用": "其他", "劳务费用": "劳务费"}
#: Headers recognised but not imported (so they are not reported as unknown columns).
IGNORED_HEADERS = ("序号", "备注", "说明", "操作")
#: Columns the projects export (导出项目清单) writes after the applications template's columns; a
#: re-import reads them as known and ignores them (the stage and the approved amount are not applicant data).
PROJECT_EXPORT_EXTRAS = ("项目编号", "阶段", "立项金额(万元)")

CREDIT_HELP = "18 位，数字和大写字母（不含 I、O、Z、S、V），末位为校验码；请设为文本格式"
ID_HELP = "18 位居民身份证号，末位可为 X；必须为文本格式，存为数字会丢失末几位而被拒绝"
DATE_HELP = "如 2024-06-18、2024/6/18、2024.6.18、2024年6月18日，或 Excel 日期单元格"
BOOL_HELP = "是 / 否（也接受 Y/N、√/×）"
PHONE_HELP = "固定电话或手机，如 0571-88888888、13800000000"
_PHONE = FieldSpec("phone", "联系电话", "phone", synonyms=("电话", "手机", "手机号码", "联系方式", "联系人电话"),
                   help=PHONE_HELP, example="0571-88888888", width=16)

UNITS = SheetSpec("units", "单位", (
    FieldSpec("name", "单位名称", required=True, width=30,
              synonyms=("单位", "名称", "企业名称", "单位全称", "申报单位", "机构名称", "承担单位"),
              help="单位全称，与营业执照或法人证书一致", example="杭州某某科技有限公司"),
    FieldSpec("credit_code", "统一社会信用代码", "credit_code", required=True, width=22,
              synonyms=("社会信用代码", "信用代码", "统一信用代码", "单位统一社会信用代码", "单位代码"),
              help=CREDIT_HELP, example="91330106MA2XXXXXXX"),
    FieldSpec("unit_type", "单位类型", "choice", choices="unit_type", width=14,
              synonyms=("单位性质", "单位类别", "机构类型"),
              help="企业 / 高等院校 / 科研院所 / 医疗卫生机构 / 事业单位 / 其他", example="企业"),
    FieldSpec("above_scale_industrial", "是否规上工业企业", "bool", width=12,
              synonyms=("规上工业企业", "是否规上企业", "规上企业", "是否规模以上工业企业", "规模以上工业企业"),
              help=BOOL_HELP + "；空白视为“否”", example="是"),
    FieldSpec("has_rd_institution", "是否有研发机构", "bool", width=12,
              synonyms=("有无研发机构", "研发机构", "是否建有研发机构"), help=BOOL_HELP + "；空白视为“否”",
              example="是"),
    FieldSpec("rd_intensity", "研发投入强度", "percent", width=12,
              synonyms=("研发投入占比", "研发投入比例", "R&D投入强度", "研发强度", "研发经费投入强度"),
              help="研发投入占营业收入的百分比，如 3.2%；小于 1 的数字按比例理解（0.032 = 3.2%）",
              example="3.2%"),
    FieldSpec("address", "地址", synonyms=("单位地址", "通讯地址", "详细地址", "注册地址"), width=30,
              help="单位通讯地址"),
    FieldSpec("contact", "联系人", "name", synonyms=("单位联系人", "联系人姓名"), width=10),
    _PHONE,
), key=("credit_code",), key_label="统一社会信用代码")

EXPERTS = SheetSpec("experts", "专家", (
    FieldSpec("name", "姓名", "name", required=True, synonyms=("专家姓名",), width=10, example="张三"),
    FieldSpec("id_number", "身份证号", "id_number", required=True, width=22,
              synonyms=("身份证号码", "身份证", "公民身份号码", "证件号码", "身份证件号码"),
              help=ID_HELP, example="330106199001011234"),
    FieldSpec("unit_name", "工作单位", synonyms=("单位", "所在单位", "单位名称", "工作单位名称"), width=26,
              help="单位全称；不在单位库且未填统一社会信用代码时（如外地高校），按填写的名称保存，"
                   "抽取回避时按名称比对", example="浙江大学"),
    FieldSpec("unit_credit_code", "单位统一社会信用代码", "credit_code", width=22,
              synonyms=("统一社会信用代码", "单位信用代码", "信用代码", "工作单位统一社会信用代码"),
              help=CREDIT_HELP + "；用于评审回避（同单位回避）"),
    FieldSpec("title", "职称", synonyms=("技术职称", "专业技术职称", "职务职称"), width=12, example="正高级工程师"),
    FieldSpec("field", "专业领域", "choice", required=True, choices="field", width=12,
              synonyms=("领域", "技术领域", "学科领域", "评审领域"), help="从下拉列表选择", example=FIELDS[0]),
    FieldSpec("specialty", "研究方向", synonyms=("专业方向", "专长", "研究领域", "专业特长"), width=20),
    _PHONE,
), key=("id_number",), key_label="身份证号")

_APP_CODE_SYN = ("统一社会信用代码", "信用代码", "社会信用代码", "申报单位统一社会信用代码",
                 "承担单位统一社会信用代码", "单位信用代码")
_BUDGET_COLUMNS = tuple(
    FieldSpec(f"budget:{s}", s, "money", unit=WAN, in_template=False, width=12,
              synonyms=tuple(k for k, v in SUBJECT_SYNONYMS.items() if v == s),
              help="预算科目列（财政资金，万元）；也可改用“预算明细”工作表")
    for s in ALL_SUBJECTS)

APPLICATIONS = SheetSpec("applications", "项目申报", (
    FieldSpec("call", "申报批次", "choice", choices="call", width=24, fill_down=True,
              synonyms=("批次", "年度计划", "申报计划", "计划名称"),
              help="从下拉列表选择；导入时也可在界面中统一指定"),
    FieldSpec("title", "项目名称", required=True, width=32, synonyms=("项目", "课题名称", "项目全称")),
    FieldSpec("unit_name", "申报单位", required=True, width=28,
              synonyms=("单位名称", "承担单位", "申请单位", "项目承担单位", "依托单位", "单位")),
    FieldSpec("unit_credit_code", "单位统一社会信用代码", "credit_code", required=True, width=22,
              synonyms=_APP_CODE_SYN, help=CREDIT_HELP),
    FieldSpec("leader_name", "项目负责人", "name", required=True, width=10,
              synonyms=("负责人", "负责人姓名", "项目负责人姓名", "项目主持人")),
    FieldSpec("leader_id_number", "负责人身份证号", "id_number", required=True, width=22,
              synonyms=("负责人身份证号码", "项目负责人身份证号", "项目负责人身份证号码", "身份证号", "身份证号码"),
              help=ID_HELP),
    FieldSpec("field", "技术领域", "choice", required=True, choices="field", width=12,
              synonyms=("领域", "所属领域", "专业领域", "学科领域", "所属技术领域"), help="从下拉列表选择"),
    FieldSpec("start_date", "开始日期", "date", required=True, width=12,
              synonyms=("起始日期", "项目开始日期", "开始时间", "起始时间", "实施开始日期"), help=DATE_HELP,
              example="2024-07-01"),
    FieldSpec("end_date", "结束日期", "date", required=True, width=12,
              synonyms=("完成日期", "项目结束日期", "结束时间", "截止日期", "完成时间", "实施结束日期"),
              help=DATE_HELP + "；须晚于开始日期", example="2026-06-30"),
    FieldSpec("requested", "申请财政资金", "money", required=True, unit=WAN, width=14,
              synonyms=("申请资金", "财政资金", "申请经费", "申请财政经费", "申请财政补助", "申请金额",
                        "财政补助资金", "申请市财政资金"),
              help="单位万元（标题写“(元)”则按元）；可写 12.5、12.5万元、125,000元", example="50"),
    FieldSpec("self_raised", "自筹资金", "money", unit=WAN, width=12,
              synonyms=("自筹经费", "单位自筹", "自筹", "自筹金额", "单位自筹资金"), help="单位万元；空白视为 0",
              example="100"),
    FieldSpec("lump_sum_pledge", "包干制诚信承诺", "bool", width=10, fill_down=True,
              synonyms=("诚信承诺", "已签诚信承诺"),
              help="包干制项目填“是”"),
    FieldSpec("summary", "项目简介", synonyms=("简介", "项目摘要", "主要内容", "研究内容", "项目内容"), width=40),
    FieldSpec("team", "团队成员", "team", width=40, synonyms=("项目组成员", "主要成员", "参与人员", "项目成员"),
              help="姓名:身份证号，多人用分号隔开", example="李四:330106199203041237;王五:330106198805060016"),
) + _BUDGET_COLUMNS, key=("call", "unit_credit_code", "title"), key_label="申报批次、单位和项目名称",
   ignored=PROJECT_EXPORT_EXTRAS)

BUDGET_DETAIL = SheetSpec("budget_lines", "预算明细", (
    FieldSpec("title", "项目名称", required=True, width=32, synonyms=("项目", "课题名称")),
    FieldSpec("unit_credit_code", "单位统一社会信用代码", "credit_code", required=True, width=22,
              synonyms=_APP_CODE_SYN, help=CREDIT_HELP),
    FieldSpec("subject", "预算科目", "choice", required=True, choices="budget_subject", width=26,
              synonyms=("科目", "费用科目", "支出科目", "预算科目名称", "经费科目"), help="从下拉列表选择"),
    FieldSpec("fiscal", "财政资金", "money", unit=WAN, width=12,
              synonyms=("申请财政资金", "财政经费", "财政", "财政拨款", "专项资金", "申请资金"),
              help="单位万元；空白视为 0"),
    FieldSpec("self_raised", "自筹资金", "money", unit=WAN, width=12, synonyms=("自筹经费", "自筹"),
              help="单位万元；空白视为 0"),
    FieldSpec("basis", "测算依据", width=40, synonyms=("计算依据", "测算说明", "预算说明"),
              help="占直接费用 10% 及以上的科目需填写"),
), key=("unit_credit_code", "title", "subject"), key_label="单位、项目名称和预算科目")

EXPENDITURES = SheetSpec("expenditures", "支出台账", (
    FieldSpec("project_code", "项目编号", "code", required=True, width=16,
              synonyms=("项目代码", "立项编号", "合同编号", "项目号", "任务书编号")),
    FieldSpec("voucher_no", "凭证号", "code", required=True, width=14,
              synonyms=("凭证编号", "会计凭证号", "记账凭证号", "凭证号码", "凭证字号")),
    FieldSpec("date", "支出日期", "date", required=True, width=12,
              synonyms=("日期", "记账日期", "凭证日期", "发生日期", "支付日期"), help=DATE_HELP),
    FieldSpec("subject", "预算科目", "choice", required=True, choices="budget_subject", width=26,
              synonyms=("科目", "支出科目", "费用科目", "经费科目"), help="从下拉列表选择"),
    FieldSpec("amount", "金额", "money", required=True, width=14,
              synonyms=("支出金额", "发生额", "支出额", "借方金额", "金额合计"),
              help="标题必须注明单位：金额(元) 或 金额(万元)；可写 1,234.50 或 1234.5元", example="1234.50"),
    FieldSpec("summary", "摘要", synonyms=("用途", "摘要说明", "内容", "支出内容", "说明"), width=30),
), key=("voucher_no",), key_label="凭证号")

SPECS: dict[str, SheetSpec] = {s.kind: s for s in (UNITS, EXPERTS, APPLICATIONS, EXPENDITURES)}
KIND_LABELS = {k: s.title for k, s in SPECS.items()}


def spec_for(kind: str) -> SheetSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r}; one of {sorted(SPECS)}") from None

"""Name pools and valid identity codes for the demo dataset (a fictional county, 青溪县)."""
from __future__ import annotations

import random
from datetime import date

from ..domain.codes import CREDIT_CODE_CHARS, credit_code_check_char, id_number_check_char

COUNTY = "青溪县"
REGION = "331099"  # fictional county code in the 3310xx range

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任沈姚卢"
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "华", "慧", "建国", "志强", "晓梅", "海燕", "文博", "子涵", "雨桐", "浩然", "思远", "国栋", "立新", "春燕",
         "振华", "宏伟", "晨曦", "嘉怡", "俊杰", "凯", "鑫", "琳")
TITLES = ("正高级工程师", "高级工程师", "教授", "副教授", "研究员", "副研究员", "主任医师", "副主任医师", "工程师")
#: 职称 that fit each kind of workplace (a 主任医师 works at a hospital, a 教授 at a university …)
TITLES_BY_UNIT_TYPE = {
    "hospital": ("主任医师", "副主任医师"),
    "university": ("教授", "副教授"),
    "institute": ("研究员", "副研究员"),
    "public_institution": ("高级工程师", "正高级工程师", "高级经济师"),
    "enterprise": ("高级工程师", "正高级工程师", "工程师"),
}

#: (name, unit_type, above-scale industrial, has R&D institution, R&D intensity)
UNITS = [
    ("青溪县人民医院", "hospital", False, True, "2.1%"),
    ("青溪县中医院", "hospital", False, False, "0.8%"),
    ("浙西职业技术学院", "university", False, True, "4.5%"),
    ("青溪县农业科学研究所", "institute", False, True, "12.0%"),
    ("青溪县林业技术推广中心", "public_institution", False, False, ""),
    ("浙江青溪新材料股份有限公司", "enterprise", True, True, "3.6%"),
    ("青溪精密机械制造有限公司", "enterprise", True, True, "3.1%"),
    ("浙江溪谷茶业集团有限公司", "enterprise", True, False, "1.2%"),
    ("青溪华睿电子科技有限公司", "enterprise", True, True, "5.2%"),
    ("青溪绿源生物科技有限公司", "enterprise", False, True, "6.8%"),
    ("青溪智联软件有限公司", "enterprise", False, False, "9.5%"),
    ("浙江清源环保科技有限公司", "enterprise", True, True, "3.0%"),
    ("青溪恒达竹木制品有限公司", "enterprise", True, False, "0.9%"),
    ("青溪康宁医疗器械有限公司", "enterprise", False, True, "7.3%"),
    ("青溪新能光伏科技有限公司", "enterprise", True, True, "4.1%"),
    ("青溪山泉食品有限公司", "enterprise", True, True, "1.8%"),
    ("青溪数智农业发展有限公司", "enterprise", False, False, "2.5%"),
    ("浙江溪畔文旅科技有限公司", "enterprise", False, False, ""),
    ("青溪科创孵化器有限公司", "enterprise", False, False, "1.0%"),
    ("青溪县疾病预防控制中心", "public_institution", False, False, ""),
    ("青溪永固建材有限公司", "enterprise", True, False, "0.6%"),
]

#: Project title stems per field (技术领域).
TOPICS = {
    "电子信息": ["基于深度学习的工业视觉缺陷检测系统", "县域政务数据共享平台关键技术", "低功耗物联网环境监测终端",
             "基于北斗的山区地质灾害预警系统", "智慧社区安防边缘计算网关"],
    "先进制造": ["高精度数控机床主轴热变形补偿技术", "竹木家具柔性生产线数字化改造", "小型农机关键零部件轻量化设计",
             "精密轴承智能装配与检测装备", "注塑模具随形冷却流道增材制造"],
    "新材料": ["高性能竹纤维复合材料制备", "光伏组件用耐候封装胶膜", "可降解茶渣基包装材料",
            "低碳水泥基装配式墙体材料", "石墨烯改性防腐涂料中试"],
    "生物医药": ["铁皮石斛多糖提取与功能评价", "县域常见慢病早筛标志物研究", "中药配方颗粒质量控制关键技术",
             "基于微流控的快速病原检测芯片", "老年骨质疏松社区干预研究"],
    "现代农业": ["高山茶园病虫害绿色防控技术", "香榧良种繁育与丰产栽培", "稻渔综合种养模式示范",
             "山地果园宜机化改造与智能灌溉", "食用菌菌渣资源化利用"],
    "资源环境": ["农村生活污水低成本处理工艺", "小流域水环境智能监测与治理", "矿山生态修复植被重建技术",
             "工业园区VOCs治理与在线监测", "垃圾分类智能收运系统"],
    "新能源": ["分布式光伏与储能协同控制", "农村生物质成型燃料高效利用", "小水电站智能化改造",
            "氢燃料电池用双极板制备工艺", "工商业储能安全预警系统"],
    "社会发展": ["县域养老服务数字化平台", "基层医疗机构远程会诊体系建设", "乡村文旅资源数字化保护",
             "校园食品安全快速检测体系", "山区应急救援指挥信息系统"],
    "软科学": ["县域科技创新能力评价研究", "科技特派员制度成效评估", "民营企业研发投入激励政策研究",
            "山区县共同富裕科技支撑路径", "科技成果转化服务体系研究"],
}

#: 专长 of the demo experts, per field (an expert's 专长 is one of its field's, in turn).
SPECIALTIES = {
    "电子信息": ["机器视觉与图像识别", "物联网与传感网络", "嵌入式系统", "软件工程与信息安全", "通信与北斗应用"],
    "先进制造": ["数控机床与精密加工", "工业机器人与自动化", "模具设计与增材制造", "机械结构轻量化", "智能制造系统集成"],
    "新材料": ["高分子复合材料", "竹木纤维材料", "光伏封装材料", "建筑功能材料", "涂料与表面防护"],
    "生物医药": ["天然药物化学", "临床检验诊断", "中药质量控制", "慢性病流行病学", "医疗器械研发"],
    "现代农业": ["茶树栽培与植保", "果树育种与栽培", "水产养殖", "农业机械化", "食用菌与农业废弃物利用"],
    "资源环境": ["水污染控制", "生态修复", "大气污染防治", "固体废物资源化", "环境监测"],
    "新能源": ["光伏发电与储能", "生物质能利用", "水电站自动化", "氢能与燃料电池", "电力系统安全"],
    "社会发展": ["智慧养老与健康服务", "公共卫生管理", "文化遗产数字化", "食品安全检测", "应急管理"],
    "软科学": ["科技政策研究", "区域创新评价", "科技管理与成果转化", "产业经济", "科技金融"],
}


def specialty(field: str, n: int) -> str:
    """The ``n``-th demo expert of ``field`` gets its field's specialties in turn (never an empty 专长)."""
    pool = SPECIALTIES[field]
    return pool[n % len(pool)]


def title(rng: random.Random, unit_type: str, draws: int = len(TITLES)) -> str:
    """A 职称 that fits the workplace. It takes one ``rng.randrange(draws)`` whatever the workplace, as the
    demo's former ``rng.choice`` of ``draws`` titles did, so every later random draw (and with it the
    demo's projects and review history) stays the same."""
    pool = TITLES_BY_UNIT_TYPE.get(unit_type, TITLES_BY_UNIT_TYPE["enterprise"])
    return pool[rng.randrange(draws) % len(pool)]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def id_number(rng: random.Random, seq: int) -> str:
    born = date(1960 + rng.randrange(35), 1 + rng.randrange(12), 1 + rng.randrange(28))
    first17 = f"{REGION}{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + id_number_check_char(first17)


def credit_code(rng: random.Random) -> str:
    org = "".join(rng.choice(CREDIT_CODE_CHARS) for _ in range(9))
    first17 = "91" + REGION + org
    return first17 + credit_code_check_char(first17)

"""normalise_title / title_similarity: realistic pairs and properties."""
from __future__ import annotations

import string
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sti_desk.domain.policy import PolicyParameters
from sti_desk.domain.screening import normalise_title, title_similarity

THRESHOLD = PolicyParameters().title_similarity_threshold
BASE = "基于深度学习的茶叶病害识别系统研发"


def test_normalise_removes_space_punctuation_fillers_and_width():
    assert normalise_title(" 关于“基于深度学习的茶叶病害识别系统”的研究项目。 ") == "基于深度学习茶叶病害识别系统"
    assert normalise_title("ＡＩ　茶叶（２０２５）") == "ai茶叶2025"
    assert normalise_title("高标准农田智能灌溉关键技术研究与示范") == normalise_title("高标准农田智能灌溉关键技术研究及示范")
    assert normalise_title("") == ""


def test_normalise_reaches_a_fixed_point():
    # removing "的" joins "研" and "究": the result must not still contain a filler word
    assert normalise_title("研的究茶叶") == "茶叶"


@pytest.mark.parametrize("other", [
    "基于深度学习的茶叶病害识别系统的研发",        # one more 的
    "基于深度学习的茶叶病害识别系统研发项目",      # filler suffix
    "基于 深度学习 的茶叶病害识别系统研发。",       # spaces and punctuation
    "基于深度学习的茶叶病害智能识别系统研发",      # a modifier added
])
def test_near_identical_titles_reach_the_threshold(other):
    assert title_similarity(BASE, other) >= THRESHOLD


@pytest.mark.parametrize("a,b", [
    ("茶叶病害智能识别系统研发", "茶叶病害识别系统研发"),
    ("新型锂电池正极材料制备工艺研究", "新型锂电池正极材料制备工艺研究与应用"),
    ("茶园病虫害绿色防控技术集成与示范", "茶园病虫害绿色防控技术集成示范"),
    ("关于青山县特色农产品冷链物流体系建设的研究", "青山县特色农产品冷链物流体系建设研究"),
    ("农村生活污水一体化处理设备研发", "农村生活污水一体化处理设备研制"),
])
def test_realistic_duplicates(a, b):
    assert title_similarity(a, b) >= THRESHOLD


@pytest.mark.parametrize("a,b", [
    (BASE, "基于机器视觉的柑橘分拣装备研发"),
    (BASE, "基于深度学习的水稻病害识别系统研发"),     # another crop: another project
    ("新型锂电池正极材料制备工艺研究", "新型锂电池负极材料制备工艺研究"),
    ("高性能碳纤维复合材料制备技术研究", "高性能玻璃纤维复合材料制备技术研究"),
    ("县域中小企业数字化转型路径研究", "县域中小企业融资难问题研究"),
    ("青山镇智慧农业示范园建设", "绿水镇智慧农业示范园建设"),
])
def test_realistic_different_projects(a, b):
    assert title_similarity(a, b) < THRESHOLD


def test_similarity_values_are_exact_decimals():
    assert title_similarity(BASE, BASE) == Decimal(1)
    assert title_similarity("茶叶病害智能识别系统研发", "茶叶病害识别系统研发") == Decimal("0.9091")
    assert title_similarity("", "茶叶") == 0
    assert title_similarity("研究", "项目") == 1   # both normalise to nothing


# -- properties ----------------------------------------------------------------------------------
_NOISE = (" \t\n\u3000，。、；：？！“”‘’（）《》【】—…·「」" + string.punctuation)
noise = st.text(alphabet=st.sampled_from(_NOISE) | st.characters(categories=("P", "Zs")), max_size=3)
titles = st.text(alphabet=st.sampled_from("基于深度学习的茶叶病害识别系统研发项目关于与及水稻ABab12ＡＢ１２")
                 | st.characters(categories=("Lo", "Ll", "Lu", "Nd")), max_size=25)


@given(titles, titles)
def test_similarity_is_symmetric_and_bounded(a, b):
    s = title_similarity(a, b)
    assert s == title_similarity(b, a)
    assert 0 <= s <= 1


@given(titles)
def test_identical_normalised_titles_have_similarity_one(a):
    assert title_similarity(a, a) == 1
    assert title_similarity(a, " " + a + "。") == 1


@given(titles, st.data())
def test_whitespace_and_punctuation_never_change_the_normalised_title(title, data):
    # insert noise between (and around) the characters
    pieces = [data.draw(noise)]
    for ch in title:
        pieces += [ch, data.draw(noise)]
    noisy = "".join(pieces)
    assert normalise_title(noisy) == normalise_title(title)
    # and removing it again changes nothing either
    stripped = "".join(ch for ch in noisy if ch not in _NOISE)
    assert normalise_title(stripped) == normalise_title(noisy)

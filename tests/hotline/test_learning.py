"""The ticket classifier (hotline/learning): quality on the shared 12345 sample, the command line
contract (train / classify / evaluate / retrain), model files that are missing or corrupt, and
the suggestions intake takes from it."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from hl_time import at

from bench.sample_data import shared_data
from zhongshu.core.errors import UserError

pytestmark = pytest.mark.django_db  # the hotline fixtures seed the calendar for every test

DATA = shared_data() / "hotline_labelled.csv"
# The floor this test holds the classifier to. Measured: 0.897 (bench/RESULTS.md, hotline_classifier);
# the goal is 0.92, which this pipeline does not reach (see RESULTS).
MACRO_F1_FLOOR = 0.88

ROAD = ["人民路井盖破损车辆经过很危险", "解放路路面塌陷坑洼积水", "建设路人行道地砖松动破损", "东环路路灯不亮井盖缺失",
        "中山路路面开裂需要修补", "北京路坑槽多车辆颠簸", "和平路隔离栏倒伏路面破损", "新华路井盖下沉发出响声",
        "长江路路面坑洼雨天积水", "黄河路人行道破损老人摔倒", "文化路井盖松动夜间危险", "幸福路路面破损坑洞"]
WATER = ["小区突然停水没有通知", "自来水发黄有异味", "水压太低高层用不上水", "供水管道破裂大量漏水",
         "停水三天了何时恢复供水", "水表漏水物业不管", "自来水浑浊不能饮用", "小区二次供水水箱脏",
         "夜间停水影响生活", "供水管网老化经常爆管", "水费突然上涨停水", "自来水有沉淀物"]
SOCIAL = ["社保缴费基数如何调整", "养老保险断缴怎么补缴", "医保报销比例多少", "社保卡丢失如何补办",
          "失业保险金如何申领", "灵活就业人员社保缴费", "退休人员养老金调整", "医保异地就医备案",
          "社保转移接续怎么办理", "生育保险待遇申领", "工伤保险认定流程", "社保缴费年限查询"]


def small_set():
    texts = ROAD + WATER + SOCIAL
    labels = ["道路交通"] * len(ROAD) + ["供水"] * len(WATER) + ["社保"] * len(SOCIAL)
    return texts, labels


def labelled_rows():
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]


# quality --------------------------------------------------------------------------------------
@pytest.mark.skipif(not DATA.exists(), reason="../shared/data/hotline_labelled.csv is not on this machine")
def test_cross_validated_macro_f1_on_the_shared_sample_is_above_the_floor():
    from zhongshu.hotline.learning import cross_validate

    rows = labelled_rows()
    result = cross_validate([t for t, _ in rows], [lab for _, lab in rows], folds=5, seed=0)
    assert result["folds"] == 5
    assert result["rows"] == 2776
    assert len(result["per_class"]) == 7
    assert result["macro_f1"] >= MACRO_F1_FLOOR, result["macro_f1"]
    assert result["accuracy"] >= MACRO_F1_FLOOR
    # what the threshold leaves to people: a higher threshold suggests less, and is right more often
    low, high = result["at_threshold"][0.5], result["at_threshold"][0.8]
    assert high["share_automatic"] < low["share_automatic"]
    assert high["accuracy_automatic"] > low["accuracy_automatic"]


def test_prediction_has_label_confidence_reasons_from_the_text():
    from zhongshu.hotline.learning import train

    texts, labels = small_set()
    model = train(texts, labels)
    [road, water] = model.predict(["青年路井盖破损，车辆经过很危险", "我们小区今天停水了，什么时候恢复供水"])
    assert road.label == "道路交通"
    assert water.label == "供水"
    for s, text in ((road, "青年路井盖破损，车辆经过很危险"), (water, "我们小区今天停水了，什么时候恢复供水")):
        assert 0 < s.confidence <= 1
        assert s.reasons, "the words that drove the suggestion"
        assert all(word in text for word in s.reasons)
    assert "井盖" in "".join(road.reasons) or "破损" in "".join(road.reasons)
    assert sum(p for _, p in road.alternatives) <= 1.0 + 1e-6


def test_below_the_threshold_a_person_decides():
    from zhongshu.hotline.learning import train

    texts, labels = small_set()
    lenient = train(texts, labels, threshold=0.0)
    mixed = ["井盖破损以后小区停水了"]  # a road and a water problem: the model is not sure
    c = lenient.predict(mixed)[0].confidence
    assert 0 < c < 1
    assert lenient.predict(mixed, threshold=(c + 1) / 2)[0].needs_person is True
    assert lenient.predict(mixed, threshold=c / 2)[0].needs_person is False
    assert train(texts, labels, threshold=(c + 1) / 2).predict(mixed)[0].needs_person is True
    # a text with nothing the model knows is left to a person whatever the scores say
    [unknown] = lenient.predict(["今天天气不错"])
    assert unknown.needs_person is True and unknown.reasons == []
    [empty] = lenient.predict([""])
    assert (empty.label, empty.needs_person) == ("", True)


def test_training_refuses_too_little_data_in_chinese():
    from zhongshu.hotline.learning import train

    with pytest.raises(UserError, match="至少需要 2 个类别"):
        train(["井盖破损"] * 12, ["道路交通"] * 12)
    with pytest.raises(UserError, match="训练数据太少"):
        train(["井盖破损", "停水"], ["道路交通", "供水"])
    with pytest.raises(UserError, match="置信度阈值"):
        train(*small_set(), threshold=1.5)


# model files ----------------------------------------------------------------------------------
def test_saved_model_predicts_the_same_after_loading(tmp_path):
    from zhongshu.hotline.learning import load, save, train

    texts, labels = small_set()
    model = train(texts, labels)
    path = save(model, tmp_path / "m.model")
    save(model, path)  # written again over itself: renamed into place, no temporary file left
    assert [p.name for p in tmp_path.iterdir()] == ["m.model"]
    again = load(path)
    probe = ["幸福路井盖破损", "养老保险怎么补缴", "自来水发黄"]
    assert [(s.label, round(s.confidence, 6), s.reasons) for s in again.predict(probe)] == \
           [(s.label, round(s.confidence, 6), s.reasons) for s in model.predict(probe)]


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated", "flipped"])
def test_missing_or_corrupt_model_file_is_refused_in_chinese(tmp_path, damage):
    from zhongshu.hotline.learning import ModelUnavailable, load, load_or_none, save, train

    path = tmp_path / "m.model"
    save(train(*small_set()), path)
    raw = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"MZ\x90\x00 not a model at all")
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    else:
        path.write_bytes(raw[:-10] + bytes(b ^ 0xFF for b in raw[-10:]))
    with pytest.raises(ModelUnavailable) as error:
        load(path)
    assert "模型文件" in error.value.message
    assert load_or_none(path) is None


# command line ---------------------------------------------------------------------------------
def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_cli_train_classify_evaluate_round_trip(tmp_path):
    texts, labels = small_set()
    train_csv, model, todo, out = tmp_path / "l.csv", tmp_path / "m.model", tmp_path / "in.csv", tmp_path / "p.csv"
    write_csv(train_csv, ["编号", "text", "label"], [(i, t, lab) for i, (t, lab) in enumerate(zip(texts, labels, strict=True))])
    stdout = io.StringIO()
    call_command("hotline", "train", "--csv", str(train_csv), "--text-col", "text", "--label-col", "label",
                 "--model", str(model), stdout=stdout)
    assert model.exists()
    assert "已训练：36 条记录，3 个类别" in stdout.getvalue()

    write_csv(todo, ["编号", "text"], [("a", "学院路井盖破损很危险"), ("b", ""), ("c", "医保异地报销怎么备案")])
    call_command("hotline", "classify", "--model", str(model), "--csv", str(todo), "--text-col", "text",
                 "--out", str(out), stdout=io.StringIO(), stderr=io.StringIO())
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["编号"] for r in rows] == ["a", "b", "c"]
    assert list(rows[0]) == ["编号", "text", "predicted", "confidence", "reasons"]
    assert (rows[0]["predicted"], rows[2]["predicted"]) == ("道路交通", "社保")
    assert 0 < float(rows[0]["confidence"]) <= 1
    assert all(word in rows[0]["text"] for word in rows[0]["reasons"].split("、"))
    assert rows[1]["predicted"] == rows[1]["confidence"] == rows[1]["reasons"] == ""

    stdout = io.StringIO()
    call_command("hotline", "evaluate", "--csv", str(train_csv), "--text-col", "text", "--label-col", "label",
                 "--folds", "3", stdout=stdout)
    text = stdout.getvalue()
    assert "3 折分层交叉验证：36 条记录" in text
    assert "macro-F1" in text and "accuracy" in text


def test_cli_errors_are_chinese(tmp_path):
    good = tmp_path / "l.csv"
    write_csv(good, ["text", "label"], list(zip(*small_set(), strict=True)))
    with pytest.raises(CommandError, match="标签列|label"):
        call_command("hotline", "train", "--csv", str(good), "--text-col", "text", "--label-col", "类别",
                     "--model", str(tmp_path / "m.model"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="0～1"):
        call_command("hotline", "train", "--csv", str(good), "--model", str(tmp_path / "m.model"),
                     "--threshold", "2", stdout=io.StringIO())
    bad_model = tmp_path / "bad.model"
    bad_model.write_text("这不是模型", encoding="utf-8")
    with pytest.raises((CommandError, UserError), match="模型文件"):
        call_command("hotline", "classify", "--model", str(bad_model), "--csv", str(good), "--out",
                     str(tmp_path / "p.csv"), stdout=io.StringIO())
    assert not (tmp_path / "p.csv").exists()


# intake ---------------------------------------------------------------------------------------
def train_category_model(hl):
    from zhongshu.hotline import suggest
    from zhongshu.hotline.learning import save, train

    texts, labels = small_set()
    path = suggest.model_path("category")
    path.parent.mkdir(parents=True, exist_ok=True)
    save(train(texts, labels, threshold=0.5), path)
    suggest.clear_cache()
    return path


def test_intake_takes_the_suggested_category_when_sure(hl, new_ticket):
    train_category_model(hl)
    t = new_ticket(category=None, title="青年路井盖破损", description="青年路井盖破损，车辆经过很危险，请尽快修复。")
    hint = t.suggestion["category"]
    assert hint["label"] == "道路交通"
    assert hint["reasons"]
    assert hint["needs_person"] is False  # sure enough (threshold 0.5): the category is taken
    assert t.category == hl.traffic_cat
    # a category the agent chose is never overridden
    chosen = new_ticket(category=hl.social, title="青年路井盖破损", description="青年路井盖破损，车辆经过很危险。")
    assert chosen.category == hl.social


def test_intake_goes_on_with_a_corrupt_model_and_tells_the_administrators(hl, new_ticket):
    from zhongshu.hotline import suggest
    from zhongshu.notify.models import Notice

    path = train_category_model(hl)
    path.write_bytes(b"corrupt" * 100)
    suggest.clear_cache()
    t = new_ticket(category=None, when=at(2026, 3, 2, 10))
    assert t.pk and t.number
    assert "category" not in t.suggestion
    assert suggest.status()["category"].startswith("模型文件无法读取")
    told = Notice.objects.filter(recipient=hl.sysadmin, kind="hotline.model")
    assert told.count() == 1
    assert "受理不受影响" in told.get().body
    new_ticket(category=None, when=at(2026, 3, 2, 11))  # told once, not per ticket
    assert told.count() == 1


def test_retrain_command_learns_from_decided_tickets(hl, new_ticket):
    from zhongshu.hotline import suggest

    for i, text in enumerate(ROAD[:6]):
        new_ticket(title=text, description=text + "，请处理。", category=hl.road, when=at(2026, 3, 2, 9, i))
    for i, text in enumerate(SOCIAL[:6]):
        new_ticket(title=text, description=text + "，请答复。", category=hl.social, when=at(2026, 3, 2, 10, i))
    stdout = io.StringIO()
    call_command("hotline", "retrain", stdout=stdout)
    assert "分类模型：12 张工单、2 类" in stdout.getvalue()
    assert suggest.model_path("category").exists()
    assert suggest.status()["category"] == ""


def test_csv_from_excel_on_chinese_windows_is_read(tmp_path):
    from zhongshu.hotline.learning.tables import read_table

    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("text,label\n井盖破损,道路交通\n".encode("gb18030"))
    table = read_table(gbk)
    assert (table.columns, table.rows) == (["text", "label"], [["井盖破损", "道路交通"]])
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x81\x30\xff\xff")
    with pytest.raises(UserError, match="编码无法识别"):
        read_table(broken)

import pytest

from kb.numerals import parse_number, to_chinese


def test_round_trip_up_to_two_thousand():
    for number in range(1, 2001):
        assert parse_number(to_chinese(number)) == number


@pytest.mark.parametrize("text, number", [
    ("十", 10), ("十五", 15), ("一十五", 15), ("二十", 20), ("一百零三", 103), ("一百二十三", 123),
    ("两百", 200), ("一千零一", 1001), ("20", 20), ("２０", 20), ("二〇二一", 2021)])
def test_forms(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["", "  ", "abc", "十五a", "一二十", "条", "-3"])
def test_garbage_is_not_a_number(text):
    assert parse_number(text) is None


def test_labels():
    assert to_chinese(15) == "十五"
    assert to_chinese(110) == "一百一十"
    assert to_chinese(1010) == "一千零一十"

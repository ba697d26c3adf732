"""Plain dateparser as a last resort: only for date-looking text, always to be confirmed."""

from __future__ import annotations

from datetime import datetime

from deadline_corpus import HO_CHI_MINH

from bot.deadlines import parse_deadline

NOW = datetime(2022, 7, 7, 10, 0, tzinfo=HO_CHI_MINH)


def test_year_first_date_goes_to_dateparser_and_asks() -> None:
    result = parse_deadline("2022/08/15", now=NOW)
    assert result.deadline is not None
    assert result.deadline.local_date.isoformat() == "2022-08-15"
    assert result.confirm
    assert "ambiguous" in result.confirm_reasons
    assert result.title == ""


def test_dateparser_is_not_asked_about_numbers_or_titles() -> None:
    for text in ("15.08", "12", "1234567890", "gửi báo cáo", "5 năm", "Hội nghị lần 2"):
        assert parse_deadline(text, now=NOW).deadline is None, text


def test_dateparser_respects_the_chat_language() -> None:
    for languages in (("en",), ("vi",)):
        result = parse_deadline("2022/08/15", now=NOW, languages=languages)
        assert result.deadline is not None
        assert result.deadline.local_date.isoformat() == "2022-08-15"

"""Body weight on the Progress page: the readings, their 7-day average, logging and deleting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from alloy_desktop.api import schemas
from alloy_desktop.ui.viewmodels.body_weight import BodyWeightViewModel
from alloy_desktop.ui.viewmodels.progress import epoch
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.views.progress_view import ProgressView
from alloy_desktop.ui.widgets.body_weight_card import BodyWeightCard

MONDAY = date(2026, 11, 2)


@pytest.fixture
def weighed(app_session: AppSession) -> AppSession:
    for days_ago, kg in ((9, 84.0), (6, 83.0), (2, 82.0)):
        app_session.me.body_weight.log(schemas.BodyWeightCreate(kg, MONDAY - timedelta(days_ago)))
    return app_session


def test_the_chart_holds_readings_and_their_average(weighed: AppSession) -> None:
    vm = BodyWeightViewModel(weighed)
    vm.refresh()
    chart = vm.chart
    assert chart.x.tolist() == [epoch(MONDAY - timedelta(d)) for d in (9, 6, 2)]
    assert chart.y.tolist() == [84.0, 83.0, 82.0]
    assert chart.average.tolist() == pytest.approx([84.0, 83.5, 82.5])
    assert vm.summary() == "82 kg on 31 Oct · 7-day average 82.5 kg"


def test_pounds_are_shown(weighed: AppSession) -> None:
    weighed.me.settings.update(schemas.SettingsUpdate(weight_unit="LB"))
    vm = BodyWeightViewModel(weighed)
    vm.refresh()
    assert vm.chart.unit_label == "lb" and vm.chart.y[-1] == pytest.approx(180.78, abs=0.01)


def test_the_card_logs_a_reading_and_deletes_it(qtbot: QtBot, weighed: AppSession) -> None:
    card = BodyWeightCard(weighed)
    qtbot.addWidget(card)
    assert card.stack.currentWidget() is card.plot
    assert card.weight.text() == "" and not card.delete_button.isEnabled()  # nothing today
    card.weight.setText("81,6")  # a comma, as some keyboards type it
    card.log_button.click()
    assert weighed.me.body_weight.latest() == schemas.BodyWeightEntry(4, MONDAY, 81.6)
    assert weighed.me.settings.get_profile().body_weight_kg == 81.6
    assert card.status_line.text() == "Logged 81.6 kg for 2 Nov."
    assert card.delete_button.isEnabled()
    card.day.setDate(QDate(2026, 10, 27))
    assert card.weight.text() == "83"
    card.delete_button.click()
    assert [e.day for e in weighed.me.body_weight.entries()] == [
        date(2026, 10, 24),
        date(2026, 10, 31),
        MONDAY,
    ]


def test_a_bad_value_is_explained(qtbot: QtBot, app_session: AppSession) -> None:
    card = BodyWeightCard(app_session)
    qtbot.addWidget(card)
    assert card.stack.currentWidget() is card.empty
    card.weight.setText("heavy")
    card.log_button.click()
    assert card.error_line.text() == "Type your body weight as a number, e.g. 82.4."
    card.weight.setText("5")
    card.log_button.click()
    assert card.error_line.text() == "Body weight must be between 20 and 400 kg."
    assert app_session.me.body_weight.entries() == []


def test_the_progress_page_shows_the_card(qtbot: QtBot, weighed: AppSession) -> None:
    page = ProgressView(weighed)
    qtbot.addWidget(page)
    page.resize(1090, 750)
    page.show()
    qtbot.waitExposed(page)
    assert page.body_weight.isVisible()
    assert page.body_weight.summary.text().startswith("82 kg on 31 Oct")
    page.restyle()  # a palette switch re-colours it too

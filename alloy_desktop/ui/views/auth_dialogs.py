"""Welcome flow (first account plus profile basics) and the sign-in dialog with remember-me."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alloy_desktop.domain.enums import Equipment, ExperienceLevel, WeightUnit
from alloy_desktop.ui.viewmodels.accounts import WEEKDAYS, AccountsViewModel, NewAccount
from alloy_desktop.ui.viewmodels.session import AppSession
from alloy_desktop.ui.widgets.common import FieldErrors, label

TOKEN_KEY = "auth/token"
EMAIL_KEY = "auth/last_email"
EQUIPMENT_CHOICES = (
    (Equipment.BARBELL, "Barbell"),
    (Equipment.DUMBBELL, "Dumbbells"),
    (Equipment.KETTLEBELLS, "Kettlebells"),
    (Equipment.CABLE, "Cable"),
    (Equipment.MACHINE, "Machines"),
    (Equipment.BANDS, "Bands"),
    (Equipment.EZ_CURL_BAR, "EZ-curl bar"),
    (Equipment.MEDICINE_BALL, "Medicine ball"),
)


def ask_for_user(session: AppSession, settings: QSettings, parent: QWidget | None = None) -> bool:
    """Signs someone in: the remembered token, else the welcome flow or sign-in dialog."""
    token = settings.value(TOKEN_KEY)
    if isinstance(token, str) and token:
        if session.resume(token):
            return True
        settings.remove(TOKEN_KEY)  # expired or refused: never try it again
    dialog: QDialog
    if session.has_accounts():
        dialog = SignInDialog(session, settings, parent)
    else:
        dialog = WelcomeDialog(session, settings, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted and session.is_signed_in


class SignInDialog(QDialog):
    """Email, password, remember me; or create another account."""

    def __init__(
        self, session: AppSession, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to Alloy")
        self.setMinimumWidth(420)
        self.session = session
        self.settings = settings
        self.vm = AccountsViewModel(session, self)
        self.email = QLineEdit(str(settings.value(EMAIL_KEY, "")))
        self.email.setPlaceholderText("name@example.com")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Keep me signed in on this computer for 30 days")
        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        self.sign_in_button = QPushButton("Sign in")
        self.sign_in_button.setProperty("role", "primary")
        self.sign_in_button.setDefault(True)
        self.new_account = QPushButton("Create another account…")
        self.new_account.setFlat(True)
        self._layout()
        self.sign_in_button.clicked.connect(self._on_sign_in_clicked)
        self.new_account.clicked.connect(self._on_new_account_clicked)
        self.vm.error.connect(self.errors.show)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.busy_changed.connect(self._on_busy_changed)
        self.vm.done.connect(self._on_done)
        (self.password if self.email.text() else self.email).setFocus()

    def _layout(self) -> None:
        root = QVBoxLayout(self)
        root.addWidget(label("Welcome back", "title"))
        form = QFormLayout()
        form.addRow("Email", self.email)
        form.addRow("Password", self.password)
        root.addLayout(form)
        root.addWidget(self.remember)
        root.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(self.new_account)
        row.addStretch(1)
        row.addWidget(self.sign_in_button)
        root.addLayout(row)

    def _on_sign_in_clicked(self) -> None:
        self.vm.sign_in(self.email.text(), self.password.text(), self.remember.isChecked())

    def _on_new_account_clicked(self) -> None:
        welcome = WelcomeDialog(self.session, self.settings, self)
        if welcome.exec() == QDialog.DialogCode.Accepted:
            self.accept()

    def _on_busy_changed(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)

    def _on_done(self) -> None:
        self.settings.setValue(EMAIL_KEY, self.email.text().strip().lower())
        if self.remember.isChecked() and self.vm.token:
            self.settings.setValue(TOKEN_KEY, self.vm.token)
        else:
            self.settings.remove(TOKEN_KEY)
        self.accept()


class WelcomeDialog(QDialog):
    """Two steps: the account, then the basics a program needs."""

    def __init__(
        self, session: AppSession, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Alloy")
        self.setMinimumWidth(520)
        self.settings = settings
        self.vm = AccountsViewModel(session, self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._account_page())
        self.pages.addWidget(self._profile_page())
        self.message = QLabel()
        self.errors = FieldErrors(self.message)
        self.errors.bind("name", self.name, self.name_error)
        self.errors.bind("email", self.email, self.email_error)
        self.errors.bind("password", self.password, self.password_error)
        self.errors.bind("confirm", self.confirm, self.confirm_error)
        self.errors.bind("training_days", self.days, self.days_error)
        self.buttons = QDialogButtonBox()
        self.back = self.buttons.addButton("Back", QDialogButtonBox.ButtonRole.ResetRole)
        self.next = self.buttons.addButton("Next", QDialogButtonBox.ButtonRole.ActionRole)
        self.next.setProperty("role", "primary")
        self.next.setDefault(True)
        root = QVBoxLayout(self)
        root.addWidget(label("Let's set you up", "title"))
        root.addWidget(
            label("Everything stays on this computer. No network needed.", "muted", word_wrap=True)
        )
        root.addWidget(self.pages, 1)
        root.addWidget(self.message)
        root.addWidget(self.buttons)
        self.back.clicked.connect(lambda: self._go(0))
        self.next.clicked.connect(self._on_next_clicked)
        self.vm.error.connect(self._on_error)
        self.vm.errors_cleared.connect(self.errors.clear)
        self.vm.busy_changed.connect(lambda busy: self.next.setEnabled(not busy))
        self.vm.done.connect(self._on_done)
        self._go(0)

    def _account_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.name, self.name_error = QLineEdit(), QLabel()
        self.email, self.email_error = QLineEdit(), QLabel()
        self.password, self.password_error = QLineEdit(), QLabel()
        self.confirm, self.confirm_error = QLineEdit(), QLabel()
        self.email.setPlaceholderText("name@example.com")
        self.password.setPlaceholderText("at least 8 characters")
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        for text, field, error in (
            ("Your name", self.name, self.name_error),
            ("Email", self.email, self.email_error),
            ("Password", self.password, self.password_error),
            ("Repeat password", self.confirm, self.confirm_error),
        ):
            form.addRow(text, field)
            form.addRow("", error)
        return page

    def _profile_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.experience = QComboBox()
        for level in ExperienceLevel:
            self.experience.addItem(level.value.capitalize(), level)
        form.addRow("Training experience", self.experience)
        self.days = days = QWidget()
        days_row = QHBoxLayout(days)
        days_row.setContentsMargins(0, 0, 0, 0)
        self.day_boxes = [QCheckBox(name) for name in WEEKDAYS]
        for index, box in enumerate(self.day_boxes):
            box.setChecked(index in (0, 2, 4))
            days_row.addWidget(box)
        self.days_error = QLabel()
        form.addRow("Training days", days)
        form.addRow("", self.days_error)
        self.minutes = QSpinBox()
        self.minutes.setRange(15, 180)
        self.minutes.setSingleStep(5)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" min")
        form.addRow("Session length", self.minutes)
        kit = QWidget()
        grid = QGridLayout(kit)
        grid.setContentsMargins(0, 0, 0, 0)
        self.kit_boxes: list[tuple[Equipment, QCheckBox]] = []
        for index, (equipment, text) in enumerate(EQUIPMENT_CHOICES):
            box = QCheckBox(text)
            box.setChecked(equipment in (Equipment.BARBELL, Equipment.DUMBBELL))
            grid.addWidget(box, index // 4, index % 4)
            self.kit_boxes.append((equipment, box))
        form.addRow("Equipment at hand", kit)
        form.addRow("", label("Bodyweight exercises are always included.", "muted"))
        units = QWidget()
        units_row = QHBoxLayout(units)
        units_row.setContentsMargins(0, 0, 0, 0)
        self.kg, self.lb = QRadioButton("Kilograms"), QRadioButton("Pounds")
        self.kg.setChecked(True)
        group = QButtonGroup(units)
        for button in (self.kg, self.lb):
            group.addButton(button)
            units_row.addWidget(button)
        units_row.addStretch(1)
        form.addRow("Units", units)
        return page

    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.back.setVisible(index > 0)
        self.next.setText("Create account" if index == 1 else "Next")
        (self.name if index == 0 else self.experience).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_next_clicked(self) -> None:
        if self.pages.currentIndex() == 0:
            self.errors.clear()
            if self._account_page_ok():
                self._go(1)
            return
        self.vm.create(self._account())

    def _account_page_ok(self) -> bool:
        """Quick local checks so the lifter isn't sent to page two with an obvious mistake."""
        if not self.name.text().strip():
            self.errors.show("name", "Name is required.")
        elif "@" not in self.email.text():
            self.errors.show("email", "Enter an email address like name@example.com.")
        elif len(self.password.text()) < 8:
            self.errors.show("password", "Password must be at least 8 characters.")
        elif self.password.text() != self.confirm.text():
            self.errors.show("confirm", "The two passwords don't match.")
        else:
            return True
        return False

    def _account(self) -> NewAccount:
        return NewAccount(
            name=self.name.text(),
            email=self.email.text(),
            password=self.password.text(),
            confirm=self.confirm.text(),
            experience=self.experience.currentData(),
            training_days=tuple(i for i, box in enumerate(self.day_boxes) if box.isChecked()),
            session_minutes=self.minutes.value(),
            equipment=tuple(e for e, box in self.kit_boxes if box.isChecked()),
            unit=WeightUnit.LB if self.lb.isChecked() else WeightUnit.KG,
        )

    def _on_error(self, field: str, message: str) -> None:
        if field in ("name", "email", "password", "confirm"):
            self._go(0)
        self.errors.show(field, message)

    def _on_done(self) -> None:
        self.settings.setValue(EMAIL_KEY, self.email.text().strip().lower())
        if self.vm.profile_warning:
            # Signed in, but part of the profile was refused: say what to fix, once.
            QMessageBox.information(self, "Welcome to Alloy", self.vm.profile_warning)
        self.accept()

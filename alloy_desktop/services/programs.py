"""Programs: validate, plan every microcycle with the domain planner, write in bulk, read back."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session as DbSession

from alloy_desktop.domain.deload import MicrocycleLayout, should_deload
from alloy_desktop.domain.enums import (
    ExperienceLevel,
    Goal,
    MicrocycleStatus,
    PersonaAggression,
    PersonaTone,
    ProgressionStyle,
    SplitTemplate,
)
from alloy_desktop.domain.goals import goal_weights_padded, validate_program_shape
from alloy_desktop.domain.interference import (
    InterferenceResult,
    InterferenceRule,
    pad_goals,
    validate_goals,
)
from alloy_desktop.domain.planner import (
    HARD_ROLES,
    MicrocyclePlan,
    ProgramPlanRequest,
    default_split,
    plan_microcycle,
    plan_program,
)
from alloy_desktop.services import validate
from alloy_desktop.services.context import Catalog, UserContext
from alloy_desktop.services.errors import Conflict, NotFound, ValidationError, domain_errors
from alloy_desktop.services.presenters import (
    Row,
    goal_names,
    main_goal_of,
    microcycle_response,
    planned_row,
    program_goals,
    program_response,
    session_response,
)
from alloy_desktop.services.schemas import (
    GoalWeight,
    InterferenceCheck,
    MicrocycleResponse,
    ProgramCreate,
    ProgramResponse,
    SessionDesignReport,
    SessionResponse,
)
from alloy_desktop.services.user_state import (
    fetch_rows,
    load_constraints,
    load_goals,
    load_interference_rules,
    load_mev_mrv,
    load_schedule,
)
from alloy_desktop.store.models import (
    Microcycle,
    PatternExposure,
    Program,
    Session,
    SessionExercise,
    User,
    UserGoal,
    UserProfile,
    new_uids,
)

log = logging.getLogger(__name__)

# Issue 5 hook: (program id, microcycle ids) -> a report, or None when the setting is off.
SessionDesigner = Callable[[int, Sequence[int]], SessionDesignReport | None]

DELOAD_EVERY = 4
MIN_WEEKS, MAX_WEEKS = 8, 12
MAX_GOALS = 3
NAME_LENGTH = 120
STYLE_BY_EXPERIENCE: dict[ExperienceLevel, ProgressionStyle] = {
    ExperienceLevel.BEGINNER: ProgressionStyle.SINGLE_PROGRESSION,
    ExperienceLevel.INTERMEDIATE: ProgressionStyle.DOUBLE_PROGRESSION,
    ExperienceLevel.ADVANCED: ProgressionStyle.WAVE_LOADING,
    ExperienceLevel.EXPERT: ProgressionStyle.WAVE_LOADING,
}

# --- the tree of rows one program is made of ------------------------------------------------


@dataclass
class SessionNode:
    row: dict[str, Any]
    exercises: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class MicrocycleNode:
    row: dict[str, Any]
    sessions: list[SessionNode] = field(default_factory=list)


@dataclass
class ProgramNode:
    row: dict[str, Any]
    goals: list[dict[str, Any]]
    microcycles: list[MicrocycleNode] = field(default_factory=list)


@dataclass(frozen=True)
class _Spec:
    """A ProgramCreate that passed every field check."""

    goals: tuple[tuple[Goal, int], ...]
    duration_weeks: int
    split: SplitTemplate | None
    progression: ProgressionStyle | None
    tone: PersonaTone | None
    aggression: PersonaAggression | None
    name: str
    start_date: date | None


# --- validation -----------------------------------------------------------------------------


def parse_create(request: ProgramCreate) -> _Spec:
    """Field-level checks in the spec's order: weeks, goal count, each goal, then the sum."""
    if not isinstance(request, ProgramCreate):
        raise ValidationError("program", "A program request is required.")
    weeks = validate.whole(request.duration_weeks, "duration_weeks")
    if not (MIN_WEEKS <= weeks <= MAX_WEEKS and weeks % 2 == 0):
        raise ValidationError("duration_weeks", "Duration must be 8, 10 or 12 weeks.")
    goals = parse_goals(request.goals, weighted=True)
    with domain_errors():
        validate_program_shape(goals, weeks)
    start = None if request.start_date is None else validate.day(request.start_date, "start_date")
    return _Spec(
        goals=goals,
        duration_weeks=weeks,
        split=validate.optional_enum(SplitTemplate, request.split_template, "split_template"),
        progression=validate.optional_enum(
            ProgressionStyle, request.progression_style, "progression_style"
        ),
        tone=validate.optional_enum(PersonaTone, request.persona_tone, "persona_tone"),
        aggression=validate.optional_enum(
            PersonaAggression, request.persona_aggression, "persona_aggression"
        ),
        name=validate.text(request.name, "name", NAME_LENGTH),
        start_date=start,
    )


def parse_goals(value: object, weighted: bool) -> tuple[tuple[Goal, int], ...]:
    """1-3 goals; GoalWeight items (or bare goals when not `weighted`, for live checks)."""
    items = validate.sequence(value, "goals", max_items=100)
    if not 1 <= len(items) <= MAX_GOALS:
        raise ValidationError("goals", f"Choose between 1 and {MAX_GOALS} goals.")
    parsed = []
    for i, item in enumerate(items):
        if isinstance(item, GoalWeight):
            goal = validate.enum_value(Goal, item.goal, f"goals[{i}].goal", "Goal")
            weight = validate.whole(item.weight, f"goals[{i}].weight", 0, 10) if weighted else 0
        elif not weighted:
            goal, weight = validate.enum_value(Goal, item, f"goals[{i}]", "Goal"), 0
        else:
            raise ValidationError(f"goals[{i}]", "Each goal needs a goal and a weight.")
        parsed.append((goal, weight))
    return tuple(parsed)


def check_interference(
    goals: Sequence[Goal], rules: Sequence[InterferenceRule]
) -> InterferenceResult:
    """The spec's check: goals padded to three, every distinct pair against the rules."""
    with domain_errors():
        return validate_goals(pad_goals(list(goals)), rules)


# --- planning -------------------------------------------------------------------------------


def plan_request(
    goals: Sequence[tuple[Goal, int]],
    program: Mapping[str, Any],
    mev_mrv: Mapping[Any, tuple[int, int]],
    adjustments: Mapping[str, float],
) -> ProgramPlanRequest:
    """The planner's request for a program row (drafted or stored)."""
    return ProgramPlanRequest(
        goals=tuple(goals),
        duration_weeks=program["duration_weeks"],
        split=SplitTemplate(program["split_template"]),
        progression=ProgressionStyle(program["progression_style"]),
        training_weekdays=tuple(program["training_weekdays"]),
        session_minutes=program["session_minutes"],
        microcycle_length_days=program["microcycle_length_days"],
        deload_every_n=program["deload_every_n_microcycles"],
        mev_mrv=mev_mrv,
        adjustments=adjustments,
        start_weekday=program["start_date"].weekday(),
    )


def microcycle_node(
    plan: MicrocyclePlan, program_start: date, catalog: Catalog, first: bool
) -> MicrocycleNode:
    """Rows (without ids) for one planned microcycle, its sessions and exercises."""
    start = program_start + timedelta(days=plan.start_offset_days)
    node = MicrocycleNode(
        {
            "id": None,
            "program_id": None,
            "sequence_number": plan.sequence_number,
            "start_date": start,
            "length_days": plan.length_days,
            # The first microcycle is the one under way; later ones wait their turn.
            "status": MicrocycleStatus.ACTIVE if first else MicrocycleStatus.PLANNED,
            "is_deload": plan.is_deload,
        }
    )
    for session in plan.sessions:
        row = {
            "id": None,
            "program_id": None,
            "microcycle_id": None,
            "session_date": start + timedelta(days=session.day_offset),
            "day_offset": session.day_offset,
            "name": session.name,
            "session_type": session.session_type,
            "notes": "",
            "accepted_plan": None,
        }
        exercises = [
            planned_row(e, catalog.by_id[e.movement_id].pattern, None) for e in session.exercises
        ]
        node.sessions.append(SessionNode(row, exercises))
    return node


def default_name(goals: Sequence[GoalWeight], weeks: int) -> str:
    """ "Strength and hypertrophy, 8 weeks"."""
    words = goal_names(goals)
    return f"{words[:1].upper()}{words[1:]}, {weeks} weeks"


# --- writing --------------------------------------------------------------------------------


def table_of(model: Any) -> Table:
    """A model's Core table, for executemany inserts that skip the ORM's per-row bookkeeping."""
    table: Table = model.__table__
    return table


def _payload(row: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    # The database assigns ids; an explicit NULL id would fail on PostgreSQL.
    return {**{k: v for k, v in row.items() if k != "id"}, **extra}


def write_microcycles(
    db: DbSession, user_id: int, program_id: int, microcycles: Sequence[MicrocycleNode]
) -> None:
    """Inserts microcycles, sessions, exercises and pattern exposures: one batch per table.

    Every row gets its uid here, and the generated ids come back by uid through RETURNING,
    which needs no second query and no trust in the order a database returns rows in.
    """
    if not microcycles:
        return
    mc_rows = [_payload(mc.row, program_id=program_id) for mc in microcycles]
    for mc, mc_id in zip(microcycles, insert_rows(db, Microcycle, mc_rows), strict=True):
        mc.row.update(id=mc_id, program_id=program_id)
        for session in mc.sessions:
            session.row.update(program_id=program_id, microcycle_id=mc_id)
    sessions = [s for mc in microcycles for s in mc.sessions]
    _write_sessions(db, sessions)
    _write_exercises(db, user_id, sessions)
    exposures = [row for s in sessions for row in _exposures(s)]
    if exposures:
        insert_rows(db, PatternExposure, exposures)


def insert_rows(db: DbSession, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Inserts rows of a synced table; their new ids, in row order.

    Core, not the ORM: a program's thousand rows would each cost an ORM state object. With
    RETURNING, SQLAlchemy sends the rows as a few multi-row INSERTs (its "insertmanyvalues"),
    a third faster on SQLite than one statement run per row.
    """
    if not rows:
        return []
    table = table_of(model)
    for row, uid in zip(rows, new_uids(len(rows)), strict=True):
        row["uid"] = uid
    result = db.connection().execute(insert(table).returning(table.c.uid, table.c.id), rows)
    ids = {uid: row_id for uid, row_id in result}
    return [ids[row["uid"]] for row in rows]


def _write_sessions(db: DbSession, sessions: list[SessionNode]) -> None:
    # A new session has no accepted plan: leave the column NULL rather than JSON null.
    rows = [_payload(s.row) for s in sessions]
    for row in rows:
        row.pop("accepted_plan", None)
    for s, session_id in zip(sessions, insert_rows(db, Session, rows), strict=True):
        s.row["id"] = session_id


def _write_exercises(db: DbSession, user_id: int, sessions: list[SessionNode]) -> None:
    pairs = [(s.row["id"], e) for s in sessions for e in s.exercises]
    rows = [_payload(e, session_id=session_id, user_id=user_id) for session_id, e in pairs]
    for (_, e), exercise_id in zip(pairs, insert_rows(db, SessionExercise, rows), strict=True):
        e["id"] = exercise_id


def _exposures(session: SessionNode) -> list[dict[str, Any]]:
    """Hard sets per movement pattern in one session (what pattern strength tracking counts)."""
    sets: dict[Any, int] = defaultdict(int)
    for e in session.exercises:
        if e["exercise_role"] in HARD_ROLES:
            sets[e["pattern"]] += e["sets"]
    return [
        {"session_id": session.row["id"], "pattern": pattern, "sets": count}
        for pattern, count in sets.items()
    ]


# --- reading --------------------------------------------------------------------------------


def load_program_nodes(
    db: DbSession, user_id: int, program_ids: Sequence[int] | None = None
) -> list[ProgramNode]:
    """The user's programs (all, or the given ids) as row trees, newest first: five queries."""
    programs_t = Program.__table__
    query = select(programs_t).where(programs_t.c.user_id == user_id)
    if program_ids is not None:
        query = query.where(programs_t.c.id.in_(program_ids))
    programs = fetch_rows(db, query.order_by(programs_t.c.id.desc()))
    ids = [p["id"] for p in programs]
    if not ids:
        return []
    goals = fetch_rows(db, select(UserGoal.__table__).where(UserGoal.program_id.in_(ids)))
    microcycles = fetch_rows(db, select(Microcycle.__table__).where(Microcycle.program_id.in_(ids)))
    sessions = fetch_rows(db, select(Session.__table__).where(Session.program_id.in_(ids)))
    exercises = fetch_rows(
        db,
        select(SessionExercise.__table__)
        .join(Session, Session.id == SessionExercise.session_id)
        .where(Session.program_id.in_(ids), SessionExercise.user_id == user_id),
    )
    return _assemble(programs, goals, microcycles, sessions, exercises)


def _assemble(
    programs: list[dict[str, Any]],
    goals: list[dict[str, Any]],
    microcycles: list[dict[str, Any]],
    sessions: list[dict[str, Any]],
    exercises: list[dict[str, Any]],
) -> list[ProgramNode]:
    by_session: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in exercises:
        by_session[e["session_id"]].append(e)
    by_microcycle: dict[int, list[SessionNode]] = defaultdict(list)
    for s in sessions:
        by_microcycle[s["microcycle_id"]].append(SessionNode(s, by_session[s["id"]]))
    by_program: dict[int, list[MicrocycleNode]] = defaultdict(list)
    for mc in microcycles:
        by_program[mc["program_id"]].append(MicrocycleNode(mc, by_microcycle[mc["id"]]))
    goals_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for g in goals:
        goals_of[g["program_id"]].append(g)
    return [ProgramNode(p, goals_of[p["id"]], by_program[p["id"]]) for p in programs]


def present_microcycle(
    node: MicrocycleNode, catalog: Catalog, main_goal: Goal | None
) -> MicrocycleResponse:
    """A microcycle tree as the api's response."""
    deload = bool(node.row["is_deload"])
    sessions = [
        session_response(s.row, s.exercises, catalog, main_goal, deload) for s in node.sessions
    ]
    return microcycle_response(node.row, sessions)


def present_program(node: ProgramNode, catalog: Catalog) -> ProgramResponse:
    """A program tree as the api's response, with time estimates for every session."""
    goals = program_goals(node.goals)
    main_goal = main_goal_of(goals)
    microcycles = [present_microcycle(mc, catalog, main_goal) for mc in node.microcycles]
    return program_response(node.row, goals, microcycles)


# --- the service ----------------------------------------------------------------------------


class ProgramService:
    """The spec's /programs endpoints for one user."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx
        self.session_designer: SessionDesigner | None = None  # issue 5: set by UserApi

    def create(self, request: ProgramCreate) -> ProgramResponse:
        """Validates, plans every microcycle and writes it all; the new program becomes active."""
        spec = parse_create(request)
        catalog = self._ctx.catalog
        with self._ctx.write() as db:
            node = self._draft(db, spec, catalog)
            # Only one active program per user: the new one replaces the old.
            db.execute(
                update(Program)
                .where(Program.user_id == self._ctx.user_id, Program.is_active.is_(True))
                .values(is_active=False)
            )
            self._write(db, node)
        if self._coach_designed(node.row["id"], node.microcycles[:1]):  # issue 5 hook
            return self.get(node.row["id"])
        return present_program(node, catalog)

    def preview(self, request: ProgramCreate) -> ProgramResponse:
        """The plan create() would write, without writing anything (ids are None)."""
        spec = parse_create(request)
        catalog = self._ctx.catalog
        with self._ctx.read() as db:
            node = self._draft(db, spec, catalog)
        return present_program(node, catalog)

    def check_goals(self, goals: Sequence[GoalWeight | Goal | str]) -> InterferenceCheck:
        """Live validation for the goal picker: valid, soft warnings, or the blocking conflict."""
        parsed = parse_goals(goals, weighted=False)
        with self._ctx.read() as db:
            result = check_interference([g for g, _ in parsed], load_interference_rules(db))
        if not result.is_valid:
            return InterferenceCheck(False, (), " ".join(result.warnings))
        return InterferenceCheck(True, result.warnings, None)

    def list(self) -> list[ProgramResponse]:
        """Every program of the user, newest first, with time estimates."""
        catalog = self._ctx.catalog
        with self._ctx.read() as db:
            nodes = load_program_nodes(db, self._ctx.user_id)
        return [present_program(node, catalog) for node in nodes]

    def get(self, program_id: int) -> ProgramResponse:
        """One program with its microcycles, sessions and time estimates."""
        with self._ctx.read() as db:
            node = self._node(db, program_id)
        return present_program(node, self._ctx.catalog)

    def delete(self, program_id: int) -> ProgramResponse:
        """Deletes the program; the database cascades to goals, microcycles, sessions, exercises."""
        with self._ctx.write() as db:
            node = self._node(db, program_id)
            db.execute(
                delete(Program).where(
                    Program.id == node.row["id"], Program.user_id == self._ctx.user_id
                )
            )
        return present_program(node, self._ctx.catalog)

    def activate(self, program_id: int) -> ProgramResponse:
        """Makes this the user's one active program."""
        pid = validate.identifier(program_id, "program_id")
        with self._ctx.write() as db:
            self._require(db, pid)
            db.execute(
                update(Program)
                .where(Program.user_id == self._ctx.user_id, Program.id != pid)
                .values(is_active=False)
            )
            db.execute(update(Program).where(Program.id == pid).values(is_active=True))
            node = self._node(db, pid)
        return present_program(node, self._ctx.catalog)

    def generate_next_microcycle(self, program_id: int) -> MicrocycleResponse:
        """Appends microcycle n+1 with its sessions (a deload every deload_every_n)."""
        pid = validate.identifier(program_id, "program_id")
        catalog = self._ctx.catalog
        with self._ctx.write() as db:
            program = self._require(db, pid)
            if not program["is_active"]:
                raise Conflict("Only the active program can be extended. Activate it first.")
            last = db.execute(
                select(Microcycle.sequence_number, Microcycle.start_date, Microcycle.length_days)
                .where(Microcycle.program_id == pid)
                .order_by(Microcycle.sequence_number.desc())
                .limit(1)
            ).first()
            if last is None:
                raise Conflict("This program has no microcycle to follow on from.")
            node = self._next_microcycle(db, program, last, catalog)
            write_microcycles(db, self._ctx.user_id, pid, [node])
            goals = load_goals(db, pid)
        if self._coach_designed(pid, [node]):  # issue 5 hook
            with self._ctx.read() as db:
                reread = self._node(db, pid).microcycles
            node = next(mc for mc in reread if mc.row["id"] == node.row["id"])
        return present_microcycle(node, catalog, main_goal_of(goals))

    def get_session(self, program_id: int, microcycle_id: int, session_id: int) -> SessionResponse:
        """One session of one of the user's programs, with its time breakdown."""
        pid = validate.identifier(program_id, "program_id")
        mid = validate.identifier(microcycle_id, "microcycle_id")
        sid = validate.identifier(session_id, "session_id")
        with self._ctx.read() as db:
            found = (
                db.execute(
                    select(Session.__table__, Microcycle.is_deload)
                    .join(Microcycle, Microcycle.id == Session.microcycle_id)
                    .join(Program, Program.id == Session.program_id)
                    .where(
                        Session.id == sid,
                        Session.microcycle_id == mid,
                        Session.program_id == pid,
                        Program.user_id == self._ctx.user_id,
                    )
                )
                .mappings()
                .first()
            )
            if found is None:
                raise NotFound("That session doesn't exist.")
            session = dict(found)
            exercises = fetch_rows(
                db, select(SessionExercise.__table__).where(SessionExercise.session_id == sid)
            )
            goals = load_goals(db, pid)
        return session_response(
            session, exercises, self._ctx.catalog, main_goal_of(goals), bool(session["is_deload"])
        )

    # -- issue 5 hook: LLM session design (P1), wired in by UserApi; minimal on purpose

    def _coach_designed(self, program_id: int, microcycles: Sequence[MicrocycleNode]) -> bool:
        """Lets the coach redesign freshly written sessions; True when it changed any.

        Runs after the planner's rows are committed, so a slow or failing model can never
        cost the lifter their program: every session it can't design stays as planned.
        """
        if self.session_designer is None or not microcycles:
            return False
        try:
            report = self.session_designer(program_id, [mc.row["id"] for mc in microcycles])
        except Exception:  # the planner's program is already saved and stands
            log.exception("the coach failed to design sessions; the planner's stand")
            return False
        return report is not None and report.designed > 0

    # -- helpers

    def _node(self, db: DbSession, program_id: int) -> ProgramNode:
        pid = validate.identifier(program_id, "program_id")
        nodes = load_program_nodes(db, self._ctx.user_id, [pid])
        if not nodes:
            raise NotFound("That program doesn't exist.")
        return nodes[0]

    def _require(self, db: DbSession, program_id: int) -> Row:
        row = (
            db.execute(
                select(Program.__table__).where(
                    Program.id == program_id, Program.user_id == self._ctx.user_id
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound("That program doesn't exist.")
        return dict(row)

    def _draft(self, db: DbSession, spec: _Spec, catalog: Catalog) -> ProgramNode:
        """The whole program as rows without ids: interference, preferences, then the planner."""
        check = check_interference([g for g, _ in spec.goals], load_interference_rules(db))
        if not check.is_valid:
            raise Conflict(" ".join(check.warnings))
        program = self._program_row(db, spec)
        goals = [
            {"user_id": self._ctx.user_id, "goal": goal, "weight": weight, "position": position}
            for position, (goal, weight) in enumerate(spec.goals, start=1)
        ]
        request = plan_request(spec.goals, program, load_mev_mrv(db), check.adjustments)
        constraints = load_constraints(db, self._ctx.user_id, catalog)
        with domain_errors():
            plan = plan_program(request, catalog.movements, constraints)
        program["warnings"] = list(dict.fromkeys([*check.warnings, *plan.warnings]))
        microcycles = [
            microcycle_node(mc, program["start_date"], catalog, first=i == 0)
            for i, mc in enumerate(plan.microcycles)
        ]
        return ProgramNode(program, goals, microcycles)

    def _program_row(self, db: DbSession, spec: _Spec) -> dict[str, Any]:
        """The Program row: the request, else the profile and user, else the defaults."""
        user = db.execute(
            select(User.experience_level, User.persona_tone, User.persona_aggression).where(
                User.id == self._ctx.user_id
            )
        ).one()
        preferred_split = db.scalar(
            select(UserProfile.preferred_split).where(UserProfile.user_id == self._ctx.user_id)
        )
        schedule = load_schedule(db, self._ctx.user_id)
        (g1, w1), (g2, w2), (g3, w3) = goal_weights_padded(spec.goals)
        weights = tuple(GoalWeight(g, w) for g, w in spec.goals)
        experience = ExperienceLevel(user.experience_level or ExperienceLevel.BEGINNER)
        return {
            "id": None,
            "user_id": self._ctx.user_id,
            "name": spec.name or default_name(weights, spec.duration_weeks),
            "goal_1": g1, "goal_weight_1": w1,
            "goal_2": g2, "goal_weight_2": w2,
            "goal_3": g3, "goal_weight_3": w3,
            "duration_weeks": spec.duration_weeks,
            "split_template": spec.split
            or preferred_split
            or default_split(spec.goals, len(set(schedule.weekdays))),
            "progression_style": spec.progression or STYLE_BY_EXPERIENCE[experience],
            "persona_tone": spec.tone or user.persona_tone,
            "persona_aggression": spec.aggression or user.persona_aggression,
            "deload_every_n_microcycles": DELOAD_EVERY,
            "microcycle_length_days": schedule.microcycle_length_days,
            "training_weekdays": list(schedule.weekdays),
            "session_minutes": schedule.session_minutes,
            "start_date": spec.start_date or self._ctx.today(),
            "is_active": True,
            "warnings": [],
            "created_at": self._ctx.now(),
        }  # fmt: skip

    def _write(self, db: DbSession, node: ProgramNode) -> None:
        program_id = db.scalars(insert(Program).returning(Program.id), [_payload(node.row)]).one()
        node.row["id"] = program_id
        db.execute(insert(UserGoal), [_payload(g, program_id=program_id) for g in node.goals])
        goal_ids = dict(
            db.execute(
                select(UserGoal.goal, UserGoal.id).where(UserGoal.program_id == program_id)
            ).all()
        )
        for goal in node.goals:
            goal.update(id=goal_ids[goal["goal"]], program_id=program_id)
        write_microcycles(db, self._ctx.user_id, program_id, node.microcycles)

    def _next_microcycle(
        self, db: DbSession, program: Row, last: Any, catalog: Catalog
    ) -> MicrocycleNode:
        """Plans microcycle n+1 with today's rules, equipment and injuries."""
        sequence = last.sequence_number + 1
        start = last.start_date + timedelta(days=last.length_days)
        every = program["deload_every_n_microcycles"]
        layout = MicrocycleLayout(
            sequence_number=sequence,
            start_offset_days=(start - program["start_date"]).days,
            length_days=program["microcycle_length_days"],
            is_deload=should_deload(sequence, every),
        )
        goals = [(Goal(g.goal), g.weight) for g in load_goals(db, program["id"])]
        check = check_interference([g for g, _ in goals], load_interference_rules(db))
        # Rules may have been tightened since the program was made; extend it regardless.
        adjustments = check.adjustments if check.is_valid else {}
        request = plan_request(goals, program, load_mev_mrv(db), adjustments)
        constraints = load_constraints(db, self._ctx.user_id, catalog)
        with domain_errors():
            plan = plan_microcycle(request, catalog.movements, constraints, layout)
        return microcycle_node(plan, program["start_date"], catalog, first=False)

"""Shared base for every settings model, and the way section validators report problems."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, ValidationInfo, model_validator
from pydantic_core import InitErrorDetails

from infra.settings.environment import Environment

# The collectors a cross-field check creates while it runs on a partial section (see _cross_field_problems).
_COLLECTORS: ContextVar[list[ViolationCollector] | None] = ContextVar("_COLLECTORS", default=None)


class FieldUnavailable(Exception):
    """Raised when a check reads a field that failed validation: that check is skipped, the field's
    own problem is already reported."""


class SettingsModel(BaseModel):
    """Frozen, strict about unknown keys (a typo is an error, not a silent default) and about types
    (`"true"` is not a boolean, `true` is not a count). Patterns are Python regular expressions,
    anchored with `\\Z` (not `$`, which accepts a trailing newline).

    Every problem at once: when some fields fail, the section's cross-field checks still run on the
    fields that passed (a check that needs a failed field is skipped), so a stack file shows its
    field problems and its cross-field problems together.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, strict=True, regex_engine="python-re")

    def __getattr__(self, name: str) -> Any:
        # Only reached on a partial instance (a complete one has every field in its __dict__).
        if name in type(self).model_fields:
            raise FieldUnavailable(name)
        return super().__getattr__(name)  # type: ignore[misc]  # pydantic defines it only when not type checking

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem_at_once(cls, data: Any, handler: Any, info: ValidationInfo) -> Any:
        try:
            return handler(data)
        except ValidationError as error:
            cross_field = _cross_field_problems(cls, data, error, info)
            if not cross_field:
                raise
            details = [
                *_details(error),
                InitErrorDetails(type="value_error", loc=(), input=data, ctx={"error": cross_field}),
            ]
            raise ValidationError.from_exception_data(cls.__name__, details) from None


class Violations(ValueError):
    """Several invariant violations of one section, reported together.

    Each violation is `(path, message, value)`; `path` is relative to the section that raises it. The
    error formatter expands them into one line each, so a bad stack file shows every problem at once.
    """

    def __init__(self, violations: list[tuple[tuple[str | int, ...], str, Any]]):
        self.violations = violations
        super().__init__("; ".join(message for _, message, _ in violations))


class ViolationCollector:
    """Collects invariant violations inside a model validator and raises them as one `Violations`."""

    def __init__(self) -> None:
        self._items: list[tuple[tuple[str | int, ...], str, Any]] = []
        watching = _COLLECTORS.get()
        if watching is not None:
            watching.append(self)

    @property
    def items(self) -> list[tuple[tuple[str | int, ...], str, Any]]:
        return list(self._items)

    def add(self, path: str | tuple[str | int, ...], message: str, value: Any) -> None:
        self._items.append(((path,) if isinstance(path, str) else path, message, value))

    def at_least(self, path: str | tuple[str | int, ...], value: float, floor: float, environment: str) -> None:
        """Reports `must be >= <floor> in <environment>` when `value` is below the environment's floor."""
        if value < floor:
            self.add(path, f"must be >= {floor} in {environment}", value)

    def raise_if_any(self) -> None:
        if self._items:
            raise Violations(self._items)


def run_checks(checks: Sequence[Callable[[Any, ViolationCollector], None]], target: Any) -> None:
    """Runs each check on `target` and raises `Violations` for all of them; a check that reads a field
    that failed validation is skipped (on a partial section), the others still run."""
    problems = ViolationCollector()
    for check in checks:
        try:
            check(target, problems)
        except FieldUnavailable:
            continue
    problems.raise_if_any()


def environment_of(info: ValidationInfo) -> Environment | None:
    """The environment being validated, passed down as validation context by the root model."""
    context = info.context or {}
    return context.get("environment")


def _cross_field_problems(
    cls: type[SettingsModel], data: Any, error: ValidationError, info: ValidationInfo
) -> Violations | None:
    """The section's `after` model validators run on the fields that passed."""
    checks = [d.func for d in cls.__pydantic_decorators__.model_validators.values() if d.info.mode == "after"]
    items = error.errors()
    if not checks or not isinstance(data, Mapping) or any(not item["loc"] for item in items):
        return None
    failed = {item["loc"][0] for item in items}
    partial = _partial(cls, data, failed, info)
    found: list[tuple[tuple[str | int, ...], str, Any]] = []
    for check in checks:
        collectors: list[ViolationCollector] = []
        watch = _COLLECTORS.set(collectors)
        try:
            check(partial, info) if len(inspect.signature(check).parameters) == 2 else check(partial)
        except FieldUnavailable:  # keep what the check had found before it needed the refused field
            found.extend(item for collector in collectors for item in collector.items)
        except Violations as violations:
            found.extend(violations.violations)
        except ValueError as problem:
            found.append(((), str(problem), data))
        finally:
            _COLLECTORS.reset(watch)
    return Violations(found) if found else None


def _partial(cls: type[SettingsModel], data: Mapping, failed: set, info: ValidationInfo) -> SettingsModel:
    # A factory default is validated as the complete model validates it (validate_default): a section
    # omitted from the stack file takes its environment's values with the stack's context.
    values = {
        name: _field_adapter(cls, name).validate_python(
            data[name] if name in data else field.get_default(call_default_factory=True), context=info.context
        )
        for name, field in cls.model_fields.items()
        if name not in failed and (name in data or field.default_factory is not None)
    }
    partial = cls.model_construct(**values)
    for name in failed:
        partial.__dict__.pop(name, None)  # not the default: a check must not see a value that was refused
    return partial


@cache
def _field_adapter(cls: type[SettingsModel], name: str) -> TypeAdapter:
    field = cls.model_fields[name]
    annotation: Any = Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
    if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
        return TypeAdapter(annotation)  # a model brings its own config
    return TypeAdapter(annotation, config=ConfigDict(regex_engine="python-re"))


def _details(error: ValidationError) -> list[InitErrorDetails]:
    details = []
    for item in error.errors():
        detail = InitErrorDetails(type=item["type"], loc=tuple(item["loc"]), input=item.get("input"))
        if "ctx" in item:
            detail["ctx"] = item["ctx"]
        details.append(detail)
    return details

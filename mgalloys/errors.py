"""The exceptions raised by mgalloys.

Every error the library raises on bad input derives from ``MgAlloysError``, so callers can
catch one type. Each also derives from the matching built-in (``LookupError``, ``ValueError`` or
``TypeError``) so generic handlers keep working. Every message names what was wrong and what is
accepted. Every error survives a ``pickle`` round trip (multiprocessing, Dask), with its
attributes.

Examples:
    >>> import pickle
    >>> import mgalloys as mg
    >>> err = mg.WrongDimensionError("property 'density'", "[mass] / [length] ** 3", "[length]")
    >>> copy = pickle.loads(pickle.dumps(err))
    >>> str(copy) == str(err), copy.expected
    (True, '[mass] / [length] ** 3')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = [
    "AlloyNotFoundError",
    "AmbiguousAlloyError",
    "CitationStyleError",
    "ColumnNotFoundError",
    "DataError",
    "DesignationError",
    "ExportError",
    "ExportValueError",
    "FamilyNotFoundError",
    "IncompatibleScalesError",
    "InputTypeError",
    "InputValueError",
    "MatplotlibMissingError",
    "MgAlloysError",
    "MissingDataError",
    "NoPlotDataError",
    "PlotError",
    "ReadOnlyError",
    "TargetSyntaxError",
    "TemperNotFoundError",
    "TemperatureError",
    "UnitParseError",
    "UnitsError",
    "UnknownPropertyError",
    "UsageError",
    "WrongDimensionError",
    "describe_input",
]


def describe_input(x: object) -> str:
    """How an error message shows a value it refuses: its type and a ``repr`` cut to a readable
    length (a string as its ``repr`` alone)."""
    text = repr(x)
    shown = text if len(text) <= 60 else f"{text[:50]}... ({len(text)} characters)"
    return shown if isinstance(x, (str, bytes)) else f"{type(x).__name__} {shown}"


def _rebuild(cls: type[BaseException], args: tuple[object, ...], state: dict[str, object]) -> BaseException:
    """Unpickle an error without calling its ``__init__`` (whose signature differs per class)."""
    err = cls.__new__(cls, *args)
    err.args = args
    err.__dict__.update(state)
    return err


class MgAlloysError(Exception):
    """Base class of every error raised by mgalloys."""

    def __reduce__(self) -> tuple[object, ...]:
        # Exception's own reduce calls cls(*args), which fails for errors whose __init__ takes
        # other arguments than the message; rebuild from args and attributes instead.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))

    def __str__(self) -> str:  # LookupError would repr() a one-argument message otherwise
        return str(self.args[0]) if len(self.args) == 1 else super().__str__()


class InputTypeError(MgAlloysError, TypeError):
    """An argument of a type the function does not take; the message names the accepted types."""


class InputValueError(MgAlloysError, ValueError):
    """An argument of the right type whose value is not accepted (an unknown kind, a duplicate
    property, a column mapped to nothing, a count below 1...); the message says what is accepted."""


class ReadOnlyError(MgAlloysError, TypeError):
    """An attempt to change a value the library handed out (it belongs to the bundled data)."""


class FamilyNotFoundError(MgAlloysError, LookupError):
    """No family with that id, number or name."""


def _suggest(suggestions: Sequence[str]) -> str:
    if not suggestions:
        return ""
    quoted = ", ".join(f"'{s}'" for s in suggestions)
    return f"; did you mean {quoted}?"


class AlloyNotFoundError(MgAlloysError, LookupError):
    """No bundled alloy record matches the name.

    ``suggestions`` holds the closest known names (possibly empty).
    """

    def __init__(self, name: str, suggestions: Sequence[str] = (), hint: str = "") -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        msg = f"no alloy {name!r}{_suggest(self.suggestions)}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class TemperNotFoundError(AlloyNotFoundError):
    """The grade is known, but not in the requested temper or product form.

    ``available`` holds the grade's record ids; ``tempers`` maps each temper the data has for the
    grade (``""`` for records without one) to its record ids, when the caller knows it.
    """

    def __init__(
        self,
        name: str,
        grade: str,
        temper: str,
        available: Sequence[str],
        tempers: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.grade = grade
        self.temper = temper
        self.available = tuple(available)
        self.tempers = {t: tuple(rids) for t, rids in (tempers or {}).items()}
        if self.tempers:
            has = "; ".join(
                f"{t or 'no temper given'} ({', '.join(rids)})" for t, rids in self.tempers.items()
            )
            msg = f"no record of {grade} in temper {temper!r} (asked for {name!r}); {grade} has: {has}"
        else:
            msg = (
                f"no record of {grade} in temper {temper!r} (asked for {name!r}); "
                f"the data has {grade} as: {', '.join(self.available)}"
            )
        MgAlloysError.__init__(self, msg)
        self.name = name
        self.suggestions = self.available


class AmbiguousAlloyError(MgAlloysError, LookupError):
    """The name matches several records; ``candidates`` lists their ids."""

    def __init__(self, name: str, candidates: Sequence[str], why: str = "") -> None:
        self.name = name
        self.candidates = tuple(candidates)
        reason = f" ({why})" if why else ""
        super().__init__(
            f"{name!r} is ambiguous{reason}: it matches {', '.join(self.candidates)}; ask for one of these"
        )


class UnknownPropertyError(MgAlloysError, LookupError):
    """A property id or alias that the property table does not know."""

    def __init__(self, name: str, suggestions: Sequence[str], known: Sequence[str]) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        super().__init__(
            f"unknown property {name!r}{_suggest(self.suggestions)} (known properties: {', '.join(known)})"
        )


class UnitsError(MgAlloysError, ValueError):
    """Base class of unit problems."""


class UnitParseError(UnitsError):
    """A string that is not a number followed by a unit pint understands."""


class WrongDimensionError(UnitsError):
    """A quantity whose dimension does not fit the property or unit it was given for."""

    def __init__(self, what: str, expected: str, given: str) -> None:
        self.what = what
        self.expected = expected
        self.given = given
        super().__init__(f"{what} needs a quantity of dimension {expected}; got {given}")


class TemperatureError(UnitsError):
    """A temperature difference (``delta_degC``) where a temperature is meant, or the other way
    round, or a temperature below absolute zero; the message says what to write instead."""


class IncompatibleScalesError(UnitsError):
    """Hardness scales (Brinell, Vickers, Rockwell) measure different things and never convert."""


class DataError(MgAlloysError, ValueError):
    """A bundled or user-supplied data row that breaks the data rules; the message names the row."""


class ExportError(MgAlloysError, ValueError):
    """An export that cannot be written as asked (unknown format or unit system, bad options)."""


class ExportValueError(ExportError):
    """A value no exported file may carry: not finite after conversion into the export's unit
    system, or outside its physical range (Poisson's ratio outside (-1, 0.5)).

    ``record`` and ``property`` name the value; ``why`` says what is wrong with it.
    """

    def __init__(self, record: str, property: str, why: str) -> None:
        self.record = record
        self.property = property
        self.why = why
        super().__init__(f"{record}: {property} {why}; it is never written to a file")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.record, self.property, self.why))


class MissingDataError(MgAlloysError, LookupError):
    """A card or table needs a value the record does not have; ``partial=True`` leaves it out.

    ``record`` and ``property`` name what is missing, ``card`` what needed it.
    """

    def __init__(self, record: str, property: str, card: str, accepted: str = "") -> None:
        self.record = record
        self.property = property
        self.card = card
        self.accepted = accepted
        which = f" {accepted}" if accepted else ""
        super().__init__(
            f"{record} has no{which} {property} value, which {card} needs; values are never invented: "
            "pass partial=True (CLI: --partial) to leave the card out and say so in the file"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.record, self.property, self.card, self.accepted))


class CitationStyleError(MgAlloysError, ValueError):
    """A citation style that is not ``bibtex``, ``csl-json`` or ``text``."""


class TargetSyntaxError(MgAlloysError, ValueError):
    """A target text that cannot be read; ``position`` is the offending token's offset."""

    def __init__(self, text: str, position: int, message: str) -> None:
        self.text = text
        self.position = position
        self.message = message
        pointer = " " * position + "^"
        super().__init__(f"{message}\n  {text}\n  {pointer}")


class DesignationError(MgAlloysError, ValueError):
    """A string that is not a valid ASTM-style magnesium designation.

    ``part`` names the part that is wrong: ``"name"`` (not a designation at all), ``"letters"``,
    ``"digits"``, ``"variant"`` or ``"temper"``; ``known`` lists what that part accepts.
    """

    def __init__(self, text: str, part: str, problem: str, known: tuple[str, ...] = ()) -> None:
        self.text = text
        self.part = part
        self.known = known
        super().__init__(f"{text!r}: {problem}")


class ColumnNotFoundError(MgAlloysError, LookupError):
    """A column the screen needs is not mapped, or is mapped but absent from the frame."""


class PlotError(MgAlloysError, ValueError):
    """A chart request that cannot be drawn as asked (bad index, units key, target, output...)."""


class NoPlotDataError(MgAlloysError, LookupError):
    """The selected records have no values to plot for a property (or for the pair)."""


class MatplotlibMissingError(MgAlloysError, ImportError):
    """Charts need matplotlib, which is the optional ``plot`` extra."""


class UsageError(MgAlloysError, ValueError):
    """A command line that argparse accepts but the command cannot run as given (two options that
    exclude each other, an output path that is a folder...): the command exits 2 and says why."""

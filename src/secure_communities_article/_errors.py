"""The one exception type for bad data, bad arguments and bad files."""

from __future__ import annotations

#: How many problems one :class:`DataError` message spells out; the rest are counted.
MAX_REPORTED_PROBLEMS = 50


class DataError(ValueError):
    """Data that does not fit the schema or the source text.

    ``problems`` holds every ``(location, message)`` pair found, where a location is a
    JSON path such as ``$.quotes[3].span.end``; ``str()`` lists up to
    :data:`MAX_REPORTED_PROBLEMS` of them, one per line.
    """

    problems: tuple[tuple[str, str], ...]

    def __init__(self, problems: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            self.problems = (("$", "invalid data"),)
        shown = [f"{where}: {what}" for where, what in self.problems[:MAX_REPORTED_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problem(s)")
        if len(self.problems) == 1:
            message = shown[0]
        else:
            message = f"{len(self.problems)} problems:\n" + "\n".join(shown)
        super().__init__(message)

    @classmethod
    def at(cls, location: str, message: str) -> DataError:
        """One problem at one location."""
        return cls(((location, message),))


class NotFoundError(KeyError):
    """A strict lookup found nothing; the message names the closest ids or names."""

    def __init__(self, wanted: str, kind: str, candidates: tuple[str, ...]) -> None:
        self.wanted = wanted
        self.suggestions = _close_matches(wanted, candidates)
        message = f"no {kind} {wanted!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _close_matches(wanted: str, candidates: tuple[str, ...]) -> tuple[str, ...]:
    # difflib is imported only on this (error) path, never at import or load.
    import difflib

    lowered = {c.casefold(): c for c in candidates}
    found = difflib.get_close_matches(wanted.casefold(), list(lowered), n=5, cutoff=0.5)
    contains = [c for key, c in lowered.items() if wanted.casefold() in key and c not in found]
    return tuple([lowered[f] for f in found] + contains)[:5]


# Shown as the public names in tracebacks and reprs.
DataError.__module__ = NotFoundError.__module__ = "secure_communities_article"

"""The generated JSON Schema: it fits the model field for field, and jsonschema agrees with it."""

from __future__ import annotations

import copy
import typing
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import secure_communities_article as sca
from secure_communities_article._article import RECORD_TYPES, Article


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = sca.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def definition(schema: dict[str, Any], cls: type) -> dict[str, Any]:
    return schema if cls is Article else schema["$defs"][cls.__name__]


def test_schema_lists_exactly_the_model_fields_with_their_docs() -> None:
    schema = sca.json_schema()
    assert set(schema["$defs"]) == {cls.__name__ for cls in RECORD_TYPES if cls is not Article}
    for cls in RECORD_TYPES:
        entry = definition(schema, cls)
        fields = [f for f in attrs.fields(cls) if f.init]
        assert list(entry["properties"]) == [f.name for f in fields], cls
        assert entry["required"] == [f.name for f in fields], cls
        assert entry["additionalProperties"] is False
        for field in fields:
            assert entry["properties"][field.name]["description"] == field.metadata["doc"]


def test_allowed_values_are_the_literal_types() -> None:
    schema = sca.json_schema()
    checked = 0
    for cls in RECORD_TYPES:
        for name, annotation in typing.get_type_hints(cls).items():
            if typing.get_origin(annotation) is typing.Literal:
                prop = definition(schema, cls)["properties"][name]
                assert prop["enum"] == list(typing.get_args(annotation))
                checked += 1
    assert checked >= 10


def test_the_shipped_document_and_the_export_are_valid(
    validator: Any, shipped_document: dict[str, Any], article: sca.Article
) -> None:
    assert list(validator.iter_errors(shipped_document)) == []
    assert list(validator.iter_errors(article.to_dict())) == []


def set_at(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def delete_at(document: dict[str, Any], path: tuple[Any, ...]) -> None:
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


MUTATIONS = [
    ("unknown top-level field", lambda d: set_at(d, ("extra",), 1)),
    ("unknown nested field", lambda d: set_at(d, ("quotes", 0, "speaker_name"), "x")),
    ("wrong enum value", lambda d: set_at(d, ("quotes", 0, "kind"), "paraphrase")),
    ("wrong place type", lambda d: set_at(d, ("places", 0, "place_type"), "county")),
    ("string for an integer", lambda d: set_at(d, ("quotes", 0, "paragraph"), "2")),
    ("null for a required value", lambda d: set_at(d, ("metadata", "url"), None)),
    ("boolean for a number", lambda d: set_at(d, ("quantities", 0, "value"), True)),
    ("a date that is no date", lambda d: set_at(d, ("metadata", "published"), "17/06/2011")),
    ("missing field", lambda d: delete_at(d, ("events", 0, "status"))),
    ("object for a list", lambda d: set_at(d, ("stances", 0, "evidence"), {})),
    ("another schema version", lambda d: set_at(d, ("schema_version",), "1.0")),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutated_documents_fail_the_schema_and_the_loader(
    validator: Any, shipped_document: dict[str, Any], name: str, mutate: Any
) -> None:
    document = copy.deepcopy(shipped_document)
    mutate(document)
    assert list(validator.iter_errors(document)), name
    with pytest.raises(sca.DataError):
        sca.from_dict(document)


def all_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(all_paths(item, (*path, key)))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            found.extend(all_paths(item, (*path, position)))
    return found


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["full", "state", "2011-06-17", "ice", "", "x"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_whatever_the_loader_accepts_the_schema_accepts(
    validator: Any, shipped_document: dict[str, Any], data: st.DataObject
) -> None:
    """The schema is never stricter than the loader: a document it rejects, the loader rejects."""
    document = copy.deepcopy(shipped_document)
    paths = all_paths(shipped_document)
    path = data.draw(st.sampled_from(paths))
    if data.draw(st.booleans()):
        set_at(document, path, data.draw(json_values))
    elif isinstance(path[-1], str):
        delete_at(document, path)
    try:
        sca.from_dict(document)
    except sca.DataError:
        return  # the loader refuses it: whatever the schema says is allowed
    assert not list(validator.iter_errors(document)), path

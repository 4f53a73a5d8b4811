"""Checking requests and answers against X's OpenAPI spec (shared/data/x-openapi-v2/openapi.json).

Query parameters are checked against each operation's declared parameters (name, schema, form
style with comma-separated arrays); JSON request bodies and 2xx answers against the operation's
schemas, with every ``$ref`` resolved inside the spec.

Two documented allowances, both because the pinned spec (2.167) renamed "tweet" to "post" in its
REST operations while X's wire API, its documentation and every recorded real answer still say
"tweet":
- ``tweet.fields`` stands for the operation's ``post.fields`` and is checked against the spec's own
  ``tweet.fields`` parameter schema (defined on its stream operations); an operation's
  ``expansions`` also accept the spec's tweet expansion names (``referenced_tweets.id``).
- ``dm_event.fields`` also accepts ``sender_id`` and ``participant_ids``, which the spec's DmEvent
  schema defines but its field enum omits.
Error answers: X sends RFC 7807 problems with ``type: about:blank`` (401, 403) and a plain-text
429, none of which the spec's ``Problem`` union lists; those are checked for the RFC 7807 shape
(``title``/``detail``) instead, and problems of a type the spec names against that type's schema.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft4Validator

SPEC_PATH = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "x-openapi-v2" / "openapi.json"
)

_EXTRA_DM_FIELDS = {"sender_id", "participant_ids"}


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    regex: re.Pattern
    spec: dict


class Spec:
    def __init__(self, path: Path = SPEC_PATH):
        self.doc = json.loads(path.read_text(encoding="utf-8"))
        self.operations: list[Operation] = []
        for template, item in self.doc["paths"].items():
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template)) + "$"
            for method, op in item.items():
                if method in ("get", "post", "put", "delete", "patch"):
                    self.operations.append(
                        Operation(method.upper(), template, re.compile(pattern), op)
                    )
        # Literal paths before templated ones (/2/users/me before /2/users/{id}).
        self.operations.sort(key=lambda o: o.template.count("{"))
        self.tweet_fields = self._global_parameter("tweet.fields")
        self.tweet_expansions = self._tweet_expansions()

    # ----- lookup --------------------------------------------------------------------------------

    def resolve(self, node: dict) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            node = self._pointer(node["$ref"])
        return node

    def _pointer(self, ref: str) -> dict:
        node = self.doc
        for part in ref.lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def operation(self, method: str, path: str) -> Operation | None:
        for op in self.operations:
            if op.method == method.upper() and op.regex.match(path):
                return op
        return None

    def parameters(self, op: Operation) -> dict[str, dict]:
        result = {}
        for param in op.spec.get("parameters", []):
            param = self.resolve(param)
            result[param["name"]] = param
        return result

    def _global_parameter(self, name: str) -> dict:
        for op in self.operations:
            for param in op.spec.get("parameters", []):
                param = self.resolve(param)
                if param.get("name") == name:
                    return param
        raise KeyError(name)

    def _tweet_expansions(self) -> set[str]:
        values: set[str] = set()
        for op in self.operations:
            names = {self.resolve(p).get("name") for p in op.spec.get("parameters", [])}
            if "tweet.fields" not in names:
                continue
            for param in op.spec["parameters"]:
                param = self.resolve(param)
                if param.get("name") == "expansions":
                    values |= set(param["schema"]["items"].get("enum", []))
        return values

    @lru_cache(maxsize=None)  # noqa: B019 - one Spec per test session
    def validator(self, pointer: str) -> Draft4Validator:
        schema = {"allOf": [{"$ref": pointer}], "components": self.doc["components"]}
        return Draft4Validator(schema)

    # ----- checks --------------------------------------------------------------------------------

    def check_request(
        self, method: str, path: str, query: dict[str, str], body: object | None
    ) -> list[str]:
        op = self.operation(method, path)
        if op is None:
            return [f"{method} {path}: no such operation in the spec"]
        problems = []
        params = self.parameters(op)
        # Path parameters.
        names = re.findall(r"\{([^}]+)\}", op.template)
        for name, value in zip(names, op.regex.match(path).groups(), strict=True):
            problems += self._check_value(params[name], value, f"path {name}")
        for name, value in query.items():
            param = params.get(name)
            if name == "tweet.fields" and "post.fields" in params:
                param = self.tweet_fields
            if param is None or param.get("in") != "query":
                problems.append(f"{method} {op.template}: unknown query parameter {name}")
                continue
            schema = copy.deepcopy(self.resolve(param["schema"]))
            if name == "expansions" and "post.fields" in params:
                schema["items"]["enum"] = sorted(
                    set(schema["items"].get("enum", [])) | self.tweet_expansions
                )
            if name == "dm_event.fields":
                schema["items"]["enum"] = sorted(set(schema["items"]["enum"]) | _EXTRA_DM_FIELDS)
            problems += self._check_value({**param, "schema": schema}, value, f"query {name}")
        for name, param in params.items():
            if param.get("required") and param.get("in") == "query" and name not in query:
                problems.append(f"{method} {op.template}: missing required {name}")
        request_body = op.spec.get("requestBody")
        if request_body is not None:
            schema = request_body["content"]["application/json"]["schema"]
            if body is None:
                if request_body.get("required"):
                    problems.append(f"{method} {op.template}: missing JSON body")
            else:
                problems += [
                    f"{method} {op.template} body: {e.message}"
                    for e in self.validator(schema["$ref"]).iter_errors(body)
                ]
        elif body is not None:
            problems.append(f"{method} {op.template}: a body the spec does not expect")
        return problems

    def _check_value(self, param: dict, raw: str, where: str) -> list[str]:
        schema = self.resolve(param["schema"])
        value: object = raw
        kind = schema.get("type")
        if kind == "array":
            value = raw.split(",")  # form style, explode=false: one comma-separated value
        elif kind == "integer":
            try:
                value = int(raw)
            except ValueError:
                return [f"{where}: {raw!r} is not an integer"]
        validator = Draft4Validator({**schema, "components": self.doc["components"]})
        return [f"{where}: {e.message}" for e in validator.iter_errors(value)]

    def check_response(
        self, method: str, path: str, status: int, content_type: str, body: bytes
    ) -> list[str]:
        op = self.operation(method, path)
        if op is None:
            return [f"{method} {path}: no such operation in the spec"]
        responses = op.spec.get("responses", {})
        if 200 <= status < 300:
            spec = responses.get(str(status))
            if spec is None:
                return [f"{method} {op.template}: status {status} is not in the spec"]
            schema = spec["content"]["application/json"]["schema"]
            try:
                data = json.loads(body)
            except ValueError:
                return [f"{method} {op.template}: the {status} answer is not JSON"]
            return [
                f"{method} {op.template} {status}: {e.message} at {list(e.absolute_path)}"
                for e in self.validator(schema["$ref"]).iter_errors(data)
            ]
        if status == 429 and content_type.startswith("text/plain"):
            return []  # X's real 429 is plain text ("Rate limit exceeded")
        try:
            data = json.loads(body)
        except ValueError:
            return [f"{method} {op.template}: the {status} answer is not JSON"]
        if not isinstance(data, dict):
            return [f"{method} {op.template}: the {status} answer is not an object"]
        if "errors" in data and "title" not in data:
            return [
                f"{method} {op.template} {status}: {e.message}"
                for e in self.validator("#/components/schemas/Error").iter_errors(
                    data["errors"][0] if data["errors"] else {}
                )
            ]
        problems = []
        for key in ("title", "detail"):
            if not isinstance(data.get(key), str):
                problems.append(f"{method} {op.template} {status}: a problem without {key}")
        mapping = self.resolve({"$ref": "#/components/schemas/Problem"})["discriminator"]["mapping"]
        if data.get("type") in mapping:
            problems += [
                f"{method} {op.template} {status}: {e.message}"
                for e in self.validator(mapping[data["type"]]).iter_errors(data)
            ]
        return problems


def load_spec() -> Spec:
    """The spec, read once; a test that needs it is skipped where ../shared/data is absent."""
    if not SPEC_PATH.exists():
        import pytest

        pytest.skip(f"shared test data not present: {SPEC_PATH}")
    return _load_spec()


@lru_cache(maxsize=1)
def _load_spec() -> Spec:
    return Spec()

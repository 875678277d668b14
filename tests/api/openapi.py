"""openapi.py - checks live responses against docs/openapi.json.

Standard library only.  Supports the subset of OpenAPI 3.0 / JSON Schema
that docs/openapi.json uses: $ref to #/components/schemas/..., type
(object, array, string, integer, number, boolean), properties, required,
items, enum, nullable, additionalProperties (true or a schema).  Anything
else in a schema is an error of the spec, so the spec cannot silently use
a keyword this validator ignores.
"""
import json
import re

KNOWN = {"$ref", "type", "properties", "required", "items", "enum",
         "nullable", "additionalProperties", "description", "example",
         "format", "minimum", "maximum"}


class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)
        self.paths = []
        for tmpl, ops in self.doc["paths"].items():
            rx = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(tmpl)) + "$"
            self.paths.append((re.compile(rx), tmpl, ops))
        self.used = set()  # (template, method, status) seen live

    def resolve(self, s):
        while "$ref" in s:
            ref = s["$ref"]
            if not ref.startswith("#/components/schemas/"):
                raise ValueError("unsupported $ref %s" % ref)
            s = self.doc["components"]["schemas"][ref.split("/")[-1]]
        return s

    def operation(self, method, path):
        path = path.split("?")[0]
        for rx, tmpl, ops in self.paths:
            if rx.match(path):
                return tmpl, ops.get(method.lower())
        return None, None

    def check(self, method, path, status, body):
        """Returns a list of problems (empty = valid)."""
        tmpl, op = self.operation(method, path)
        if tmpl is None:
            return ["%s %s: path not in the spec" % (method, path)]
        if op is None:
            if status == 405:
                return []
            return ["%s %s: method not in the spec" % (method, tmpl)]
        resp = op["responses"].get(str(status))
        if resp is None:
            return ["%s %s: status %d not in the spec" % (method, tmpl,
                                                          status)]
        self.used.add((tmpl, method.upper(), status))
        content = resp.get("content", {}).get("application/json")
        if content is None:
            return []
        errs = []
        self.validate(body, content["schema"], "body", errs)
        return ["%s %s %d: %s" % (method, tmpl, status, e) for e in errs]

    def validate(self, v, s, where, errs):
        for k in s:
            if k not in KNOWN:
                errs.append("%s: schema keyword %s unsupported" % (where, k))
        s = self.resolve(s)
        if v is None:
            if not s.get("nullable"):
                errs.append("%s: null not allowed" % where)
            return
        t = s.get("type")
        ok = {
            None: True,
            "object": isinstance(v, dict),
            "array": isinstance(v, list),
            "string": isinstance(v, str),
            "integer": isinstance(v, int) and not isinstance(v, bool),
            "number": isinstance(v, (int, float)) and not isinstance(v, bool),
            "boolean": isinstance(v, bool),
        }.get(t, False)
        if not ok:
            errs.append("%s: expected %s, got %s" % (where, t,
                                                     type(v).__name__))
            return
        if "enum" in s and v not in s["enum"]:
            errs.append("%s: %r not in %r" % (where, v, s["enum"]))
        if t == "object":
            for r in s.get("required", []):
                if r not in v:
                    errs.append("%s: missing %s" % (where, r))
            props = s.get("properties", {})
            extra = s.get("additionalProperties", True)
            for k, x in v.items():
                if k in props:
                    self.validate(x, props[k], where + "." + k, errs)
                elif extra is False:
                    errs.append("%s: unexpected member %s" % (where, k))
                elif isinstance(extra, dict):
                    self.validate(x, extra, where + "." + k, errs)
        elif t == "array" and "items" in s:
            for i, x in enumerate(v):
                self.validate(x, s["items"], "%s[%d]" % (where, i), errs)

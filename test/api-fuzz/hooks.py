"""Schemathesis hooks for the api fuzz step of `npm test` (scripts/api-fuzz.ts)."""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """The integration batch import's body: one JSON value per line."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    items = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in items).encode()


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    """A schema-valid request may still be refused for what it means (an unknown login code, an
    implausible reading, a code already used): the stable error code says so. Only
    `validation_failed` means the document accepted what the server's own schema refuses, so only
    that is kept as a "schema-valid request rejected" failure."""
    if type(failure).__name__ != "RejectedPositiveData" or response is None:
        return True
    try:
        code = json.loads(response.content or b"{}").get("error", {}).get("code")
    except (ValueError, AttributeError):
        return True
    return code == "validation_failed"

"""openapi-python-client, pinned in requirements-clients.txt, with one change to how it names
things: a bracket ends a word, so the filter `value[gte]` becomes the argument `value_gte`
rather than `valuegte` (the generator drops characters it cannot use). Arguments as for
`openapi-python-client`.
"""

import openapi_python_client.strings as strings
from openapi_python_client.cli import app

_sanitize = strings.sanitize
strings.sanitize = lambda value: _sanitize(value.replace("[", "_").replace("]", ""))

app()

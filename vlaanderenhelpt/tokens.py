"""Single-use links: only a token's hash is stored, so a database copy opens nothing."""

import hashlib


def token_hash(token):
    return hashlib.sha256((token or "").encode()).hexdigest()

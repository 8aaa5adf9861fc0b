"""Password hashing with Argon2 (argon2-cffi's defaults: Argon2id, RFC 9106 low-memory profile).

Only hashes are stored. `verify_unknown` spends the same time as a real check, so that a login
for an address without an account takes as long as one with a wrong password.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("no account has this password")


def verify_unknown(password: str) -> bool:
    """A check against a hash no one has: always False, in the time a real check takes."""
    verify(_dummy_hash(), password)
    return False

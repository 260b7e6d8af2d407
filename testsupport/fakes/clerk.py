"""A Clerk stand-in: an RSA key whose JWKS is served on loopback, and Svix-signed webhooks."""

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from svix.webhooks import Webhook

TEST_ISSUER = "https://clerk.leaseline.test"
TEST_WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@cache
def rsa_key(name="default"):
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key, kid):
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return jwk


@dataclass
class ClerkIssuer:
    key: object
    kid: str
    issuer: str = TEST_ISSUER
    jwks_url: str = ""

    def claims(self, sub="user_test", **overrides):
        now = int(time.time())
        claims = {
            "sub": sub,
            "sid": f"sess_{uuid.uuid4().hex[:12]}",
            "iss": self.issuer,
            "iat": now,
            "nbf": now - 2,
            "exp": now + 60,
            "azp": "http://localhost:3000",
            "v": 2,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, sub="user_test", *, key=None, kid=None, headers=None, **overrides):
        return jwt.encode(
            self.claims(sub, **overrides),
            key or self.key,
            algorithm="RS256",
            headers={"kid": kid or self.kid, **(headers or {})},
        )


def svix_headers(body, *, secret=TEST_WEBHOOK_SECRET, msg_id=None, timestamp=None):
    timestamp = timestamp or datetime.now(UTC)
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    signature = Webhook(secret).sign(msg_id, timestamp, body)
    return {
        "HTTP_SVIX_ID": msg_id,
        "HTTP_SVIX_TIMESTAMP": str(int(timestamp.timestamp())),
        "HTTP_SVIX_SIGNATURE": signature,
    }


def clerk_user_payload(clerk_user_id="user_2g7nCLERK", email="john@example.com", first="John", last="Doe"):
    return {
        "object": "user",
        "id": clerk_user_id,
        "primary_email_address_id": "idn_primary",
        "email_addresses": [
            {"id": "idn_other", "object": "email_address", "email_address": "other@example.com"},
            {
                "id": "idn_primary",
                "object": "email_address",
                "email_address": email,
                "verification": {"status": "verified", "strategy": "ticket"},
            },
        ],
        "first_name": first,
        "last_name": last,
        "created_at": 1716883200000,
        "updated_at": 1716883200000,
    }


def clerk_event(event_type, data):
    return {"object": "event", "type": event_type, "instance_id": "ins_test", "timestamp": 1716883200, "data": data}

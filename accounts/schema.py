from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ClerkJWTScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ClerkJWTAuthentication"
    name = "clerkBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A Clerk session token (RS256).",
        }

-- The ID token a person signed in with through the OpenID provider, so that signing out ends their session
-- at the provider too (RP-initiated logout, its id_token_hint). Null for a sign-in with an API key; it goes
-- with the session's row.
ALTER TABLE console_sessions ADD COLUMN id_token text;

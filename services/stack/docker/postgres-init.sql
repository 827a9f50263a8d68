-- Run once by the postgres image on an empty data volume (see docker-compose.yml).
-- live_risk itself is created by POSTGRES_DB; this adds the schema registry's and Keycloak's own
-- databases, the same ones `live-risk stack up` creates on a local PostgreSQL.
CREATE DATABASE live_risk_registry;
CREATE DATABASE live_risk_keycloak;

-- CSP Desktop team database: run once as a PostgreSQL superuser, e.g.
--   psql -h db.council.local -U postgres -v ON_ERROR_STOP=1 -f team-database.sql
-- then set the two logins' passwords interactively (never in a file):
--   psql -h db.council.local -U postgres -c '\password csp_owner'
--   psql -h db.council.local -U postgres -c '\password csp_app'
-- See docs/team.md. Tested by tests/docs/test_team_database.py on PostgreSQL 15.

-- The owner: owns the schema, used only when a new version of the app upgrades it.
CREATE ROLE csp_owner LOGIN;
-- The application: what every officer's app connects as. Rows only, never the schema.
CREATE ROLE csp_app LOGIN;

CREATE DATABASE csp OWNER csp_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE csp FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE csp TO csp_app;

\connect csp
-- Nobody but the owner creates anything in the schema.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO csp_owner;
GRANT USAGE ON SCHEMA public TO csp_app;

-- Whatever the owner creates now or in later upgrades (tables, id sequences, search
-- functions), the application may read and change rows of, and nothing more.
ALTER DEFAULT PRIVILEGES FOR ROLE csp_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO csp_app;
ALTER DEFAULT PRIVILEGES FOR ROLE csp_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO csp_app;
ALTER DEFAULT PRIVILEGES FOR ROLE csp_owner IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO csp_app;

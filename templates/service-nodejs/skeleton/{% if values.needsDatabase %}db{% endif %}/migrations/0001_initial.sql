-- Migrations run in file-name order, each exactly once; never edit one that
-- has been applied anywhere, add the next number instead.
CREATE SCHEMA IF NOT EXISTS app;

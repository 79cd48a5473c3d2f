-- Issue 14: the overview across programmes. Each Handlingsplan version has a summary,
-- written with the version (totals, findings counts, job targets, achieved jobs, the
-- financing split by kind, the decisions that hold for it), so the overview reads rows
-- and never evaluates a plan per request. The financing columns are NULL when the
-- financing has errors. The versions written before this migration get theirs when the
-- store connects (`fill_summaries`: a plan is evaluated by the plan crate, which SQL
-- cannot do), before the store answers anything.
CREATE TABLE document_summaries (
    document_id            BIGINT NOT NULL,
    version                BIGINT NOT NULL,
    target_year            BIGINT NOT NULL,
    target_period          BIGINT NOT NULL,
    achieved               BIGINT NOT NULL,
    total_cost             BIGINT NOT NULL,
    financing_state        BIGINT,
    financing_county       BIGINT,
    financing_municipality BIGINT,
    financing_other        BIGINT,
    errors                 BIGINT NOT NULL,
    warnings               BIGINT NOT NULL,
    board_date             TEXT,
    board_reference        TEXT,
    council_date           TEXT,
    council_reference      TEXT,
    PRIMARY KEY (document_id, version),
    FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version)
);

-- The overview of one year: every programme's document of that kind and key.
CREATE INDEX documents_kind_key ON documents (kind, key, programme_id);
CREATE INDEX programmes_county ON programmes (county);
CREATE INDEX members_user ON members (user_id, programme_id);

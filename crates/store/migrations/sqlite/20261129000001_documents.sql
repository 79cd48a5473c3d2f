-- Issue 11: every versioned, approvable document has one shape. A document is addressed
-- by programme, kind and key (a Handlingsplan: its year; a document of which a programme
-- has one: ''), its versions and its decisions are rows of their own. The Handlingsplaner
-- move here from `plans`/`plan_versions` with every version (author, time, SHA-256,
-- frozen PDF) and every decision; the audit is not touched (it stays append-only).
CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    kind            TEXT NOT NULL,
    key             TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    status          TEXT NOT NULL,
    UNIQUE (programme_id, kind, key)
);

-- `decisions_from`: the first version whose decisions still hold for this one (the
-- version made by the first decision since the last draft); NULL for a draft.
CREATE TABLE document_versions (
    document_id    INTEGER NOT NULL REFERENCES documents (id),
    version        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    body           TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    author_id      INTEGER REFERENCES users (id),
    created_at     TEXT NOT NULL,
    decisions_from INTEGER,
    pdf            BLOB,
    PRIMARY KEY (document_id, version)
);

-- A decision (the board's, the council's …): which step, when, the case reference, who
-- recorded it and the version it made.
CREATE TABLE decisions (
    document_id INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    step        TEXT NOT NULL,
    date        TEXT NOT NULL,
    reference   TEXT NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    PRIMARY KEY (document_id, version, step),
    FOREIGN KEY (document_id, version) REFERENCES document_versions (document_id, version)
);

INSERT INTO documents (programme_id, kind, key, current_version, status)
SELECT programme_id, 'handlingsplan', CAST(year AS TEXT), current_version, status
FROM plans ORDER BY programme_id, year;

INSERT INTO document_versions (document_id, version, status, body, sha256, author_id,
                               created_at, decisions_from, pdf)
SELECT d.id, v.version, v.status, v.body, v.sha256, v.author_id, v.created_at,
       CASE v.status WHEN 'board-approved' THEN v.version
                     WHEN 'approved' THEN v.version - 1 END,
       v.pdf
FROM plan_versions v
JOIN documents d ON d.programme_id = v.programme_id AND d.kind = 'handlingsplan'
                AND d.key = CAST(v.year AS TEXT);

-- The board's decision made the board-approved version, the council's the approved one
-- (the old rows repeat the board's on the approved version: it is the same decision).
INSERT INTO decisions (document_id, version, step, date, reference, decided_by)
SELECT d.id, v.version, 'board', v.board_date, COALESCE(v.board_reference, ''), v.author_id
FROM plan_versions v
JOIN documents d ON d.programme_id = v.programme_id AND d.kind = 'handlingsplan'
                AND d.key = CAST(v.year AS TEXT)
WHERE v.status = 'board-approved' AND v.board_date IS NOT NULL;

INSERT INTO decisions (document_id, version, step, date, reference, decided_by)
SELECT d.id, v.version, 'council', v.council_date, COALESCE(v.council_reference, ''), v.author_id
FROM plan_versions v
JOIN documents d ON d.programme_id = v.programme_id AND d.kind = 'handlingsplan'
                AND d.key = CAST(v.year AS TEXT)
WHERE v.status = 'approved' AND v.council_date IS NOT NULL;

-- The old tables go (DROP TABLE fires no trigger; the copy above is complete).
DROP TRIGGER plan_versions_no_delete;
DROP TABLE plan_versions;
DROP TABLE plans;

-- Saved versions and decisions are never changed or removed: only the PDF of a frozen
-- version may be added.
CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
BEGIN
    SELECT RAISE(ABORT, 'document versions are append-only');
END;

CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'decisions are append-only');
END;

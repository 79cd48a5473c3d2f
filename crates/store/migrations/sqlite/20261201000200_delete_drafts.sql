-- A draft year that was never decided may be deleted (issue 17): its versions may go
-- with it. A version of a document that has any decision stays append-only.
DROP TRIGGER document_versions_no_delete;

CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
WHEN EXISTS (SELECT 1 FROM decisions WHERE document_id = OLD.document_id)
BEGIN
    SELECT RAISE(ABORT, 'document versions are append-only');
END;

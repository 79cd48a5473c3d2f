-- A draft year that was never decided may be deleted (issue 17): its versions may go
-- with it. A version of a document that has any decision stays append-only.
DROP TRIGGER document_versions_no_delete ON document_versions;

CREATE FUNCTION omstilling_versions_guard() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM decisions WHERE document_id = OLD.document_id) THEN
        RAISE EXCEPTION 'document versions are append-only';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER document_versions_no_delete BEFORE DELETE ON document_versions
    FOR EACH ROW EXECUTE FUNCTION omstilling_versions_guard();

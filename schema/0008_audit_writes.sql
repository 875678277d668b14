-- 0008: the last audit record of a change (every record but the audit
-- of a read) found without a scan, however many reads follow it: the
-- version of the ledger's data that caches of computed figures are
-- keyed by (audit.h lk_audit_version).
CREATE INDEX audit_writes ON audit(seq) WHERE action <> 'read';

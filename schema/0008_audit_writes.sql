-- 0008: the last audit record of a change of the data (any record but
-- those of access: reads, sign-ins and sign-outs) found without a scan,
-- however many such records follow it: the version of the ledger's data
-- that caches of computed figures are keyed by (audit.h
-- lk_audit_version).
CREATE INDEX audit_writes ON audit(seq)
	WHERE action NOT IN ('read', 'login', 'logout');

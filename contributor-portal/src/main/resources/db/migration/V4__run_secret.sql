-- The secret the enclave answered when it accepted a run: reading the run (its result, its receipt) takes it,
-- while the run's id is public (the log names it). Never logged, never shown.
alter table runs add column enclave_run_secret varchar(100);

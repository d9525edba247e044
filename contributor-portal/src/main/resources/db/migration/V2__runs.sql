-- Runs the portal asked its enclave for, and what came back: the result (the aggregates the contract lets
-- leave, shown only to its result recipients) and the enclave's signed receipt, byte for byte.
create table runs (
  id varchar(36) primary key,
  collaboration_id varchar(64) not null references collaborations (id),
  query_id varchar(36) not null references queries (id),
  contract_hash varchar(64) not null references contracts (contract_hash),
  fingerprint varchar(64) not null,
  enclave_url varchar(500) not null,
  enclave_run_id varchar(100) not null,
  status varchar(16) not null,
  phase varchar(40),
  step integer,
  steps integer,
  error_code varchar(64),
  error_message varchar(2000),
  simulated boolean not null,
  requested_by varchar(200) not null,
  requested_org varchar(200) not null,
  requested_at timestamp with time zone not null,
  finished_at timestamp with time zone,
  result_json varchar,
  output_digest varchar(64),
  receipt bytea
);

create index runs_by_collaboration on runs (collaboration_id, requested_at);

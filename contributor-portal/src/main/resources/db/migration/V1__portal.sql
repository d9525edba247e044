-- The contributor portal's schema: the same script for PostgreSQL (production, integration tests) and H2
-- (the embedded default).

create table collaborations (
  id varchar(64) primary key,
  name varchar(200) not null,
  created_by varchar(200) not null,
  created_at timestamp with time zone not null
);

create table collaboration_members (
  collaboration_id varchar(64) not null references collaborations (id),
  org varchar(200) not null,
  roles varchar(400) not null,
  primary key (collaboration_id, org)
);

create table contracts (
  contract_hash varchar(64) primary key,
  collaboration_id varchar(64) not null references collaborations (id),
  version_number integer not null,
  contract_json varchar not null,
  proposed_by varchar(200) not null,
  proposed_by_org varchar(200) not null,
  proposed_at timestamp with time zone not null,
  unique (collaboration_id, version_number)
);

-- The verifiable log: one Merkle tree per collaboration; a row is a leaf, its entry the signed bytes.
-- Rows are only ever inserted (CollaborationLog); an edited or deleted row no longer matches the
-- signed tree heads below, which the portal checks when it loads a log and every verifier checks.
create table log_entries (
  collaboration_id varchar(64) not null references collaborations (id),
  leaf_index bigint not null,
  entry bytea not null,
  signer varchar(16) not null,
  event varchar(64) not null,
  source varchar(300) not null,
  appended_at timestamp with time zone not null,
  primary key (collaboration_id, leaf_index),
  unique (collaboration_id, source)
);

create table tree_heads (
  collaboration_id varchar(64) not null references collaborations (id),
  tree_size bigint not null,
  signed_head bytea not null,
  primary key (collaboration_id, tree_size)
);

-- Each key broker's log key as first seen (trust on first use; docs/portal.md), and how far the
-- portal has read each source's signed entries of each contract (a broker, or one enclave instance:
-- its URL and attested key).
create table broker_keys (
  broker_url varchar(500) primary key,
  signing_key varchar(64) not null,
  first_seen timestamp with time zone not null
);

create table sync_cursors (
  source varchar(600) not null,
  contract_hash varchar(64) not null,
  last_sequence bigint not null,
  primary key (source, contract_hash)
);

-- Queries analysts proposed, with the query engine's check report as shown to the owners who approve.
create table queries (
  id varchar(36) primary key,
  collaboration_id varchar(64) not null references collaborations (id),
  contract_hash varchar(64) not null references contracts (contract_hash),
  sql_text varchar(20000) not null,
  parameters_json varchar(20000) not null,
  allowed boolean not null,
  fingerprint varchar(64),
  report_json varchar not null,
  proposed_by varchar(200) not null,
  proposed_by_org varchar(200) not null,
  proposed_at timestamp with time zone not null
);
create index queries_collaboration on queries (collaboration_id, proposed_at);

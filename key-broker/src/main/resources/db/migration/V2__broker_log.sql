-- The key broker's signed log (docs/key-broker.md, "The signed log"): its Ed25519 log key, sealed under
-- the master key like a dataset key, and the signed entries, append-only. The same script for
-- PostgreSQL and H2.

create table broker_log_key (
  id integer primary key,
  public_key varchar(43) not null,
  sealed_private_key bytea not null,
  master_key_id varchar(200) not null,
  created_at timestamp with time zone not null
);

-- The next sequence number. Appending locks this one row until the transaction commits, so entries
-- commit in sequence order with no gaps: a reader resuming "after" a sequence misses none.
create table broker_log_head (
  id integer primary key,
  next_sequence bigint not null
);
insert into broker_log_head (id, next_sequence) values (1, 1);

create table broker_log (
  sequence bigint primary key,
  contract_hash varchar(64),
  collaboration_id varchar(200),
  event varchar(32) not null,
  signed_entry bytea not null,
  logged_at timestamp with time zone not null
);
create index broker_log_contract on broker_log (contract_hash, sequence);

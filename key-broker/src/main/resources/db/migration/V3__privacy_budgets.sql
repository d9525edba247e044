-- The data owners' differential-privacy budgets (docs/key-broker.md, "Privacy budgets"): per contract and
-- owner, the epsilon that released keys have spent and how many releases were charged. A release is debited in
-- its own transaction, under a lock on the contract's row; nothing is ever refunded. The same script for
-- PostgreSQL and H2.

create table privacy_budgets (
  contract_hash varchar(64) not null,
  owner_org varchar(200) not null,
  spent_epsilon numeric(38, 18) not null,
  charges bigint not null,
  updated_at timestamp with time zone not null,
  primary key (contract_hash, owner_org)
);

-- What a release charged each owner of a differentially private dataset (or a refusal asked), and what each
-- such owner had left afterwards: canonical JSON {"owner": "decimal"}.
alter table release_log add column epsilon numeric(38, 18);
alter table release_log add column epsilon_left varchar(4000);

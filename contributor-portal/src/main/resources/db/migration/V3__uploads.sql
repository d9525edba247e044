-- Resumable uploads in progress (docs/portal.md#resumable-uploads): the partial bytes are a file in
-- portal.uploads.dir named by the upload's id; a row goes when the upload completes, is abandoned
-- or expires.
create table uploads (
  id varchar(36) primary key,
  collaboration_id varchar(64) not null references collaborations (id),
  dataset_id varchar(200) not null,
  owner_org varchar(200) not null,
  opened_by varchar(200) not null,
  declared_size bigint,
  received_bytes bigint not null,
  opened_at timestamp with time zone not null,
  expires_at timestamp with time zone not null
);
create index uploads_by_expiry on uploads (expires_at);
